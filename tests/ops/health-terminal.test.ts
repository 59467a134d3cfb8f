/**
 * /healthz and /metrics through the real entry point (the terminal chat, STEPWISE_HTTP_PORT=0): the
 * database turning unwritable and back, a lock held by another connection, and a burst of answers
 * counted exactly.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../helpers/bot.ts';
import { get, opsPort, sample } from './http-helpers.ts';

let dir: string;
let bot: Bot | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-ops-'));
});
afterEach(async () => {
  if (bot) {
    bot.child.stdin.end();
    await bot.exited;
    bot = undefined;
  }
  rmSync(dir, { recursive: true, force: true });
});

const start = async () => {
  bot = startBot(dir, { STEPWISE_HTTP_PORT: '0', LOG_LEVEL: 'info' });
  return opsPort(bot);
};

describe('/healthz through the entry point', () => {
  it('is 200 while the database takes writes, 503 naming the database while a trigger refuses them, 200 again after', async () => {
    const port = await start();
    const ok = await get(port, '/healthz');
    expect(ok.status).toBe(200);
    // The terminal chat is no configured platform: nothing to be connected.
    expect(JSON.parse(ok.body)).toEqual({ ok: true, database: { ok: true }, platforms: {}, sweep: { ok: true } });

    const db = new Database(join(dir, 'data', 'stepwise.db'));
    db.exec(`CREATE TRIGGER refuse_probe BEFORE INSERT ON deliveries BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    const down = await get(port, '/healthz');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body)).toMatchObject({ ok: false, database: { ok: false, detail: expect.stringContaining('disk says no') }, sweep: { ok: true } });
    expect(sample((await get(port, '/metrics')).body, 'stepwise_database_writable')).toBe(0);

    db.exec('DROP TRIGGER refuse_probe');
    expect((await get(port, '/healthz')).status).toBe(200);
    expect(sample((await get(port, '/metrics')).body, 'stepwise_database_writable')).toBe(1);
    db.close();
  });

  it('is 503 while another connection holds the write lock, and 200 once it lets go', async () => {
    const port = await start();
    const db = new Database(join(dir, 'data', 'stepwise.db'));
    db.exec('BEGIN IMMEDIATE');
    const locked = await get(port, '/healthz');
    expect(locked.status).toBe(503);
    expect(JSON.parse(locked.body)).toMatchObject({ database: { ok: false } });
    db.exec('COMMIT');
    expect((await get(port, '/healthz')).status).toBe(200);
    db.close();
  });

  it('answers 404 on other paths and 405 on other methods', async () => {
    const port = await start();
    expect((await get(port, '/nope')).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});

describe('/metrics through the entry point', () => {
  it('counts a burst of answers exactly, by platform and way of answering, with one latency sample each', async () => {
    const port = await start();
    bot!.child.stdin.write('/quiz drop\n');
    await bot!.waitFor(/📝 Question #1/);
    const n = 40;
    // Everyone answers; a second answer from the first person is refused and must not count.
    const lines = Array.from({ length: n }, (_, i) => `as p${i}\n/quiz answer ${'ABCD'[i % 4]}\n`).join('') + 'as p0\n/quiz answer A\n';
    bot!.child.stdin.write(lines);
    await bot!.waitFor(/You already answered this one/);
    const body = (await get(port, '/metrics')).body;
    expect(sample(body, 'stepwise_answers_total{platform="local",via="command",kind="drop"}')).toBe(n);
    // The refused repeat still went through the answer path: n + 1 timings.
    expect(sample(body, 'stepwise_answer_duration_seconds_count{platform="local"}')).toBe(n + 1);
    expect(sample(body, 'stepwise_drops_posted_total{platform="local"}')).toBeGreaterThanOrEqual(1);
    expect(body).toMatch(/^stepwise_nodejs_eventloop_lag_seconds \d/m);
    expect(body).toMatch(/^# TYPE stepwise_sweep_duration_seconds histogram$/m);
    expect(body.split('\n').filter((l) => l && !l.startsWith('#')).every((l) => l.startsWith('stepwise_'))).toBe(true);
  });
});

describe('STEPWISE_HTTP_PORT in use', () => {
  it('stops with one line naming the variable, no stack', async () => {
    const { createServer } = await import('node:net');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      bot = startBot(dir, { STEPWISE_HTTP_PORT: String(port) });
      const { code } = await bot.exited;
      expect(code).toBe(1);
      expect(bot.stderr()).toBe(`stepwise: STEPWISE_HTTP_PORT=${port}: cannot listen (EADDRINUSE). Pick a free port.\n`);
    } finally {
      bot = undefined;
      taken.close();
    }
  });
});
