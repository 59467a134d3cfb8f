/** Scenario 1: the full answer path against raw better-sqlite3 inserting the same rows. */
import { dispatch, parseText } from '../src/commands/index.ts';
import type { Database, Statement } from 'better-sqlite3';
import { benchWorld, progress, type Figure } from './lib.ts';

const USERS_PER_DROP = 1000;

/** One call the store made on SQLite: a prepared statement's method, or `exec` (the async port's BEGIN/COMMIT). */
interface Call {
  sql: string;
  method: 'run' | 'get' | 'all' | 'iterate' | 'exec';
  args: unknown[];
  /** Made while answers were being timed (not while a drop was posted between waves). */
  timed: boolean;
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
  for (const m of methods) {
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      calls.push({ sql: this.source, method: m, args, timed });
      return original[m]!.apply(this, args);
    };
  }
  const exec = db.exec;
  db.exec = function (this: Database, sql: string) {
    calls.push({ sql, method: 'exec', args: [], timed });
    return exec.call(this, sql);
  } as Database['exec'];
  return {
    calls,
    timing: (on: boolean) => void (timed = on),
    stop() {
      for (const m of methods) proto[m] = original[m]!;
      db.exec = exec;
    },
  };
}

/** Replays recorded calls on a fresh database with plain better-sqlite3; answers/s over the timed calls. */
function replay(calls: Call[], answers: number, label: string): number {
  const raw = benchWorld();
  raw.db.pragma('synchronous = NORMAL');
  const statements = new Map<string, Statement>();
  const tick = progress(label);
  let ms = 0;
  let start = 0;
  let timing = false;
  for (const [i, c] of calls.entries()) {
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
    if (i % 50_000 === 0) tick(i, calls.length);
  }
  if (timing) ms += performance.now() - start;
  tick(calls.length, calls.length);
  raw.cleanup();
  return answers / (ms / 1000);
}

/** Runs `total` answers through the full path, `inFlight` at a time (1 = one after another), recording its statements. */
export async function fullPath(total: number, inFlight: number, label: string, record = false) {
  const w = benchWorld();
  // NORMAL here and in the baselines: these ratios are the code's cost beside bare SQL. What FULL
  // (the default) adds is the durability scenario's figure.
  w.db.pragma('synchronous = NORMAL');
  // Recording slows our path down, so a recorded run is only replayed, never timed.
  const rec = record ? recorder(w.db) : { calls: [] as Call[], timing: (_: boolean) => {}, stop: () => {} };
  const channel = { platform: 'bench', workspace: 'W', channel: 'C' };
  const letters = ['A', 'B', 'C', 'D'];
  const tick = progress(label);
  let now = Date.UTC(2026, 0, 5, 9);
  let replies = 0;
  let ms = 0;
  try {
    // A drop per 1,000 people; each wave of `inFlight` answers arrives together, as in a busy channel.
    for (let i = 0; i < total; i += inFlight) {
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
      if (i % 5000 < inFlight) tick(i, total);
    }
  } finally {
    rec.stop();
  }
  tick(total, total);
  if (replies !== total) throw new Error(`expected ${total} feedback replies, got ${replies}`);
  const perAnswer = rec.calls.filter((c) => c.timed && c.method !== 'exec' && !/^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/.test(c.sql)).length / total;
  return { w, rate: total / (ms / 1000), calls: rec.calls, perAnswer };
}

/** The same answer rows, straight into a fresh table with raw better-sqlite3, `perTransaction` rows per commit. */
function rawInserts(rows: Record<string, unknown>[], perTransaction: number, label: string): number {
  const raw = benchWorld();
  raw.db.pragma('synchronous = NORMAL');
  raw.db.pragma('foreign_keys = OFF');
  const insert = raw.db.prepare(`INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points, answered_at, elapsed_ms, via)
    VALUES (@drop_id, @user_id, @platform, @workspace, @pack_id, @question_id, @choice, @correct, @points, @answered_at, @elapsed_ms, @via)`);
  const some = raw.db.transaction((rs: Record<string, unknown>[]) => rs.forEach((r) => insert.run(r)));
  const tick = progress(label);
  const start = performance.now();
  for (let i = 0; i < rows.length; i += perTransaction) {
    some(rows.slice(i, i + perTransaction));
    if (i % 5000 < perTransaction) tick(i, rows.length);
  }
  const ms = performance.now() - start;
  tick(rows.length, rows.length);
  raw.cleanup();
  return rows.length / (ms / 1000);
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
 * Scenario 1. The full path (parse, validate, dedupe, grade, score, store the answer, totals, name and
 * review card, build the private reply) with answers arriving 100 at a time, as in a busy channel, so
 * group commit applies; and one at a time, where every answer pays for its own commit. Each beside three
 * baselines from the same run: the answer rows inserted one per transaction; inserted in transactions of
 * the size ours had (100, or 1); and every statement our path ran, replayed in the same order and
 * transactions with plain better-sqlite3 (what the SQL costs without Stepwise's JavaScript).
 */
export async function answerPath(total: number): Promise<Figure[]> {
  const recorded = await fullPath(total, 100, 'recording the statements, 100 in flight', true);
  recorded.w.cleanup();
  const same = replay(recorded.calls, total, 'same statements, 100 in flight');
  recorded.calls.length = 0;
  const burst = await fullPath(total, 100, 'answer path, 100 in flight');
  const rows = burst.w.db.prepare('SELECT * FROM answers ORDER BY rowid').all() as Record<string, unknown>[];
  burst.w.cleanup();
  const single = rawInserts(rows, 1, 'raw inserts, one per transaction');
  const batched = rawInserts(rows, 100, 'raw inserts, 100 per transaction');

  const n = Math.min(total, 20_000);
  const seqRecorded = await fullPath(n, 1, 'recording the statements, one at a time', true);
  seqRecorded.w.cleanup();
  const seqSame = replay(seqRecorded.calls, n, 'same statements, one at a time');
  if (process.env.STEPWISE_BENCH_SHOW_SQL) {
    const one = seqRecorded.calls.filter((c) => c.timed).slice(0, 40);
    for (const c of one) process.stderr.write(`${c.method} ${c.sql.replace(/\s+/g, ' ').slice(0, 140)}\n`);
  }
  const sequential = await fullPath(n, 1, 'answer path, one at a time');
  const seqRows = sequential.w.db.prepare('SELECT * FROM answers ORDER BY rowid').all() as Record<string, unknown>[];
  sequential.w.cleanup();
  const seqSingle = rawInserts(seqRows, 1, 'raw inserts, one per transaction');
  return [
    ...against(`100 in flight (${total.toLocaleString('en')})`, burst.rate, { single, batched, same }, 'raw inserts 100 per transaction'),
    ...against(`one at a time (${n.toLocaleString('en')})`, sequential.rate, { single: seqSingle, batched: seqSingle, same: seqSame }, 'raw inserts 1 per transaction (as ours)'),
    { scenario: 'answer path', metric: 'statements per answer (besides BEGIN/COMMIT), one at a time', value: Math.round(seqRecorded.perAnswer * 100) / 100, unit: '' },
  ];
}
