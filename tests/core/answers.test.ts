import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedbackView, TextView } from '../../src/core/views.ts';
import { makeWorld, T0, type World } from '../helpers/world.ts';

let w: World;
beforeEach(() => {
  w = makeWorld();
});
afterEach(() => w.cleanup());

const rows = (w: World) => w.db.prepare('SELECT user_id, choice, correct, points FROM answers ORDER BY user_id').all();

describe('answering a drop', () => {
  it('scores a right first answer by difficulty and replies privately with the worked solution', async () => {
    const drop = (await w.tutor.postDrop({ channel: w.channel, by: 'admin' }, T0))!;
    expect(drop.questionId).toBe('mlc-data-preparation');
    const reply = await w.tutor.answerInChannel(w.channel, w.member('u1', 'Ann'), 'b', 'command', T0 + 5_000);
    expect(reply.visibility).toBe('private');
    const view = reply.view as FeedbackView;
    expect(view.kind).toBe('feedback');
    expect(view).toMatchObject({ correct: true, chosen: 'B', points: 1 });
    expect(view.solution.steps.map((s) => s.title)).toEqual([
      'Understand the role of data in ML lifecycle',
      'Identify the stage focused on data tasks',
    ]);
    expect(view.solution.quickCheck).toBe('Data Preparation = Collecting and cleaning data');
    expect(view.solution.commonMistakes).toHaveLength(3);
    expect(w.db.prepare('SELECT elapsed_ms, via FROM answers').get()).toEqual({ elapsed_ms: 5_000, via: 'command' });
  });

  it('leads a wrong answer with why that exact option tempts', async () => {
    await w.tutor.postDrop({ channel: w.channel }, T0);
    const view = (await w.tutor.answerInChannel(w.channel, w.member('u1'), 'C', 'command', T0)).view as FeedbackView;
    expect(view).toMatchObject({ correct: false, chosen: 'C', points: 0 });
    expect(view.whyNot).toMatch(/Monitoring watches a model after it is live/);
  });

  it('keeps the first answer: a second one is not scored and says which counts', async () => {
    await w.tutor.postDrop({ channel: w.channel }, T0);
    await w.tutor.answerInChannel(w.channel, w.member('u1'), 'A', 'command', T0);
    const again = await w.tutor.answerInChannel(w.channel, w.member('u1'), 'B', 'button', T0 + 1);
    expect((again.view as TextView).text).toBe('You already answered this one: your first answer, A (not right), counts.');
    expect(rows(w)).toEqual([{ user_id: 'u1', choice: 'A', correct: 0, points: 0 }]);
  });

  it('does not score an answer after close, and tells the person the result', async () => {
    const drop = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    await w.tutor.answerInChannel(w.channel, w.member('u1'), 'B', 'command', T0 + 1);
    await w.tutor.closeIn(w.channel, T0 + 2);
    const late = (await w.tutor.answerDropId(w.channel, drop.id, w.member('u2'), 'B', 'button', T0 + 3)).view as FeedbackView;
    expect(late.note).toBe('This question has closed, so your answer was not scored. 1 answered, 1 got it right.');
    expect(late.points).toBe(0);
    expect(rows(w)).toHaveLength(1);
  });

  it('treats an answer after the window as late even before the sweep closes the drop', async () => {
    await w.tutor.postDrop({ channel: w.channel }, T0);
    const late = (await w.tutor.answerInChannel(w.channel, w.member('u1'), 'B', 'command', T0 + 24 * 3_600_000)).view as FeedbackView;
    expect(late.note).toMatch(/closed/);
    expect(rows(w)).toHaveLength(0);
  });

  it('says so when there is no open question, and stores nothing', async () => {
    const reply = await w.tutor.answerInChannel(w.channel, w.member('u1'), 'B', 'command', T0);
    expect((reply.view as TextView).text).toMatch(/no open question in this channel/);
    expect(rows(w)).toHaveLength(0);
  });

  it('refuses a letter that is not an option', async () => {
    await w.tutor.postDrop({ channel: w.channel }, T0);
    await expect(w.tutor.answerInChannel(w.channel, w.member('u1'), 'E', 'command', T0)).rejects.toThrow(/Answer with one of A, B, C, D/);
    expect(rows(w)).toHaveLength(0);
  });

  it('ignores reactions on messages that are not drops', async () => {
    await w.tutor.postDrop({ channel: w.channel }, T0);
    expect(await w.tutor.answerByMessage('test', 'some-other-message', w.member('u1'), 'B', T0)).toBeNull();
    expect((await w.tutor.answerByMessage('test', 'msg-1', w.member('u1'), 'B', T0))?.view.kind).toBe('feedback');
  });

  it('refuses a button for a drop of another workspace', async () => {
    const drop = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    await expect(w.tutor.answerDropId({ platform: 'test', workspace: 'W2' }, drop.id, w.member('u1'), 'B', 'button', T0)).rejects.toThrow(/not known here/);
  });

  it('500 people answering one drop at once give exactly 500 rows and the right scores', async () => {
    await w.tutor.postDrop({ channel: w.channel }, T0);
    const letters = ['A', 'B', 'C', 'D'];
    // Each person answers twice at once; only the first counts.
    const replies = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        Promise.resolve().then(() => w.tutor.answerInChannel(w.channel, w.member(`u${i % 500}`), letters[i % 4]!, 'reaction', T0 + i)),
      ),
    );
    expect(replies).toHaveLength(1000);
    const count = w.db.prepare('SELECT COUNT(*) AS n, SUM(points) AS pts, SUM(correct) AS ok FROM answers').get();
    // Person u{k} first answered letters[k % 4]: B for k % 4 === 1, i.e. 125 people, 1 point each.
    expect(count).toEqual({ n: 500, pts: 125, ok: 125 });
  });
});

describe('hostile names', () => {
  it("stores and shows a display name like '); DROP TABLE answers;-- verbatim", async () => {
    const name = "'); DROP TABLE answers;--";
    await w.tutor.postDrop({ channel: w.channel }, T0);
    await w.tutor.answerInChannel(w.channel, w.member('u1', name), 'B', 'command', T0 + 1);
    const board = await w.tutor.leaderboard(w.channel, 'all', 'u1', T0 + 2);
    expect(board.rows[0]).toMatchObject({ userId: 'u1', name, points: 1 });
    await w.tutor.closeIn(w.channel, T0 + 3);
    expect(w.chat.reveals[0]!.view.winners).toEqual([name]);
    expect(w.db.prepare('SELECT COUNT(*) AS n FROM answers').get()).toEqual({ n: 1 });
  });
});

describe('a drop still being posted', () => {
  it('accepts a button answer that arrives before the post has returned', async () => {
    let answered: Promise<unknown> | undefined;
    const w2 = makeWorld();
    try {
      const original = w2.chat.port.postDrop.bind(w2.chat.port);
      w2.chat.port.postDrop = async (channel, view) => {
        // The message is visible in the channel; someone clicks before Stepwise hears back.
        answered = Promise.resolve(await w2.tutor.answerDropId(w2.channel, view.dropId, w2.member('fast'), 'B', 'button', T0 + 1));
        return original(channel, view);
      };
      await w2.tutor.postDrop({ channel: w2.channel }, T0);
      const reply = (await answered) as { view: FeedbackView };
      expect(reply.view).toMatchObject({ kind: 'feedback', correct: true, points: 1 });
      expect(w2.db.prepare('SELECT user_id FROM answers').pluck().all()).toEqual(['fast']);
    } finally {
      w2.cleanup();
    }
  });
});
