import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScript } from '../helpers/bot.ts';
import { CONTENT } from '../helpers/world.ts';

/** Runs a script through the real entry point in this test's folder. */
const runBot = (script: string, env: Record<string, string> = {}) => runScript(dir, script, env);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start in the terminal, scripted', () => {
  it('/quiz hint answers privately; a right answer after it says "with hint" and scores half, rounded down', async () => {
    const { code, stdout } = await runBot(['/quiz hint', '/quiz hint', '/quiz answer B', 'as bob', '/quiz answer B'].join('\n'));
    expect(code).toBe(0);
    const hints = stdout.split('\n\n').filter((b) => b.startsWith('[private · you]\n💡 Hint for question #1: '));
    expect(hints).toHaveLength(2);
    expect(hints[0]!.split('\n')[1]).toBe(hints[1]!.split('\n')[1]);
    expect(stdout).toContain('[private · you]\n✅ Correct with hint: B) Data Preparation (+0 points)');
    expect(stdout).toContain('[private · bob]\n✅ Correct: B) Data Preparation (+1 point)');
  });

  it('posts a question, answers privately with the solution, scores, reveals and ranks, then exits 0', async () => {
    const script = [
      'next',
      '/quiz answer B',
      'next',
      'next',
      'next',
      'next',
      'all',
      'as bob',
      'react A',
      '/quiz answer C',
      '/quiz drop',
      'as you',
      '/quiz close',
      '/quiz leaderboard',
      '/quiz bogus',
    ].join('\n');
    const { code, stdout, stderr } = await runBot(script);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const blocks = stdout.split('\n\n').map((b) => b.trim());
    const find = (re: RegExp) => blocks.find((b) => re.test(b)) ?? '';

    expect(find(/^\[#local\] Stepwise\n📖 New lesson: Why ML lifecycle stages in MLOps\?\nWhat if you could stop guessing/)).toContain(
      'The whole lesson: /quiz learn ml-lifecycle',
    );
    expect(find(/^📝 Question #1/)).toContain(
      'Which stage in the ML lifecycle involves collecting and preparing data for training?\n  A) Model Training\n  B) Data Preparation',
    );
    // The feedback starts at the verdict and the final answer; `next` walks the steps, then the check; `all` shows it at once.
    expect(stdout).toContain('Nothing to walk through yet: answer a question first.');
    const start = find(/^\[private · you\]\n✅ Correct: B\) Data Preparation \(\+1 point\)\nFinal answer/);
    expect(start).toContain('Final answer: Data Preparation -> Option B\nWalk me through it: type next (2 steps), or all for the whole solution.');
    expect(start).not.toContain('Understand the role');
    expect(find(/^\[private · you\]\nStep 1 of 2: /)).toBe(
      '[private · you]\nStep 1 of 2: Understand the role of data in ML lifecycle\n  Data must be collected and cleaned before training a model.\n▶ next: the next step · all: the whole solution',
    );
    expect(find(/^\[private · you\]\nStep 2 of 2: /)).toContain('▶ next: the quick check and common mistakes');
    expect(find(/^\[private · you\]\nQuick check: /)).toMatch(/^\[private · you\]\nQuick check: Data Preparation = Collecting and cleaning data\nCommon mistakes:\n  - Confusing deployment/);
    expect(stdout).toContain('That was the whole solution. Type all to see it at once.');
    expect(find(/^\[private · you\]\n✅ Correct: B\) Data Preparation \(\+1 point\)\nSolution, step by step:/)).toContain('1. Understand the role of data in ML lifecycle');
    expect(find(/^\[private · bob\]\n❌ Not quite: you picked A/)).toContain('Why A tempts: Training consumes data');
    expect(stdout).toContain('[private · bob]\nYou already answered this one: your first answer, A (not right), counts.');
    expect(stdout).toContain('[private · bob]\n/quiz drop is for admins.');
    expect(find(/🔔 Question #1 is closed/)).toMatch(/A\) 1\n  B\) 1 ✅\n  C\) 0\n  D\) 0\nGot it right: you/);
    expect(find(/🏆 Leaderboard/)).toMatch(/1\. you {2}1 pts {2}1\/1 \(100%\) {2}streak 1\n {3}2\. bob {2}0 pts {2}0\/1 \(0%\)/);
    expect(stdout).toContain('Unknown command "bogus". Try /quiz help.');

    const db = new Database(join(dir, 'data', 'stepwise.db'), { readonly: true });
    expect(db.prepare('SELECT user_id, choice, correct, points, via FROM answers ORDER BY user_id DESC').all()).toEqual([
      { user_id: 'you', choice: 'B', correct: 1, points: 1, via: 'command' },
      { user_id: 'bob', choice: 'A', correct: 0, points: 0, via: 'reaction' },
    ]);
    expect(db.prepare('SELECT id, state, question_id FROM drops').all()).toEqual([{ id: 1, state: 'closed', question_id: 'mlc-data-preparation' }]);
    db.close();

    // A restart keeps the scores and moves on to the next question.
    const again = await runBot('/quiz stats\n');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('📝 Question #2 · Why ML lifecycle stages in MLOps? · easy');
    expect(again.stdout).toContain('📊 you: 1 point, 1/1 correct (100%), streak 1 (best 1)');
  });

  it('brings a missed question back as a private review, graded and rescheduled', async () => {
    expect((await runBot('as bob\n/quiz answer C\n')).code).toBe(0);
    // Let two days pass for the card: the stored due date moves into the past.
    const db = new Database(join(dir, 'data', 'stepwise.db'));
    db.prepare('UPDATE cards SET due = due - 2 * 86400000').run();
    db.close();
    const { code, stdout } = await runBot('as bob\n/quiz review\n/quiz review answer b\n/quiz review\n/quiz stats\n');
    expect(code).toBe(0);
    expect(stdout).toContain('[private · bob]\n🔁 Review · Why ML lifecycle stages in MLOps? · easy\nWhich stage in the ML lifecycle');
    expect(stdout).toMatch(/\[private · bob\]\n✅ Correct: B\) Data Preparation\nReview: next time .+\. All caught up\./);
    expect(stdout).toMatch(/Nothing is due\. Your next review is/);
    expect(stdout).toContain('📊 bob: 0 points, 0/1 correct (0%)');
    expect(stdout).toContain('Reviews: 1 done, 0 due now.');
    const check = new Database(join(dir, 'data', 'stepwise.db'), { readonly: true });
    expect(check.prepare('SELECT source, correct FROM reviews ORDER BY id').all()).toEqual([{ source: 'review', correct: 1 }]);
    expect(check.prepare('SELECT COUNT(*) AS n FROM answers').get()).toEqual({ n: 1 });
    check.close();
  });

  it('stops with a clear message naming a bad variable, and touches nothing', async () => {
    const { code, stdout, stderr } = await runBot('', { STEPWISE_TZ: 'Mars/Olympus' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('stepwise: STEPWISE_TZ="Mars/Olympus" is not an IANA time zone. Use a name such as UTC, Europe/Berlin or America/New_York.\n');
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('refuses a broken pack at start-up with file:line messages and serves the good ones', async () => {
    const content = join(dir, 'content');
    mkdirSync(content);
    copyFileSync(join(CONTENT, '01-ml-lifecycle.md'), join(content, '01-ml-lifecycle.md'));
    writeFileSync(join(content, '00-broken.md'), '# Pack: Broken\nid: broken\n\n## Lesson\n### The big idea\nx\n### Key takeaways\n- y\n\n## Question: b1\ndifficulty: easy\nWhy?\nA) a\nB) b\nanswer: E\n');
    const { code, stdout, stderr } = await runBot('/quiz packs\n', { STEPWISE_CONTENT: content });
    expect(code).toBe(0);
    expect(stderr).toContain('Some content was refused:\n');
    expect(stderr).toMatch(/00-broken\.md:15: error: question "b1": answer "E" is not among the options \(A, B\)/);
    expect(stderr).toMatch(/00-broken\.md:10: error: question "b1": empty solution/);
    expect(stdout).toContain('📝 Question #1 · Why ML lifecycle stages in MLOps?');
    expect(stdout).toContain('📚 1 pack(s):\n  ml-lifecycle:');
  });
});

describe('a workspace pack from a path in the terminal', () => {
  it('/quiz pack add <path> adds it, /quiz pack list shows it, a missing path is a short answer', async () => {
    const { packMarkdown } = await import('../helpers/workspace-pack.ts');
    writeFileSync(join(dir, 'onboarding.md'), packMarkdown('onboarding', 'Onboarding', [{ id: 'door-one' }]));
    const { code, stdout } = await runBot(['/quiz pack add onboarding.md', '/quiz pack list', '/quiz pack add nowhere.md'].join('\n'));
    expect(code).toBe(0);
    expect(stdout).toContain('Added pack "onboarding" (Onboarding): 1 question(s), for this workspace only.');
    expect(stdout).toContain('• onboarding: Onboarding · 1 question(s) · from onboarding.md (markdown)');
    expect(stdout).toContain('Cannot read nowhere.md: no such file.');
  });
});
