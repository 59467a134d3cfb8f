import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../helpers/bot.ts';
import { checkConsistency } from '../helpers/consistency.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const CYCLES = 20;
const PEOPLE = 300;

describe('kill -9 during a burst, twenty times over', () => {
  it('loses no acknowledged answer and leaves a consistent database after every kill', async () => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-kill-'));
    const dbPath = join(dir, 'data', 'stepwise.db');
    const acknowledged = new Set<string>();
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const bot = startBot(dir);
      await bot.waitFor(/Stepwise, in the terminal/);
      const lines: string[] = [];
      // Every few cycles an admin closes the question mid-burst, so kills also land around closes and posts.
      for (let i = 0; i < PEOPLE; i++) {
        lines.push(`as c${cycle}p${i}`, `/quiz answer ${'ABCD'[i % 4]}`);
        if (cycle % 3 === 1 && i === PEOPLE / 2) lines.push('as you', '/quiz close', '/quiz drop');
      }
      bot.child.stdin.write(`${lines.join('\n')}\n`);
      const told = (out: string) => (out.match(/\[private · c\d+p\d+\]\n(?:✅|❌)/g) ?? []).length;
      const target = 20 + ((cycle * 37) % 120); // kill at a different point of the burst each time
      await bot.waitFor((out) => told(out) >= target);
      bot.child.kill('SIGKILL');
      await bot.exited;
      for (const m of bot.stdout().matchAll(/\[private · (c\d+p\d+)\]\n(?:✅|❌)/g)) acknowledged.add(m[1]!);

      const db = new Database(dbPath, { readonly: true });
      const stored = new Set(db.prepare('SELECT user_id FROM answers').pluck().all() as string[]);
      db.close();
      const lost = [...acknowledged].filter((who) => !stored.has(who));
      expect(lost, `cycle ${cycle}`).toEqual([]);
      expect(checkConsistency(dbPath), `cycle ${cycle}`).toEqual([]);
    }
    expect(acknowledged.size).toBeGreaterThan(CYCLES * 20);
  }, 300_000);
});
