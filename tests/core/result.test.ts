import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/core/errors.ts';
import type { FeedbackView } from '../../src/core/views.ts';
import { makeWorld, T0, type World } from '../helpers/world.ts';

let w: World;
beforeEach(() => {
  w = makeWorld();
});
afterEach(() => w.cleanup());

describe('resultOf: a stored first answer, shown again', () => {
  it('rebuilds the feedback of the first answer, without scoring or storing anything', async () => {
    const drop = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    await w.tutor.answerInChannel(w.channel, w.member('u1'), 'C', 'command', T0 + 1000);
    await w.tutor.answerInChannel(w.channel, w.member('u1'), 'B', 'command', T0 + 2000);
    const reply = await w.tutor.resultOf(w.channel, drop.id, 'u1');
    expect(reply.visibility).toBe('private');
    expect(reply.view).toMatchObject({ kind: 'feedback', dropId: drop.id, chosen: 'C', correct: false, points: 0 });
    expect((reply.view as FeedbackView).whyNot).toMatch(/Monitoring watches a model/);
    expect(w.db.prepare('SELECT COUNT(*) AS n FROM answers').get()).toEqual({ n: 1 });
  });

  it('says so when the person has not answered, and refuses a drop of another workspace', async () => {
    const drop = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    expect((await w.tutor.resultOf(w.channel, drop.id, 'u2')).view).toEqual({ kind: 'text', tone: 'info', text: `You have not answered question #${drop.id} yet.` });
    await expect(w.tutor.resultOf({ platform: 'test', workspace: 'other' }, drop.id, 'u1')).rejects.toThrow(NotFoundError);
    await expect(w.tutor.resultOf(w.channel, 999, 'u1')).rejects.toThrow(NotFoundError);
  });
});
