/**
 * Two real Stepwise processes (the real entry point) on one database: SQLite always, PostgreSQL when
 * STEPWISE_TEST_PG names a server. Both run the scheduler and the sweep; people answer at either.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runScript, startBot, type Bot } from '../helpers/bot.ts';

const PG = process.env.STEPWISE_TEST_PG;
const MINUTE = 60_000;

/** One engine: the STEPWISE_DB to give both processes, and a way for the test to read and arrange rows. */
interface Engine {
  db: string;
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

function sqliteEngine(dir: string): Engine {
  const path = join(dir, 'data', 'stepwise.db');
  return {
    db: path,
    async query(sql) {
      const db = new Database(path);
      try {
        const stmt = db.prepare(sql);
        return stmt.reader ? (stmt.all() as Record<string, unknown>[]) : (stmt.run(), []);
      } finally {
        db.close();
      }
    },
    async close() {},
  };
}

async function postgresEngine(url: string): Promise<Engine> {
  const schema = `inst_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    db: u.toString(),
    query: async (sql) => (await pool.query(sql)).rows,
    async close() {
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

const ENGINES: { name: string; open: (dir: string) => Promise<Engine> }[] = [
  { name: 'sqlite', open: async (dir) => sqliteEngine(dir) },
  ...(PG ? [{ name: 'postgres', open: () => postgresEngine(PG) }] : []),
];

let dir: string;
let engine: Engine | undefined;
const bots: Bot[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill('SIGKILL');
  await engine?.close();
  engine = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const acksIn = (out: string) => [...out.matchAll(/\[private · ([abs]\d+)\]\n(?:✅|❌)/g)].map((m) => m[1]!);
const num = (v: unknown) => Number(v);

describe.each(ENGINES)('two instances on one $name database', ({ open }) => {
  it('post each slot once, store every acknowledged answer (first wins), send a reminder once, and survive kill -9 of one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-inst-'));
    engine = await open(dir);
    const env = { STEPWISE_DB: engine.db, LOG_LEVEL: 'info' };

    // Set-up run: an every-minute schedule, and rita answers the first question wrong and asks for a daily
    // reminder at 00:00 (so it is due at once, whatever the time).
    const setup = await runScript(dir, '/quiz schedule add "* * * * *"\nas rita\n/quiz answer A\n/quiz review daily 00:00\n', env);
    expect(setup.stderr).not.toMatch(/unexpected error/);
    expect(setup.code).toBe(0);
    // The schedule existed half an hour ago, so the current minute's slot is "missed" and both instances
    // race to catch it up at start; rita's card is due now.
    await engine.query(`UPDATE schedules SET created_at = created_at - ${30 * MINUTE}`);
    await engine.query('UPDATE cards SET due = 0');

    const [a, b] = [startBot(dir, env), startBot(dir, env)];
    bots.push(a, b);
    await Promise.all([a.waitFor(/Stepwise, in the terminal/), b.waitFor(/Stepwise, in the terminal/)]);

    // The missed slot is caught up by one of them (at start, or at a later sweep if the other held the
    // database at that moment).
    await Promise.race([a.waitFor(/📝 Question #2/, 60_000), b.waitFor(/📝 Question #2/, 60_000)]);
    // Slots: each (schedule, slot) at most once, and the caught-up slot posted by exactly one instance.
    const scheduled = await engine.query('SELECT slot, COUNT(*) AS n FROM drops WHERE schedule_id IS NOT NULL GROUP BY slot');
    expect(scheduled.length).toBeGreaterThanOrEqual(1);
    expect(scheduled.every((r) => num(r.n) === 1)).toBe(true);

    // Answers at both: 150 people at A, 150 at B, and 40 who answer at both (their first answer counts).
    const script = (prefix: string, n: number, letter = (i: number) => 'ABCD'[i % 4]) =>
      Array.from({ length: n }, (_, i) => `as ${prefix}${i}\n/quiz answer ${letter(i)}`).join('\n') + '\n';
    a.child.stdin.write(script('s', 40, () => 'B') + script('a', 150));
    b.child.stdin.write(script('s', 40, () => 'C') + script('b', 150));
    // kill -9 A mid-burst; B goes on.
    await a.waitFor((out) => acksIn(out).filter((w) => w.startsWith('a')).length >= 30, 60_000);
    a.child.kill('SIGKILL');
    await a.exited;
    await b.waitFor((out) => acksIn(out).filter((w) => w.startsWith('b')).length === 150, 60_000);

    const acked = new Set([...acksIn(a.stdout()), ...acksIn(b.stdout())]);
    const stored = await engine.query('SELECT user_id, COUNT(*) AS n FROM answers GROUP BY user_id');
    const storedIds = new Set(stored.map((r) => String(r.user_id)));
    expect([...acked].filter((who) => !storedIds.has(who))).toEqual([]);
    expect(stored.every((r) => num(r.n) === 1)).toBe(true);
    expect(acksIn(a.stdout()).filter((w) => w.startsWith('a')).length).toBeLessThan(150); // killed mid-burst
    // A shared person told "your first answer counts" at one instance was scored by the other's answer.
    expect(b.stdout()).not.toMatch(/\[private · s\d+\]\n(?:Something went wrong|.*unexpected)/);

    // Leaderboards agree whichever instance answers: a fresh instance beside B.
    const c = startBot(dir, env);
    bots.push(c);
    await c.waitFor(/Stepwise, in the terminal/);
    const board = async (bot: Bot) => {
      const before = bot.stdout().length;
      bot.child.stdin.write('as you\n/quiz leaderboard all\n');
      const out = await bot.waitFor((o) => /🏆 Leaderboard, all time[^\n]*\n(?:.*\n){10}/.test(o.slice(before)));
      return /🏆 Leaderboard, all time[^\n]*\n(?:.*\n){10}/.exec(out.slice(before))![0];
    };
    expect(await board(c)).toBe(await board(b));

    // The daily reminder goes out once, from whichever instance's sweep claims it.
    const reminders = () => [a, b, c].reduce((n, bot) => n + (bot.stdout().match(/\[private · rita\]\n⏰ Daily review/g) ?? []).length, 0);
    await Promise.race([b.waitFor(() => reminders() >= 1, 40_000), c.waitFor(() => reminders() >= 1, 40_000)]).catch(() => undefined);
    expect(reminders()).toBe(1);
    const sent = await engine.query(`SELECT last_sent FROM reminders WHERE user_id = 'rita'`);
    expect(sent[0]?.last_sent).toBeTruthy();

    // The survivors keep posting: the next minute's slot, once.
    const before = num((await engine.query('SELECT COUNT(*) AS n FROM drops WHERE schedule_id IS NOT NULL'))[0]!.n);
    const posts = () => (b.stdout() + c.stdout()).split('📝 Question #').length;
    const seen = posts();
    await Promise.race([b.waitFor(() => posts() > seen, 100_000), c.waitFor(() => posts() > seen, 100_000)]);
    // A drop claimed just before `before` was read may be printed only after `seen` was counted (its
    // claim and its post are two steps): then the next minute's slot is the new one to wait for.
    const scheduledDrops = async () => num((await engine!.query('SELECT COUNT(*) AS n FROM drops WHERE schedule_id IS NOT NULL'))[0]!.n);
    await vi.waitFor(async () => expect(await scheduledDrops()).toBeGreaterThan(before), { timeout: 100_000, interval: 500 });
    const after = await scheduledDrops();
    expect(after).toBeGreaterThan(before);
    const twice = await engine.query('SELECT slot FROM drops WHERE schedule_id IS NOT NULL GROUP BY slot HAVING COUNT(*) > 1');
    expect(twice).toEqual([]);
    const live = await engine.query(`SELECT COUNT(*) AS n FROM drops WHERE state IN ('open', 'posting')`);
    expect(num(live[0]!.n)).toBe(1);
    expect(reminders()).toBe(1); // a minute of sweeps later, still one

  }, 300_000);
});
