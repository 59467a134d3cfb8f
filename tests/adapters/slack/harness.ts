/** A tutor on real SQLite with the REAL Slack adapter (Bolt's HTTP receiver) talking to the fake Slack. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { webApi } from '@slack/bolt';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/index.ts';
import { createFolderSource } from '../../../src/content/folder.ts';
import { PackRegistry } from '../../../src/core/packs.ts';
import type { ChatPort, Logger } from '../../../src/core/ports.ts';
import { createTutor, type Tutor } from '../../../src/core/tutor.ts';
import type { ChannelRef } from '../../../src/core/types.ts';
import { nodeCronCalendar } from '../../../src/scheduler/calendar.ts';
import { openDatabase } from '../../../src/store/index.ts';
import { createAsyncSqliteStore } from '../../../src/store/sqlite-async.ts';
import { createSlackSender, IDS, startFakeSlack, type ApiCall, type OpenedView, type ResponsePost, type SlackSender, type TypedValues } from '../../fakes/slack/index.ts';
import { manifestScopes } from '../../fakes/slack/manifest.ts';
import { Recorder } from '../../fakes/slack/recorder.ts';
import { CONTENT, T0 } from '../../helpers/world.ts';

export { IDS, T0 };
export const SIGNING_SECRET = 'stepwise-test-signing-secret';
/** Fast WebClient retries: one retry (a 429 needs one), no extra back-off. */
export const FAST_RETRIES: webApi.RetryOptions = { retries: 1, minTimeout: 0, maxTimeout: 0 };

/** One structured log line. */
export interface LogLine {
  level: string;
  event: string;
  fields: Record<string, unknown>;
}

