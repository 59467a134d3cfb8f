/** Benchmark helpers: a world over a temp database, percentiles, progress on stderr, and what sits beside an event-loop figure (an idle neighbour process, GC pauses). */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { createFolderSource } from '../src/content/folder.ts';
import { PackRegistry } from '../src/core/packs.ts';
import type { ChatPort, Logger } from '../src/core/ports.ts';
import { createTutor } from '../src/core/tutor.ts';
import { nodeCronCalendar } from '../src/scheduler/calendar.ts';
import { createSqliteStore, openDatabase } from '../src/store/index.ts';
import { createAsyncSqliteStore } from '../src/store/sqlite-async.ts';
import type { AsyncStore } from '../src/store/async-port.ts';

export const CONTENT = join(import.meta.dirname, '..', 'content');
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A chat that accepts every post at once: the benchmark measures Stepwise, not a network. */
export function nullChat(platform: string): ChatPort {
  let n = 0;
  return { platform, postDrop: async () => `m${++n}`, postReveal: async () => {} };
}

/** A tutor over any store, with bench settings (a 400-day answer window, so old drops stay answerable). */
export function benchTutor(store: AsyncStore, platform = 'bench', tz = 'UTC') {
  const chat = nullChat(platform);
  const tutor = createTutor({
    store,
    packs: new PackRegistry(createFolderSource(CONTENT)),
    calendar: nodeCronCalendar,
    log: quiet,
    settings: { tz, windowMs: 400 * 86_400_000, catchupMs: 3_600_000, easyMs: 15_000 },
    chat: (p) => (p === platform ? chat : undefined),
    defer: setImmediate,
  });
  tutor.reload();
  return tutor;
}

/** A tutor over a fresh database file in a temp folder. */
export function benchWorld(platform = 'bench', tz = 'UTC') {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-'));
  const db = openDatabase(join(dir, 'bench.db'));
  const store = createSqliteStore(db);
  const tutor = benchTutor(createAsyncSqliteStore(db), platform, tz);
  return { dir, db, store, tutor, cleanup: () => (db.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** The q-th quantile (0..1) of `xs`. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

/** Progress on stderr, at most every 500 ms, so a long scenario shows it is alive. */
export function progress(label: string) {
  let last = 0;
  return (done: number, total: number) => {
    const now = Date.now();
    if (now - last < 500 && done < total) return;
    last = now;
    process.stderr.write(`\r  ${label}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${Math.round((done / total) * 100)}%)   ${done >= total ? '\n' : ''}`);
  };
}

/** Milliseconds taken by `fn`. */
export function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** One measured figure of a scenario. */
export interface Figure {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  /** value / baseline, or baseline / value for times, so "higher is better" reads the same. */
  ratio?: number;
  target?: string;
  pass?: boolean;
}

/**
 * An idle Node process beside the one measured, watching its own event loop: what the machine alone
 * (other processes, the measured process's busy threads on a shared core) does to a loop that runs no
 * code. `stop()` gives its worst delay in ms, measured over the same time as the figure it stands beside.
 */
export async function idleNeighbour(): Promise<{ stop(): Promise<number> }> {
  const script = `const { monitorEventLoopDelay } = require('node:perf_hooks');
const h = monitorEventLoopDelay({ resolution: 1 });
h.enable();
process.on('message', () => { h.disable(); process.send(h.max / 1e6, () => process.exit(0)); });
process.send('ready');`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await once(child, 'message');
  return {
    async stop() {
      child.send('stop');
      const [max] = (await once(child, 'message')) as [number];
      return max;
    },
  };
}

/**
 * This thread's garbage-collection pauses from this call on: `within(from, to)` sums those that began in
 * that interval (performance.now() times), `stop(from)` gives the longest that began at `from` or later, in ms.
 */
export function gcPauses(): { within(from: number, to: number): number; stop(from?: number): number } {
  const pauses: { start: number; ms: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, ms: e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  // Entries are delivered asynchronously: those still queued are taken first.
  const take = () => {
    for (const e of observer.takeRecords()) pauses.push({ start: e.startTime, ms: e.duration });
  };
  return {
    within(from, to) {
      take();
      return pauses.reduce((sum, p) => (p.start >= from && p.start < to ? sum + p.ms : sum), 0);
    },
    stop(from = 0) {
      take();
      observer.disconnect();
      return pauses.reduce((m, p) => (p.start >= from ? Math.max(m, p.ms) : m), 0);
    },
  };
}
