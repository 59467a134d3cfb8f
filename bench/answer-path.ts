/** Scenario 1: the full answer path against raw better-sqlite3 inserting the same rows. */
import { dispatch, parseText } from '../src/commands/index.ts';
import type { Database, Statement } from 'better-sqlite3';
import { deserialize, serialize } from 'node:v8';
import { benchWorld, progress, type Figure } from './lib.ts';

const USERS_PER_DROP = 1000;

/** One call the store made on SQLite: a prepared statement's method, or `exec` (the async port's BEGIN/COMMIT). */
interface Call {
  sql: string;
  method: 'run' | 'get' | 'all' | 'iterate' | 'exec';
  args: unknown[];
  /** Made while answers were being timed (not while a drop was posted between waves). */
  timed: boolean;
  /** The wave of answers it belongs to (the drop posted before a wave belongs to the wave before it; -1 before the first). */
  wave: number;
}

/**
 * Records every statement run on `db` (better-sqlite3's own BEGIN/COMMIT included, as they are prepared
 * statements too) until `stop()`, so the same work can be replayed without Stepwise's code.
 */
function recorder(db: Database) {
  const proto = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown>;
  const methods = ['run', 'get', 'all', 'iterate'] as const;
  const original = Object.fromEntries(methods.map((m) => [m, proto[m]!]));
  const calls: Call[] = [];
  let timed = false;
  let wave = -1;
  for (const m of methods) {
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      calls.push({ sql: this.source, method: m, args, timed, wave });
      return original[m]!.apply(this, args);
    };
  }
  const exec = db.exec;
  db.exec = function (this: Database, sql: string) {
    calls.push({ sql, method: 'exec', args: [], timed, wave });
    return exec.call(this, sql);
  } as Database['exec'];
  return {
    calls,
    timing(on: boolean) {
      if (on) wave++;
      timed = on;
    },
    stop() {
      for (const m of methods) proto[m] = original[m]!;
      db.exec = exec;
    },
  };
}

/**
 * Recorded calls (or rows) cut into chunks and kept off the JS heap, one serialized buffer per chunk:
 * a million live call objects would make every garbage collection of the timed runs slower (measured:
 * our path 16% slower at 100,000 answers with the recording alive), which is no cost of Stepwise's.
 */
function offHeap<T>(items: T[], chunkOf: (item: T, i: number) => number): Buffer[] {
  const chunks: T[][] = [];
  items.forEach((item, i) => (chunks[chunkOf(item, i)] ??= []).push(item));
  return Array.from(chunks, (c) => serialize(c ?? []));
}

/** Replays recorded calls on a fresh database with plain better-sqlite3, a chunk at a time. */
export function replayer(chunks: Buffer[]) {
  const raw = benchWorld();
  raw.db.pragma('synchronous = NORMAL');
  const statements = new Map<string, Statement>();
  let next = 0;
  return {
    /** Replays the next chunk's calls (untimed ones too, untimed); ms of the timed ones. */
    step(): number {
      if (next >= chunks.length) return 0;
      const calls = deserialize(chunks[next++]!) as Call[];
      let ms = 0;
      let start = 0;
      let timing = false;
      for (const c of calls) {
        if (c.timed !== timing) {
          const now = performance.now();
          if (c.timed) start = now;
          else ms += now - start;
          timing = c.timed;
        }
        if (c.method === 'exec') raw.db.exec(c.sql);
        else {
          let st = statements.get(c.sql);
          if (!st) statements.set(c.sql, (st = raw.db.prepare(c.sql)));
          const out = st[c.method](...(c.args as []));
          if (c.method === 'iterate') for (const _ of out as Iterable<unknown>);
        }
      }
      if (timing) ms += performance.now() - start;
      return ms;
    },
    cleanup: () => raw.cleanup(),
  };
}

/**
 * The full path over a fresh database, `inFlight` answers per wave (1 = one after another), a wave at a
 * time: `step(n)` runs the next `n` waves and returns the milliseconds the answers took.
 */
