/** `/quiz suggest` in the terminal, through the real entry point: prompts, a fix after errors, approval, drop, credit. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScript } from '../helpers/bot.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-suggest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('/quiz suggest in the terminal', () => {
  it('prompts field by field, asks again for what was wrong, and an approved question is dropped and credited', async () => {
    const script = [
      'as mo',
      '/quiz suggest',
      'Which checklist do new engineers work through in their first week?',
      '',
      'The access checklist',
      '',
      'A',
      'Access comes first: nothing works without the accounts.',
      '',
      'What do you need before you can log in?',
      // Only one option: the options prompt comes back, the other answers are kept.
      'The access checklist',
      'The lunch menu',
      '',
      '/quiz suggestions',
      'as you',
      '/quiz suggestions',
      '/quiz suggestions approve 1',
      '/quiz close',
      '/quiz drop suggested',
      'as pat',
      '/quiz answer A',
      'as you',
      '/quiz close',
      'as mo',
      '/quiz stats',
      '/quiz suggest',
      'cancel',
    ].join('\n');
    const { code, stdout, stderr } = await runScript(dir, script, { STEPWISE_TZ: 'UTC' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('📝 Suggest a question (type cancel on its own line to stop)\n✏️ Question (one or more lines; an empty line ends it):');
    expect(stdout).toContain('Not sent yet:\n  Options, one per line (2 to 4): Write 2 to 4 options, one per line (this has 1).\n📝 Suggest a question');
    expect(stdout).toContain('[private · mo]\nThanks! Your question is suggestion #1.');
    expect(stdout).toContain('[private · mo]\n/quiz suggestions list is for admins.');
    expect(stdout).toContain('#1 by mo · ');
    expect(stdout).toContain('  A) The access checklist ✅\n  B) The lunch menu');
    expect(stdout).toContain('Approved suggestion #1 by mo: question "suggestion-1" (medium) in pack "suggested"');
    expect(stdout).toContain('[private · mo]\n🎉 Your suggested question "Which checklist do new engineers work through in their first week?" was approved by you');
    expect(stdout).toMatch(/📝 Question #2 · Suggested by members · medium\nWhich checklist do new engineers/);
    expect(stdout).toContain('✍️ Suggested by mo');
    expect(stdout).toContain('💡 Suggested questions approved: 1');
    expect(stdout).toContain('Form cancelled; nothing was sent.');

    const db = new Database(join(dir, 'data', 'stepwise.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT id, status, author_id, pack_id, question_id FROM suggestions').all()).toEqual([
        { id: 1, status: 'approved', author_id: 'mo', pack_id: 'suggested', question_id: 'suggestion-1' },
      ]);
      expect(db.prepare("SELECT questions FROM workspace_packs WHERE pack_id = 'suggested'").get()).toEqual({ questions: 1 });
    } finally {
      db.close();
    }
  });
});
