/** `/quiz settings` in the terminal, through the real entry point: an admin by name, the window, reactions, bad values. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScript } from '../helpers/bot.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('/quiz settings in the terminal', () => {
  it('names an admin, changes the window and turns reactions off; a bad window changes nothing', async () => {
    const script = [
      'as bob',
      '/quiz close',
      'as you',
      '/quiz settings window:99d reactions:off',
      '/quiz settings admins:bob window:2h reactions:off tz:Asia/Tokyo',
      'as bob',
      '/quiz close',
      '/quiz drop',
      'react B',
      '/quiz answer C',
      '/quiz settings',
      'as cy',
      '/quiz settings',
    ].join('\n');
    const { code, stdout, stderr } = await runScript(dir, script, { STEPWISE_WINDOW: '24h', STEPWISE_TZ: 'UTC' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('[private · bob]\n/quiz close is for admins.');
    expect(stdout).toContain('A question can stay open between 1m and 30d; 99d is outside that. Nothing was changed.');
    expect(stdout).toContain('Questions now stay open 2h (from the next question).');
    expect(stdout).toContain('Members of bob are now admins here too.');
    expect(stdout).toContain('You are now bob (admin).');
    // The question bob posts invites no reactions, and his reaction is not an answer; /quiz answer is.
    const second = stdout.split('\n\n').find((b) => b.includes('📝 Question #2')) ?? '';
    expect(second).toMatch(/Answer with \/quiz answer <letter>\. Closes /);
    expect(stdout).toContain('[private · bob]\n❌');
    expect(stdout).toContain('• Questions stay open: 2h\n• Admins: the platform\'s own admins, and members of bob\n• Reactions count as answers: off');
    expect(stdout).toContain('• Time zone: Asia/Tokyo');
    expect(stdout).toContain('[private · cy]\n/quiz settings is for admins.');

    const db = new Database(join(dir, 'data', 'stepwise.db'), { readonly: true });
    try {
      const drops = db.prepare('SELECT id, closes_at - opened_at AS open_ms, reactions, created_by FROM drops ORDER BY id').all();
      expect(drops).toEqual([
        { id: 1, open_ms: 24 * 3_600_000, reactions: 1, created_by: 'you' },
        { id: 2, open_ms: 2 * 3_600_000, reactions: 0, created_by: 'bob' },
      ]);
      expect(db.prepare('SELECT drop_id, choice, via FROM answers').all()).toEqual([{ drop_id: 2, choice: 'C', via: 'command' }]);
    } finally {
      db.close();
    }
  });
});
