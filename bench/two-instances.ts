/**
 * Scenario `two-instances`: two real Stepwise processes (the entry point, terminal chat) on one PostgreSQL
 * database take a burst of answers split between them, for one drop. Counts what was stored (every answer
 * once) and times the burst beside one process taking the whole burst alone, in the same run. Needs
 * STEPWISE_BENCH_PG (or STEPWISE_TEST_PG); each run works in its own schema, dropped after.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CONTENT, progress, type Figure } from './lib.ts';

const URL_ = process.env.STEPWISE_BENCH_PG ?? process.env.STEPWISE_TEST_PG;
const TSX = createRequire(import.meta.url).resolve('tsx');
const MAIN = join(import.meta.dirname, '..', 'src', 'main.ts');
const acks = (out: string) => (out.match(/\[private · p\d+\]\n(?:✅|❌)/g) ?? []).length;

/** One running instance: resolves `until(n)` once it has acknowledged n answers. */
function instance(db: string, cwd: string) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', STEPWISE_CONTENT: join(CONTENT, '01-ml-lifecycle.md'), STEPWISE_DB: db },
  });
  let out = '';
  const waiters: { n: number | RegExp; resolve: () => void }[] = [];
  const met = (n: number | RegExp) => (typeof n === 'number' ? acks(out) >= n : n.test(out));
  child.stdout.on('data', (d) => {
    out += d;
    for (const w of [...waiters]) if (met(w.n)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  });
  const until = (n: number | RegExp) => new Promise<void>((resolve) => (met(n) ? resolve() : waiters.push({ n, resolve })));
  return { child, until, exited: new Promise((r) => child.on('close', r)) };
}

async function burst(url: string, processes: number, total: number): Promise<{ ms: number; stored: number; people: number }> {
  const schema = `bench_two_${process.pid}_${processes}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-two-'));
  try {
    const first = instance(u.toString(), dir);
    await first.until(/📝 Question #1/); // the first instance posts the drop everyone answers
    const all = [first, ...Array.from({ length: processes - 1 }, () => instance(u.toString(), dir))];
    await Promise.all(all.map((i) => i.until(/Stepwise, in the terminal/)));
    const share = total / processes;
    const started = performance.now();
    all.forEach((inst, k) => {
      const lines: string[] = [];
      for (let i = k * share; i < (k + 1) * share; i++) lines.push(`as p${i}`, `/quiz answer ${'ABCD'[i % 4]}`);
      inst.child.stdin.write(`${lines.join('\n')}\n`);
    });
    await Promise.all(all.map((i) => i.until(share)));
    const ms = performance.now() - started;
    for (const i of all) i.child.stdin.end();
    await Promise.all(all.map((i) => i.exited));
    const rows = await admin.query(`SELECT COUNT(*)::int AS n, COUNT(DISTINCT user_id)::int AS people FROM ${schema}.answers`);
    return { ms, stored: rows.rows[0].n, people: rows.rows[0].people };
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Two instances against one, `total` answers each time. */
export async function twoInstances(total: number): Promise<Figure[]> {
  if (!URL_) {
    process.stderr.write('  two-instances: skipped (set STEPWISE_BENCH_PG or STEPWISE_TEST_PG to a PostgreSQL URL)\n');
    return [];
  }
  const tick = progress(`two instances on PostgreSQL, ${total.toLocaleString('en')} answers`);
  const one = await burst(URL_, 1, total);
  tick(1, 2);
  const two = await burst(URL_, 2, total);
  tick(2, 2);
  const rate = (r: { ms: number }) => total / (r.ms / 1000);
  return [
    { scenario: 'two instances (pg)', metric: `answers stored of ${total.toLocaleString('en')}, split over 2`, value: two.stored, unit: '', target: `= ${total}, each person once`, pass: two.stored === total && two.people === total },
    { scenario: 'two instances (pg)', metric: 'answers/s, 2 instances', value: Math.round(rate(two)), unit: '/s', baseline: Math.round(rate(one)), ratio: rate(two) / rate(one) },
  ];
}
