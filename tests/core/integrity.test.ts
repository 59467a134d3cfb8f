import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answerDrop } from '../../src/core/answers.ts';
import { createFolderSource } from '../../src/content/folder.ts';
import { checkConsistency } from '../helpers/consistency.ts';
import { CONTENT, makeWorld, T0, type World } from '../helpers/world.ts';

const HOUR = 3_600_000;
const worlds: World[] = [];
const world = (opts: Parameters<typeof makeWorld>[0] = {}) => {
  const w = makeWorld(opts);
  worlds.push(w);
  return w;
};
afterEach(() => {
  for (const w of worlds.splice(0)) w.cleanup();
});

/** A content folder holding a copy of the seed pack, to edit under a running tutor. */
function editablePack(w: { dir: string }) {
  const dir = join(w.dir, 'content');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'pack.md');
  writeFileSync(file, readFileSync(join(CONTENT, '01-ml-lifecycle.md'), 'utf8'));
  return { dir, file };
}

describe('an open drop keeps the question it posted', () => {
  it('scores against the answer key as posted, even after the pack’s key changes and is reloaded', async () => {
    const base = world();
    const { dir, file } = editablePack(base);
    const w = world({ dir: base.dir, content: createFolderSource(dir) });
    const drop = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    expect(drop.questionId).toBe('mlc-data-preparation');
    await w.tutor.answerInChannel(w.channel, w.member('ann'), 'B', 'command', T0 + 1);
    // The teacher changes the key of that very question from B to A and reloads.
    const text = readFileSync(file, 'utf8');
    const edited = text
      .replace(/(## Question: mlc-data-preparation[\s\S]*?answer: )B/, '$1A')
      .replace('Data Preparation -> Option B', 'Model Training -> Option A')
      .replace('- A: Training consumes data that is already prepared; it does not collect or clean it.\n', '');
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    w.tutor.reload();
    expect(w.tutor.packs.question('mlc-data-preparation')!.answer).toBe('A');

    const bo = await w.tutor.answerInChannel(w.channel, w.member('bo'), 'A', 'command', T0 + 2);
    expect(bo.view).toMatchObject({ kind: 'feedback', correct: false });
    const right = w.db.prepare('SELECT user_id FROM answers WHERE correct = 1').pluck().all();
    expect(right).toEqual(['ann']);
    await w.tutor.closeIn(w.channel, T0 + 3);
    expect(w.chat.reveals[0]!.view.solution.correctLetter).toBe('B');
  });

  it('is still revealed after its question is deleted from the content, and /quiz close tells the truth when it cannot be', async () => {
    const base = world();
    const { dir, file } = editablePack(base);
    const w = world({ dir: base.dir, content: createFolderSource(dir) });
    await w.tutor.postDrop({ channel: w.channel }, T0);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/## Question: mlc-data-preparation[\s\S]*?(?=## Question:)/, ''));
    w.tutor.reload();
    expect(w.tutor.packs.question('mlc-data-preparation')).toBeUndefined();
    const closed = await w.tutor.closeIn(w.channel, T0 + HOUR);
    expect(closed?.revealed).toBe(true);
    expect(w.chat.reveals).toHaveLength(1);

    // A drop stored before drops kept their question, whose question is gone: nothing to reveal, and
    // the admin is told so instead of "the reveal is posted".
    await w.tutor.postDrop({ channel: w.channel }, T0 + 2 * HOUR);
    w.db.prepare(`UPDATE drops SET question = NULL, question_id = 'gone' WHERE state = 'open'`).run();
    const { dispatch } = await import('../../src/commands/dispatch.ts');
    const reply = await dispatch({ path: ['close'], options: {} }, { tutor: w.tutor, actor: w.admin, channel: w.channel, now: T0 + 3 * HOUR });
    expect(reply.view).toMatchObject({ kind: 'text', tone: 'error' });
    expect((reply.view as { text: string }).text).toMatch(/could not be posted/);
  });
});

describe('answers racing a close', () => {
  it('an answer whose drop closed after it was read is refused in the same step as the insert', async () => {
    const w = world();
    const stale = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    // Another process closes the drop between this process reading it and writing the answer.
    const other = world({ dir: w.dir });
    await other.tutor.closeIn(other.channel, T0 + 10);
    const reply = await answerDrop(w.tutor.deps, stale, w.member('late'), 'B', 'command', T0 + 11);
    expect(reply.view).toMatchObject({ kind: 'feedback', points: 0 });
    expect((reply.view as { note?: string }).note).toMatch(/closed/);
    expect(w.db.prepare('SELECT COUNT(*) FROM answers').pluck().get()).toBe(0);
    expect(checkConsistency(w.dbPath)).toEqual([]);
  });

  it('the database refuses a second live drop in a channel', async () => {
    const w = world();
    await w.tutor.postDrop({ channel: w.channel }, T0);
    const insert = () =>
      w.db.prepare(`INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, state, opened_at, closes_at)
                    VALUES ('test', 'W1', 'C1', 'p', 'q', 'easy', 'open', 0, 1)`).run();
    expect(insert).toThrow(/UNIQUE constraint failed/);
  });

  it('a drop still being posted in the channel refuses a second one with a clear message', async () => {
    const w = world();
    w.db.prepare(`INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, state, opened_at, closes_at)
                  VALUES ('test', 'W1', 'C1', 'ml-lifecycle', 'mlc-data-preparation', 'easy', 'posting', ?, ?)`).run(T0, T0 + HOUR);
    await expect(w.tutor.postDrop({ channel: w.channel }, T0 + 1000)).rejects.toThrow(/being posted in this channel/);
  });
});

describe('a drop left in posting by a process that died', () => {
  it('is marked failed and logged when nobody answered, closed when people did; the channel is usable again', async () => {
    const w = world();
    const insert = w.db.prepare(`INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, state, opened_at, closes_at)
                                 VALUES ('test', 'W1', ?, 'ml-lifecycle', 'mlc-data-preparation', 'easy', 'posting', ?, ?) RETURNING id`);
    const silent = insert.pluck().get('C1', T0, T0 + 24 * HOUR) as number;
    const answered = insert.pluck().get('C2', T0, T0 + 24 * HOUR) as number;
    // Its buttons reached people before the process died ('posting' accepts answers).
    await w.tutor.answerDropId(w.channel, answered, w.member('ann'), 'B', 'button', T0 + 1000);

    await w.tutor.closeDue(T0 + 5 * 60_000);
    expect(w.store.drops.get(silent)!.state).toBe('posting'); // young: maybe still posting elsewhere
    await w.tutor.closeDue(T0 + 11 * 60_000);
    expect(w.store.drops.get(silent)).toMatchObject({ state: 'failed' });
    expect(w.store.drops.get(answered)).toMatchObject({ state: 'closed' });
    expect(w.log.map((l) => l.event)).toEqual(expect.arrayContaining(['drop.stale_posting_failed', 'drop.stale_posting_closed']));
    expect(checkConsistency(w.dbPath, { now: T0 + 11 * 60_000 })).toEqual([]);
    expect(await w.tutor.postDrop({ channel: w.channel }, T0 + 12 * 60_000)).toMatchObject({ state: 'open' });
  });
});

describe('review cards', () => {
  it('two answers to one card in the same instant count once', async () => {
    const w = world();
    await w.tutor.postDrop({ channel: w.channel }, T0);
    await w.tutor.answerInChannel(w.channel, w.member('ann'), 'A', 'command', T0 + 1);
    const later = T0 + 3 * 24 * HOUR;
    expect((await w.tutor.nextReview(w.channel, w.member('ann'), later)).view.kind).toBe('review');
    const both = await Promise.allSettled([
      w.tutor.answerReview(w.channel, w.member('ann'), 'mlc-data-preparation', 'B', 'button', later + 1),
      w.tutor.answerReview(w.channel, w.member('ann'), 'mlc-data-preparation', 'B', 'button', later + 1),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(String((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toMatch(/already answered/);
    expect(w.db.prepare(`SELECT COUNT(*) FROM reviews WHERE source = 'review'`).pluck().get()).toBe(1);
    expect(w.db.prepare('SELECT reps FROM cards').pluck().get()).toBe(2);
  });
});

describe('names', () => {
  it('control characters and terminal escapes are stripped from display names before they are stored', async () => {
    const w = world();
    await w.tutor.postDrop({ channel: w.channel }, T0);
    await w.tutor.answerInChannel(w.channel, w.member('u1', 'Mal\u001b[2J\u001b]0;pwned\u0007ory\u202Eevil'), 'B', 'command', T0 + 1);
    await w.tutor.answerInChannel(w.channel, w.member('u2', '\u001b\u0000'), 'B', 'command', T0 + 2);
    const names = w.db.prepare('SELECT display_name FROM members ORDER BY user_id').pluck().all();
    expect(names).toEqual(['Mal[2J]0;pwnedoryevil', 'u2']);
  });
});