/** A logger whose lines tests can await instead of sleeping. */
export function recordingLog(): { log: Logger; lines: Recorder<LogLine> } {
  const lines = new Recorder<LogLine>((l) => `${l.level}:${l.event}`);
  const at = (level: string) => (event: string, fields: Record<string, unknown> = {}) => lines.push({ level, event, fields });
  return { log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

/** Options for a Slack test world. */
export interface SlackWorldOptions {
  /** Content folder or file (default: the seed pack only). */
  content?: string;
  admins?: string[];
  windowMs?: number;
  /** Socket Mode instead of HTTP. */
  socket?: boolean;
  retryConfig?: webApi.RetryOptions;
  /** Give the bot token exactly the scopes slack/manifest.yml asks for (default: every scope). */
  scopesFromManifest?: boolean;
  /** Give the bot token exactly these scopes. */
  scopes?: readonly string[];
  /** How long a modal's submission may take before the adapter acks it anyway. */
  formAckBudgetMs?: number;
}

/** Starts the fake Slack, a tutor over a temp SQLite file, and the Slack adapter on a free port. */
export async function startSlackWorld(opts: SlackWorldOptions = {}) {
  const scopes = opts.scopes ?? (opts.scopesFromManifest ? manifestScopes() : undefined);
  // The fake's clock (trigger_id lifetimes, rate limits, response_url expiry): real time, moved on by `fakeClock.advance`.
  let fakeSkewMs = 0;
  const fake = await startFakeSlack({ ...(scopes ? { scopes } : {}), clock: () => Date.now() + fakeSkewMs });
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-slack-'));
  const db: Database.Database = openDatabase(join(dir, 'stepwise.db'));
  let now = T0;
  let tickMs = 0;
  const reads: number[] = [];
  // With `tick`, every read moves time on: which read stamped an answer then shows in its time.
  const clock = {
    now: () => {
      const t = now;
      now += tickMs;
      if (tickMs) reads.push(t);
      return t;
    },
  };
  const { log, lines } = recordingLog();
  const ports = new Map<string, ChatPort>();
  const tutor: Tutor = createTutor({
    store: createAsyncSqliteStore(db),
    packs: new PackRegistry(createFolderSource(opts.content ?? join(CONTENT, '01-ml-lifecycle.md'))),
    calendar: nodeCronCalendar,
    log,
    settings: { tz: 'UTC', windowMs: opts.windowMs ?? 24 * 3_600_000, catchupMs: 3_600_000, easyMs: 15_000 },
    chat: (p) => ports.get(p),
    defer: setImmediate,
  });
  tutor.reload();
  const adapter: SlackAdapter = createSlackAdapter(tutor, {
    botToken: fake.botToken,
    ...(opts.socket ? { appToken: fake.appToken } : { signingSecret: SIGNING_SECRET }),
    port: 0,
    apiUrl: fake.apiUrl,
    admins: opts.admins ?? [],
    clock,
    log,
    retryConfig: opts.retryConfig ?? FAST_RETRIES,
    ...(opts.formAckBudgetMs !== undefined ? { formAckBudgetMs: opts.formAckBudgetMs } : {}),
  });
  ports.set(adapter.port.platform, adapter.port);
  await adapter.start();
  const sender: SlackSender = createSlackSender({ url: `http://127.0.0.1:${adapter.httpPort() ?? 0}/slack/events`, signingSecret: SIGNING_SECRET });
  const channel: ChannelRef = { platform: 'slack', workspace: IDS.team, channel: IDS.quizChannel };

  /** Sends `/quiz <text>` as `userId`; `response()` waits for the reply posted to its response_url. */
  async function command(userId: string, text: string, extra: { channelId?: string } = {}) {
    const fields = fake.payloads.slashCommand({ text, userId, userName: fake.state.user(userId)?.name ?? userId.toLowerCase(), ...(extra.channelId ? { channelId: extra.channelId } : {}) });
    const id = fields.response_url!.split('/').pop()!;
    const res = await sender.sendCommand(fields);
    return { res, fields, response: (): Promise<ResponsePost> => fake.waitForResponse((p) => p.id === id, { timeoutMs: 5000 }) };
  }

  /** Has an admin post a question in #quiz; returns the drop's ts, id and the blocks sent. */
  async function drop(adminId: string = IDS.admin) {
    const since = fake.calls.length;
    const { response } = await command(adminId, 'drop');
    const posted = await fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === undefined, { since, timeoutMs: 5000 });
    const reply = await response();
    const ts = String(posted.response.ts);
    const dropId = (await tutor.dropByMessage('slack', `${IDS.quizChannel}:${ts}`))?.id;
    if (dropId === undefined) throw new Error(`no drop recorded for ${ts}; reply: ${JSON.stringify(reply.body)}`);
    return { ts, dropId, posted, reply };
  }

  /** Where the recorded calls and response_url posts are now; pass to `ephemeralTo` to wait for what comes after. */
  const mark = (): Mark => ({ calls: fake.calls.length, responses: fake.responses.length });

  /**
   * Waits for the next private message to `userId` after `since`: an ephemeral posted through the
   * interaction's response_url (buttons, commands) or chat.postEphemeral (reactions, fallbacks).
   */
  const ephemeralTo = (userId: string, since: Mark = { calls: 0, responses: 0 }): Promise<Ephemeral> =>
    Promise.any([
      fake.waitForCall('chat.postEphemeral', (c) => c.body.user === userId, { since: since.calls, timeoutMs: 5000 }).then((c): Ephemeral => ({ via: 'chat.postEphemeral', body: c.body, call: c })),
      fake
        .waitForResponse((p) => p.user === userId && p.body.response_type === 'ephemeral' && p.status === 200, { since: since.responses, timeoutMs: 5000 })
        .then((p): Ephemeral => ({ via: 'response_url', body: p.body, post: p })),
    ]).catch((err: unknown) => {
      throw new Error(`no private message to ${userId}: ${err instanceof AggregateError ? err.errors.map(String).join('; ') : String(err)}`);
    });

  /**
   * Submits a modal the fake opened (the last one by default) with `typed` per block_id, as the person it
   * was opened for; the result's `json` is the ack body (`response_action: "errors"`, or undefined for a bare ack).
   */
  const submit = (typed: TypedValues, view?: OpenedView) => sender.sendAction(fake.viewSubmission(typed, view));

  return {
    fake,
    /** Moves the fake Slack's clock on (expiring trigger_ids) without touching the tutor's. */
    fakeClock: { advance: (ms: number) => void (fakeSkewMs += ms) },
    submit,
    tutor,
    adapter,
    sender,
    db,
    logs: lines,
    channel,
    clock: {
      set: (t: number) => void (now = t),
      advance: (ms: number) => void (now += ms),
      /** Every read from now on advances the clock by `ms` (0 stops); `reads` lists what was read. */
      tick: (ms: number) => void ((tickMs = ms), (reads.length = 0)),
      reads,
    },
    command,
    drop,
    mark,
    /** The adapter's ChatPort, as the core sees it. */
    port: () => adapter.port,
    ephemeralTo,
    dir,
    async cleanup() {
      await adapter.stop();
      await fake.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type SlackWorld = Awaited<ReturnType<typeof startSlackWorld>>;

/** Positions in the fake's call and response_url logs. */
export interface Mark {
  calls: number;
  responses: number;
}

/** A private message as it reached Slack, by either route. */
export interface Ephemeral {
  via: 'chat.postEphemeral' | 'response_url';
  body: Record<string, unknown>;
  call?: ApiCall;
  post?: ResponsePost;
}

/** Everything a message carried, as one string (to check that nothing unescaped was sent). */
export function sent(call: ApiCall | ResponsePost | Ephemeral): string {
  return JSON.stringify(call.body);
}
