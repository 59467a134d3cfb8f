/** Faults from outside the process, through the real entry point: the sweep's writes failing, bad settings. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScript, startBot, type Bot } from '../helpers/bot.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-sched-fault-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const dbPath = () => join(dir, 'data', 'stepwise.db');

/** Resolves once the bot's stderr matches `re` (checked as output arrives; no sleeps). */
function stderrMatches(bot: Bot, re: RegExp, timeoutMs = 40_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!re.test(bot.stderr())) return;
      done();
      resolve(bot.stderr());
    };
    const timer = setTimeout(() => (done(), reject(new Error(`timed out waiting for ${re} on stderr:\n${bot.stderr().slice(-2000)}`))), timeoutMs);
    const done = () => (clearTimeout(timer), bot.child.stderr.off('data', check));
    bot.child.stderr.on('data', check); // after the helper's own listener, so stderr() already holds the chunk
    void bot.exited.then(({ code }) => (done(), reject(new Error(`exited with ${code} before ${re} on stderr:\n${bot.stderr().slice(-2000)}`))));
    check();
  });
}

/** Every stderr line is one JSON object: no stack trace, no node-cron console output. */
function expectJsonLines(stderr: string): void {
  const lines = stderr.split('\n').filter(Boolean);
  for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
  expect(stderr).not.toMatch(/\n\s+at |NODE-CRON|\x1b\[/);
}

describe('the sweep cannot write', () => {
  it('survives, logs one JSON line per failure, keeps answering, and closes the drop once the fault is gone', { timeout: 60_000 }, async () => {
    const setup = await runScript(dir, '');
    expect(setup.code).toBe(0);
    const db = new Database(dbPath());
    // Question #1 is due to close, and every write to drops fails as on a full disk.
    db.prepare("UPDATE drops SET closes_at = ? WHERE id = 1 AND state = 'open'").run(Date.now() - 60_000);
    db.exec("CREATE TRIGGER disk_full BEFORE UPDATE ON drops BEGIN SELECT RAISE(FAIL, 'disk full'); END");

    const bot = startBot(dir, { LOG_LEVEL: 'info' });
    await stderrMatches(bot, /"event":"scheduler.step_failed","step":"close","reason":"disk full","failures":1/);
    await stderrMatches(bot, /"event":"stepwise.ready"/);
    bot.child.stdin.write('/quiz answer B\n');
    await bot.waitFor(/This question has closed, so your answer was not scored/);

    db.exec('DROP TRIGGER disk_full');
    db.close();
    await bot.waitFor(/🔔 Question #1 is closed\./, 40_000);
    await stderrMatches(bot, /"event":"scheduler.step_recovered","step":"close"/);
    bot.child.stdin.end('');
    expect((await bot.exited).code).toBe(0);
    expectJsonLines(bot.stderr());
    const after = new Database(dbPath(), { readonly: true });
    expect(after.prepare('SELECT state FROM drops WHERE id = 1').pluck().get()).toBe('closed');
    after.close();
  });
});

describe('settings the scheduler cannot honour', () => {
  it('refuses a huge STEPWISE_WINDOW at start, naming it, before any post', async () => {
    const { code, stdout, stderr } = await runScript(dir, '/quiz drop\n', { STEPWISE_WINDOW: '999999999d' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('stepwise: STEPWISE_WINDOW="999999999d" is too long: STEPWISE_WINDOW must be at most 30d (how long a question stays open).\n');
  });

  it('refuses a schedule more often than once a minute with a short answer', async () => {
    const { code, stdout, stderr } = await runScript(dir, '/quiz schedule add "*/10 * * * * *"\n/quiz schedule list\n');
    expect(code).toBe(0);
    expect(stdout).toContain('"*/10 * * * * *" would post more than once a minute (seconds field "*/10"), and Stepwise posts at most once a minute.');
    expect(stdout).not.toMatch(/Schedule #\d+ added/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
