/**
 * /healthz: healthy only when the database takes a write, each configured platform is connected and
 * the scheduler swept within the last minute. The body names each part and what is wrong with it.
 */
import type { Connections } from './observe.ts';
import type { Metrics } from './metrics.ts';

/** The sweep runs every 15 s; four missed in a row is a stuck scheduler. */
export const SWEEP_STALE_MS = 60_000;
/** A probe write that takes longer than this counts as failed (a lock held elsewhere, a hung server). */
const PROBE_TIMEOUT_MS = 5_000;

/** What the check reads. */
export interface HealthDeps {
  now(): number;
  /** One small write through the Store port; rejects when the database does not take it. */
  probeWrite(now: number): Promise<unknown>;
  connections: Connections;
  /** When the last sweep finished, or when the process started before the first one. */
  lastSweepAt(): number;
  metrics?: Metrics;
}

/** One part of the answer. */
export interface Part {
  ok: boolean;
  detail?: string;
}

/** The body of /healthz. */
export interface Health {
  ok: boolean;
  database: Part;
  platforms: Record<string, Part>;
  sweep: Part;
}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Runs the checks once. */
export async function checkHealth(deps: HealthDeps): Promise<Health> {
  const now = deps.now();
  let database: Part;
  try {
    await within(deps.probeWrite(now), PROBE_TIMEOUT_MS);
    database = { ok: true };
  } catch (err) {
    database = { ok: false, detail: `not writable: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
  deps.metrics?.dbWritable.set(database.ok ? 1 : 0);
  const platforms: Record<string, Part> = {};
  for (const [name, up] of Object.entries(deps.connections.states())) platforms[name] = up ? { ok: true } : { ok: false, detail: 'not connected' };
  const age = now - deps.lastSweepAt();
  const sweep: Part = age <= SWEEP_STALE_MS ? { ok: true } : { ok: false, detail: `last sweep ${Math.round(age / 1000)} s ago` };
  const ok = database.ok && sweep.ok && Object.values(platforms).every((p) => p.ok);
  return { ok, database, platforms, sweep };
}