export function answerRun(total: number, inFlight: number, record = false) {
  const w = benchWorld();
  // NORMAL here and in the baselines: these ratios are the code's cost beside bare SQL. What FULL
  // (the default) adds is the durability scenario's figure.
  w.db.pragma('synchronous = NORMAL');
  // Recording slows our path down, so a recorded run is only replayed, never timed.
  const rec = record ? recorder(w.db) : { calls: [] as Call[], timing: (_: boolean) => {}, stop: () => {} };
  const channel = { platform: 'bench', workspace: 'W', channel: 'C' };
  const letters = ['A', 'B', 'C', 'D'];
  let now = Date.UTC(2026, 0, 5, 9);
  let replies = 0;
  let i = 0;
  return {
    w,
    calls: rec.calls,
    done: () => i >= total,
    answered: () => Math.min(i, total),
    async step(waves: number): Promise<number> {
      let ms = 0;
      try {
        // A drop per 1,000 people; each wave of `inFlight` answers arrives together, as in a busy channel.
        for (let n = 0; n < waves && i < total; n++, i += inFlight) {
          if (i % USERS_PER_DROP === 0) await w.tutor.postDrop({ channel }, (now += 60_000));
          rec.timing(true);
          const start = performance.now();
          const wave = await Promise.all(
            Array.from({ length: Math.min(inFlight, total - i) }, (_, k) =>
              dispatch(parseText(`answer ${letters[(i + k) % 4]}`), {
                tutor: w.tutor,
                actor: { id: `u${(i + k) % USERS_PER_DROP}`, name: `User ${(i + k) % USERS_PER_DROP}`, isAdmin: false },
                channel,
                now: now + 1000,
              }),
            ),
          );
          ms += performance.now() - start;
          rec.timing(false);
          replies += wave.filter((r) => r.view.kind === 'feedback').length;
        }
      } catch (err) {
        rec.stop();
        throw err;
      }
      if (i >= total) {
        rec.stop();
        if (replies !== total) throw new Error(`expected ${total} feedback replies, got ${replies}`);
      }
      return ms;
    },
  };
}

/** Runs `total` answers through the full path, `inFlight` at a time, recording its statements when `record` (a recorded run's rate means nothing). */
export async function fullPath(total: number, inFlight: number, label: string, record = false) {
  const run = answerRun(total, inFlight, record);
  const tick = progress(label);
  let ms = 0;
  while (!run.done()) {
    ms += await run.step(10);
    tick(run.answered(), total);
  }
  const perAnswer = run.calls.filter((c) => c.timed && c.method !== 'exec' && !/^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/.test(c.sql)).length / total;
  return { w: run.w, rate: total / (ms / 1000), calls: run.calls, perAnswer };
}

/** The same answer rows, straight into a fresh table with raw better-sqlite3, `perTransaction` rows per commit, a chunk at a time. */
function rawInserts(chunks: Buffer[], perTransaction: number) {
  const raw = benchWorld();
  raw.db.pragma('synchronous = NORMAL');
  raw.db.pragma('foreign_keys = OFF');
  const insert = raw.db.prepare(`INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points, answered_at, elapsed_ms, via)
    VALUES (@drop_id, @user_id, @platform, @workspace, @pack_id, @question_id, @choice, @correct, @points, @answered_at, @elapsed_ms, @via)`);
  const some = raw.db.transaction((rs: Record<string, unknown>[]) => rs.forEach((r) => insert.run(r)));
  let next = 0;
  return {
    /** Inserts the next chunk's rows; ms taken. */
    step(): number {
      if (next >= chunks.length) return 0;
      const rows = deserialize(chunks[next++]!) as Record<string, unknown>[];
      const start = performance.now();
      for (let i = 0; i < rows.length; i += perTransaction) some(rows.slice(i, i + perTransaction));
      return performance.now() - start;
    },
    cleanup: () => raw.cleanup(),
  };
}

