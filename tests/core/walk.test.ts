/** The walkthrough's stages, and who may walk through which solution. */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeStage, encodeStage, nextStage } from '../../src/core/walk.ts';
import type { FeedbackView } from '../../src/core/views.ts';
import { makeWorld, T0, type World } from '../helpers/world.ts';

const worlds: World[] = [];
afterEach(() => worlds.splice(0).forEach((w) => w.cleanup()));
const world = () => {
  const w = makeWorld();
  worlds.push(w);
  return w;
};

describe('stages', () => {
  it('go start, each step, the end, then nothing; "all" has no next; encodings round-trip', () => {
    const seq = [];
    for (let s: ReturnType<typeof nextStage> = 'start'; s !== null; s = nextStage(s, 2)) seq.push(s);
    expect(seq).toEqual(['start', 1, 2, 'end']);
    expect(nextStage('start', 0)).toBe('end');
    expect(nextStage('all', 3)).toBeNull();
    for (const s of ['start', 1, 12, 'end', 'all'] as const) expect(decodeStage(encodeStage(s))).toBe(s);
    expect(['', '0', 'x', '1000', 'ss'].map(decodeStage)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('walking through a drop', () => {
  it('answers start at the verdict; the stored answer decides letter and points, whatever the button says', async () => {
    const w = world();
    const drop = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    const start = (await w.tutor.answerInChannel(w.channel, w.member('ann'), 'B', 'command', T0 + 1)).view as FeedbackView;
    expect(start.stage).toBe('start');
    const step = (await w.tutor.walkDrop(w.channel, drop.id, 'ann', 'C', 2)).view as FeedbackView;
    expect(step).toMatchObject({ stage: 2, chosen: 'B', correct: true, points: 1 });
    // A step past the end (the content changed) is the end.
    expect(((await w.tutor.walkDrop(w.channel, drop.id, 'ann', 'B', 9)).view as FeedbackView).stage).toBe('end');
    expect(((await w.tutor.recentResults(w.channel, 'ann', 1))[0]!.view as FeedbackView).stage).toBe('start');
  });

  it('refuses an open question to someone who has not answered; after close, shows it unscored; refuses other workspaces', async () => {
    const w = world();
    const drop = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    await expect(w.tutor.walkDrop(w.channel, drop.id, 'bob', 'B', 'all')).rejects.toThrow('Answer the question first');
    await w.tutor.closeIn(w.channel, T0 + 1);
    expect((await w.tutor.walkDrop(w.channel, drop.id, 'bob', 'C', 1)).view).toMatchObject({ stage: 1, chosen: 'C', points: 0, note: 'This answer was not scored.' });
    await expect(w.tutor.walkDrop({ platform: 'test', workspace: 'W2' }, drop.id, 'bob', 'C', 1)).rejects.toThrow('That question is not known here.');
  });

  it('a review walkthrough needs the card to be the person’s own', async () => {
    const w = world();
    await w.tutor.postDrop({ channel: w.channel }, T0);
    await w.tutor.answerInChannel(w.channel, w.member('ann'), 'A', 'command', T0 + 1);
    expect((await w.tutor.walkReview(w.channel, 'ann', 'mlc-data-preparation', 'B', 1)).view).toMatchObject({ dropId: null, stage: 1, correct: true });
    await expect(w.tutor.walkReview(w.channel, 'bob', 'mlc-data-preparation', 'B', 1)).rejects.toThrow('That card is not in your reviews.');
  });
});
