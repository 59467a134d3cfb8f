/** Everything the tutor's functions share, assembled once by `createTutor`. */
import type { PackRegistry, PackSet } from './packs.ts';
import type { ChatPort, CronCalendar, Logger, Pictures, Store } from './ports.ts';
import type { ReplyFile, View } from './views.ts';
import type { WriteBatcher } from './write-batch.ts';
import type { Schedule, Scope } from './types.ts';

/** Tunables from the configuration. */
export interface TutorSettings {
  /** Time zone a workspace gets when first seen (its schedules, leaderboard periods and reply times). */
  tz: string;
  /** How long a drop stays open unless the channel's next drop closes it first (default for workspaces). */
  windowMs: number;
  /** Whether reactions count as answers, in workspaces that did not choose (default true). */
  reactions?: boolean;
  /** A slot missed while the bot was down is still posted when it is at most this old. */
  catchupMs: number;
  /** A right answer within this time rates Easy for spaced review (else Good). */
  easyMs: number;
}

/** The tutor's collaborators. */
export interface TutorDeps {
  store: Store;
  packs: PackRegistry;
  calendar: CronCalendar;
  log: Logger;
  settings: TutorSettings;
  /** The chat of a running adapter, by platform name; undefined when that platform is not running. */
  chat(platform: string): ChatPort | undefined;
  /** Group commit for the answer path: answers arriving together share one transaction. */
  writes: WriteBatcher;
  /** Tells the scheduler a schedule was armed or disarmed, so its timer follows. */
  scheduleChanged(type: 'armed' | 'disarmed', schedule: Schedule): void;
  /** Drops this process is posting right now: not stale, however slow the platform is. */
  posting: Set<number>;
  /** Draws pictures of views; absent when pictures are off (STEPWISE_PICTURES=off) or in core tests. */
  pictures?: Pictures;
  /** Lets the event loop take other work before the caller goes on (between slices of a recount). */
  yieldTurn(): Promise<void>;
  /** Totals recounts this process is running, by workspace: asked again while running, they loop once more. */
  recounts: Map<string, { again: boolean; done: Promise<void> }>;
}

/** The files to send with `view`: its picture, or undefined when it has none (the text goes alone). */
export async function picturesOf(deps: Pick<TutorDeps, 'pictures' | 'log'>, view: View): Promise<ReplyFile[] | undefined> {
  if (!deps.pictures) return undefined;
  try {
    const file = await deps.pictures.draw(view);
    return file ? [file] : undefined;
  } catch (err) {
    deps.log.warn('picture.failed', { view: view.kind, reason: reasonOf(err) });
    return undefined;
  }
}

/** Log fields naming a scope (and channel, when there is one). */
export function where(scope: Scope & { channel?: string }): Record<string, string>;
/** The same, followed by `extra`'s fields. */
export function where(scope: Scope & { channel?: string }, extra: Record<string, unknown>): Record<string, unknown>;
export function where(scope: Scope & { channel?: string }, extra?: Record<string, unknown>): Record<string, unknown> {
  const fields = scope.channel
    ? { platform: scope.platform, workspace: scope.workspace, channel: scope.channel }
    : { platform: scope.platform, workspace: scope.workspace };
  // Added to the new object, not spread into another one: V8 (Node 20) makes a new hidden class for
  // every object built by a spread and then extended, about 4 µs a log line on the answer path.
  return extra ? Object.assign(fields, extra) : fields;
}

/** A short reason from anything thrown, safe for logs and chat (no stack). */
export function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]!.slice(0, 300);
}

/** The packs a workspace sees: the built-ins and its own (read again when another instance changed them). */
export function packsIn(deps: Pick<TutorDeps, 'packs' | 'store'>, scope: Scope): Promise<PackSet> {
  return deps.packs.in(scope, deps.store);
}