/** Figures of one way of answering against the three baselines. */
function against(metric: string, rate: number, base: { single: number; batched: number; same: number }, batchedLabel: string): Figure[] {
  const row = (name: string, baseline: number, target?: boolean): Figure => ({
    scenario: 'answer path',
    metric: `${metric}: vs ${name}`,
    value: Math.round(rate),
    unit: '/s',
    baseline: Math.round(baseline),
    ratio: rate / baseline,
    ...(target ? { target: 'ratio >= 0.5', pass: rate / baseline >= 0.5 } : {}),
  });
  return [row('raw single-row transactions', base.single), row(batchedLabel, base.batched), row('the same statements without our code', base.same, true)];
}

/**
 * One way of answering (`inFlight` at a time) and its baselines, interleaved: first a recorded run
 * (not timed) gives the statements and the rows; then our path, the replay of those statements and the
 * raw inserts take turns, a chunk of about `chunk` answers each, so load from other work on a shared
 * machine falls on all of them alike. Answers/s of each.
 */
async function measured(total: number, inFlight: number, chunk: number, label: string, batches: number[]) {
  const waves = Math.max(1, Math.round(chunk / inFlight));
  const recorded = await fullPath(total, inFlight, `recording the statements, ${label}`, true);
  if (process.env.STEPWISE_BENCH_SHOW_SQL) {
    for (const c of recorded.calls.filter((c) => c.timed).slice(0, 40)) process.stderr.write(`${c.method} ${c.sql.replace(/\s+/g, ' ').slice(0, 140)}\n`);
  }
  // Chunk k holds waves k * waves … (k + 1) * waves - 1, and the drop posted before the next chunk.
  const calls = offHeap(recorded.calls, (c) => Math.floor(Math.max(0, c.wave) / waves));
  recorded.calls.length = 0;
  const answered = recorded.w.db.prepare('SELECT * FROM answers ORDER BY rowid').all() as Record<string, unknown>[];
  const rows = offHeap(answered, (_, i) => Math.floor(i / (waves * inFlight)));
  answered.length = 0;
  recorded.w.cleanup();
  const ours = answerRun(total, inFlight);
  const same = replayer(calls);
  const raws = batches.map((b) => rawInserts(rows, b));
  const ms = { ours: 0, same: 0, raws: raws.map(() => 0) };
  const tick = progress(`${label}: ours | same statements | raw inserts (${batches.join(', ')} per transaction)`);
  while (!ours.done()) {
    ms.ours += await ours.step(waves);
    ms.same += same.step();
    raws.forEach((r, j) => (ms.raws[j]! += r.step()));
    tick(ours.answered(), total);
  }
  ours.w.cleanup();
  same.cleanup();
  raws.forEach((r) => r.cleanup());
  const rate = (m: number) => total / (m / 1000);
  return { ours: rate(ms.ours), same: rate(ms.same), raws: ms.raws.map(rate), perAnswer: recorded.perAnswer };
}

/**
 * Scenario 1. The full path (parse, validate, dedupe, grade, score, store the answer, totals, name and
 * review card, build the private reply) with answers arriving 100 at a time, as in a busy channel, so
 * group commit applies; and one at a time, where every answer pays for its own commit. Each beside three
 * baselines from the same run, taking turns with it: the answer rows inserted one per transaction;
 * inserted in transactions of the size ours had (100, or 1); and every statement our path ran, replayed
 * in the same order and transactions with plain better-sqlite3 (what the SQL costs without Stepwise's
 * JavaScript).
 */
export async function answerPath(total: number): Promise<Figure[]> {
  const burst = await measured(total, 100, 1000, '100 in flight', [1, 100]);
  const n = Math.min(total, 20_000);
  const seq = await measured(n, 1, 200, 'one at a time', [1]);
  return [
    ...against(`100 in flight (${total.toLocaleString('en')})`, burst.ours, { single: burst.raws[0]!, batched: burst.raws[1]!, same: burst.same }, 'raw inserts 100 per transaction'),
    ...against(`one at a time (${n.toLocaleString('en')})`, seq.ours, { single: seq.raws[0]!, batched: seq.raws[0]!, same: seq.same }, 'raw inserts 1 per transaction (as ours)'),
    { scenario: 'answer path', metric: 'statements per answer (besides BEGIN/COMMIT), one at a time', value: Math.round(seq.perAnswer * 100) / 100, unit: '' },
  ];
}
