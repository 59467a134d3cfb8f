/** A workspace's zone: its leaderboard weeks and months follow it, whichever process is asked. */
import { periodsOf } from './boards.ts';
import { reasonOf, where, type TutorDeps } from './deps.ts';
import { UsageError } from './errors.ts';
import { isValidTimeZone } from './time.ts';
import type { Scope } from './types.ts';

/**
 * Most answers a recount reads per slice (one transaction): the store bounds a slice to this many answers
 * and drops read and twice as many totals written (a week and a month each), or this many old totals
 * looked at and deleted, and also ends a slice early once its time box (SLICE_BUDGET_MS in the store)
 * is spent. Each slice blocks the event loop for its reads, writes and commit (SQLite): at 1,000 answers
 * a slice took 20-25 ms of statements on a 1M-answer database; at 200, about 4 ms p50 at ten million
 * answers plus its commit (1-2 ms p50, more when the WAL is checkpointed). Smaller slices did not shorten
 * the commits' tail, only multiplied them. The `zone recount` rows of `npm run bench` time every slice.
 */
export const RECOUNT_SLICE = 200;

const QUARTER_HOUR = 15 * 60_000;

/**
 * `keysOf` computed once per quarter hour of answer time instead of once per answer (a zone's period
 * keys cost about 12 µs, as much as the answer's statements): a quarter hour's keys are cached only
 * when its first and last millisecond have the same keys, so any period boundary inside it (an odd
 * offset, a DST jump) falls back to the exact computation for each answer.
 */
export function quarterHourKeys(keysOf: (t: number, tz: string, gen: number) => string[] = periodsOf) {
  const cache = new Map<string, string[]>();
  return (t: number, tz: string, gen: number): string[] => {
    const q = Math.floor(t / QUARTER_HOUR);
    const id = `${tz}\u0000${gen}\u0000${q}`;
    const hit = cache.get(id);
    if (hit) return hit;
    const first = keysOf(q * QUARTER_HOUR, tz, gen);
    const last = keysOf(q * QUARTER_HOUR + QUARTER_HOUR - 1, tz, gen);
    if (first.join('\u0000') !== last.join('\u0000')) return keysOf(t, tz, gen);
    if (cache.size >= 10_000) cache.clear();
    cache.set(id, first);
    return first;
  };
}

/**
 * The zone is stored with the workspace the first time it is seen (STEPWISE_TZ then), so two processes
 * started with different STEPWISE_TZ keep one set of totals instead of rebuilding each other's.
 */
export function zoneOf(deps: TutorDeps, scope: Scope): Promise<string> {
  return deps.store.workspaces.zone(scope, deps.settings.tz);
}

/**
 * Changes the workspace's zone. Its week and month totals are recounted in the background, in slices
 * with a turn of the event loop between them; until the last slice switches them over, leaderboards
 * keep the old zone's periods and say they are being recounted. All-time totals do not depend on the zone.
 */
export async function setWorkspaceZone(deps: TutorDeps, scope: Scope, tz: string): Promise<string> {
  if (!isValidTimeZone(tz)) throw new UsageError(`"${tz.slice(0, 60)}" is not a time zone. Use an IANA name such as Europe/Berlin or America/New_York.`);
  const outcome = await deps.store.workspaces.changeZone(scope, tz);
  deps.log.info('workspace.zone_changed', { ...where(scope), tz, outcome });
  if (outcome === 'same') return `Leaderboard weeks and months here already follow ${tz}.`;
  void recount(deps, scope);
  if (outcome === 'cancelled') return `Leaderboard weeks and months here keep following ${tz}; the recount for another zone was stopped.`;
  return `Leaderboard weeks and months here will follow ${tz}. The totals are being recounted in the background; until then the boards keep the old weeks and say so.`;
}

/** Runs the workspace's recount (and the clean-up after it) to the end, one slice per turn of the event loop. */
export function recount(deps: TutorDeps, scope: Scope): Promise<void> {
  const key = `${scope.platform}\u0000${scope.workspace}`;
  const running = deps.recounts.get(key);
  if (running) {
    // A slice reads the recount's state afresh, so the running loop follows a newer change; `again`
    // keeps it from stopping on an 'idle' it saw just before that change.
    running.again = true;
    return running.done;
  }
  const entry = { again: false, done: Promise.resolve() };
  entry.done = (async () => {
    try {
      const keysOf = quarterHourKeys();
      do {
        entry.again = false;
        while ((await deps.store.workspaces.rebuildStep(scope, keysOf, RECOUNT_SLICE)) === 'more') await deps.yieldTurn();
      } while (entry.again);
      deps.log.info('workspace.totals_recounted', where(scope));
    } catch (err) {
      // The state is stored: the next change or the next start picks the recount up where it stopped.
      deps.log.error('workspace.recount_failed', { ...where(scope), reason: reasonOf(err) });
    } finally {
      deps.recounts.delete(key);
    }
  })();
  deps.recounts.set(key, entry);
  return entry.done;
}

/** Resumes every recount or clean-up a restart left unfinished. */
export async function resumeRecounts(deps: TutorDeps): Promise<void> {
  const scopes = await deps.store.workspaces.unfinished();
  await Promise.all(scopes.map((s) => recount(deps, s)));
}
