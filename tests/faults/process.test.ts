import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/index.ts';
import { runScript, startBot } from '../helpers/bot.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-fault-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const dbPath = () => join(dir, 'data', 'stepwise.db');

describe('kill -9 mid-burst, then restart', () => {
  it('keeps every acknowledged answer, posts no drop twice, re-arms schedules, and still closes the open drop', async () => {
    // Set-up run: a schedule exists and a drop is open.
    const setup = await runScript(dir, '/quiz schedule add "0 9 * * *"\n');
    expect(setup.code).toBe(0);

    const bot = startBot(dir);
    await bot.waitFor(/Stepwise, in the terminal/);
    const people = 1500;
    const lines: string[] = [];
    for (let i = 0; i < people; i++) lines.push(`as p${i}`, `/quiz answer ${'ABCD'[i % 4]}`);
    bot.child.stdin.write(`${lines.join('\n')}\n`);
    // Kill as soon as 60 people have been told their result: the rest of the burst is in flight.
    const told = (out: string) => (out.match(/\[private · p\d+\]\n(?:✅|❌)/g) ?? []).length;
    await bot.waitFor((out) => told(out) >= 60);
    bot.child.kill('SIGKILL');
    expect((await bot.exited).signal).toBe('SIGKILL');

    const acknowledged = [...bot.stdout().matchAll(/\[private · (p\d+)\]\n(?:✅|❌)/g)].map((m) => m[1]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    expect(acknowledged.length).toBeLessThan(people); // killed mid-burst, not after it
    const db = new Database(dbPath());
    const stored = new Set(db.prepare('SELECT user_id FROM answers').pluck().all() as string[]);
    for (const who of acknowledged) expect(stored.has(who!)).toBe(true);
    expect(db.prepare('SELECT COUNT(*) FROM drops').pluck().get()).toBe(1);
    // Let the drop's window pass while the bot is down.
    db.prepare("UPDATE drops SET closes_at = closes_at - 2 * 86400000 WHERE state = 'open'").run();
    db.close();

    const restarted = await runScript(dir, '', { LOG_LEVEL: 'info' });
    expect(restarted.code).toBe(0);
    expect(restarted.stdout).toMatch(/🔔 Question #1 is closed\. The answer: B\) Data Preparation/);
    expect(restarted.stderr).toMatch(/"event":"scheduler.started","schedules":1/);
    const after = new Database(dbPath(), { readonly: true });
    expect(after.prepare("SELECT id, state FROM drops ORDER BY id").all()).toEqual([
      { id: 1, state: 'closed' },
      { id: 2, state: 'open' }, // the terminal posts a fresh question once the old one has closed
    ]);
    expect(after.prepare('SELECT COUNT(*) FROM answers').pluck().get()).toBe(stored.size);
    after.close();
  });
});

describe('signals', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s stops the scheduler, closes the database and exits 0 within 5 s', async (signal) => {
    const bot = startBot(dir, { LOG_LEVEL: 'info' });
    await bot.waitFor(/📝 Question #1/);
    bot.child.stdin.write('/quiz answer B\n');
    await bot.waitFor(/✅ Correct/);
    const sent = Date.now();
    bot.child.kill(signal);
    const { code } = await bot.exited;
    expect(code).toBe(0);
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect(bot.stderr()).toContain(`"event":"stepwise.stopping","reason":"${signal}"`);
    // A clean close checkpoints the WAL and removes it.
    expect(existsSync(`${dbPath()}-wal`)).toBe(false);
    const db = new Database(dbPath(), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM answers').pluck().get()).toBe(1);
    db.close();
  });
});

describe('two processes on one database', () => {
  it('catching up the same missed slot at the same time post one drop', async () => {
    // A schedule every minute, created a while ago, so both processes find the same missed slot.
    mkdirSync(join(dir, 'data'));
    const init = await runScript(dir, '/quiz schedule add "* * * * *"\n/quiz close\n');
    expect(init.code).toBe(0);
    const db = new Database(dbPath());
    db.prepare('UPDATE schedules SET created_at = created_at - 3600000').run();
    const before = db.prepare('SELECT COUNT(*) FROM drops').pluck().get() as number;
    db.close();
    const [a, b] = await Promise.all([runScript(dir, ''), runScript(dir, '')]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const check = new Database(dbPath(), { readonly: true });
    const scheduled = check.prepare('SELECT slot, COUNT(*) AS n FROM drops WHERE schedule_id IS NOT NULL GROUP BY slot').all() as { n: number }[];
    check.close();
    expect(scheduled.every((r) => r.n === 1)).toBe(true);
    expect(scheduled.length).toBeGreaterThanOrEqual(1);
    expect(before).toBe(1);
  });
});

describe('a database Stepwise cannot use', () => {
  it('refuses one from a newer version with a clear message, changing nothing', async () => {
    mkdirSync(join(dir, 'data'));
    const db = new Database(dbPath());
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.exec('CREATE TABLE future (x)');
    db.close();
    const { code, stdout, stderr } = await runScript(dir, '/quiz answer B\n');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `stepwise: The database is at schema version ${SCHEMA_VERSION + 1}, but this Stepwise only knows up to ${SCHEMA_VERSION}. Upgrade Stepwise, or point STEPWISE_DB at another file. Nothing was changed.\n`,
    );
    const after = new Database(dbPath(), { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['future']);
    after.close();
  });

  it('explains a path that cannot be written, without a stack trace', async () => {
    writeFileSync(join(dir, 'blocker'), 'a file where a folder should be');
    const { code, stderr } = await runScript(dir, '', { STEPWISE_DB: join(dir, 'blocker', 'stepwise.db') });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^stepwise: Cannot open the database at .*blocker\/stepwise\.db: .*Check STEPWISE_DB and the folder's permissions\.\n$/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
