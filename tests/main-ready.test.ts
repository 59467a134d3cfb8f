/** The entry point's ready line is a promise: from then on a SIGTERM is a clean shutdown. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from './helpers/bot.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('stepwise.ready', () => {
  it('is logged only once SIGTERM is handled: a stop sent the moment it appears exits 0', async () => {
    // Signalling on the line itself is what a supervisor or a benchmark does; several starts at once
    // make the race (line written, handler not yet installed → killed with 143) show reliably.
    const results = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'stepwise-ready-'));
        dirs.push(dir);
        const bot = startBot(dir, { LOG_LEVEL: 'info' });
        let sent = false;
        bot.child.stderr.on('data', () => {
          if (sent || !bot.stderr().includes('"event":"stepwise.ready"')) return;
          sent = true;
          bot.child.kill('SIGTERM');
        });
        const exit = await bot.exited;
        return { ...exit, stopping: bot.stderr().includes('"event":"stepwise.stopping","reason":"SIGTERM"') };
      }),
    );
    expect(results).toEqual(Array.from({ length: 6 }, () => ({ code: 0, signal: null, stopping: true })));
  });
});
