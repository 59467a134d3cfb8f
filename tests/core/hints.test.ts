/** Hints: asked privately and for free; a right answer after one scores half (rounded down) and rates Hard. */
import { createEmptyCard, fsrs, Rating } from 'ts-fsrs';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch, parseText } from '../../src/commands/index.ts';
import { HINT_RULE, hintedPoints } from '../../src/core/hints.ts';
import type { Actor } from '../../src/core/types.ts';
import type { FeedbackView, HelpView, ReviewView, TextView } from '../../src/core/views.ts';
import { makeWorld, T0, type World } from '../helpers/world.ts';

const worlds: World[] = [];
afterEach(() => worlds.splice(0).forEach((w) => w.cleanup()));
function world(opts: Parameters<typeof makeWorld>[0] = {}) {
  const w = makeWorld(opts);
  worlds.push(w);
  return w;
}
const run = (w: World, text: string, actor: Actor, now: number) => dispatch(parseText(text), { tutor: w.tutor, actor, channel: w.channel, now });
const text = (r: { view: unknown }) => (r.view as TextView).text;
const f = fsrs({ enable_fuzz: false });

describe('the scoring rule', () => {
  it('halves the points, rounded down, never below 0: easy 0, medium 1, hard 1', () => {
    expect([1, 2, 3, 0].map(hintedPoints)).toEqual([0, 1, 1, 0]);
    expect(HINT_RULE).toMatch(/half its points, rounded down \(easy 0, medium 1, hard 1\)/);
  });
});

describe('hints on a drop', () => {
  it('answers privately with the question hint, the same each time, and stores one request', async () => {
    const w = world();
    const drop = (await w.tutor.postDrop({ channel: w.channel, difficulty: 'medium' }, T0))!;
    const first = await run(w, 'hint', w.member('ann'), T0 + 1_000);
    expect(first.visibility).toBe('private');
    expect(text(first)).toMatch(/^💡 Hint for question #1: Trace the new rows from their arrival to a new set of weights/);
    expect(text(first)).toMatch(/scores half/);
    const again = await w.tutor.hintForDrop(w.channel, drop.id, w.member('ann'), T0 + 2_000);
    expect(text(again).split('\n')[0]).toBe(text(first).split('\n')[0]);
    expect(text(again)).toMatch(/You asked before; it is the same hint/);
    expect(w.db.prepare('SELECT user_id, target, question_id, asked_at FROM hints').all()).toEqual([
      { user_id: 'ann', target: 'drop:1', question_id: 'mlc-automated-retraining', asked_at: T0 + 1_000 },
    ]);
  });

  it('a right answer after a hint scores half (medium 2 -> 1), says "with hint", and rates Hard', async () => {
    const w = world();
    await w.tutor.postDrop({ channel: w.channel, difficulty: 'medium' }, T0);
    await run(w, 'hint', w.member('ann'), T0);
    const ann = (await w.tutor.answerInChannel(w.channel, w.member('ann'), 'D', 'command', T0 + 60_000)).view as FeedbackView;
    const bob = (await w.tutor.answerInChannel(w.channel, w.member('bob'), 'D', 'command', T0 + 60_000)).view as FeedbackView;
    expect(ann).toMatchObject({ correct: true, points: 1, hinted: true });
    expect(bob).toMatchObject({ correct: true, points: 2 });
    expect(bob.hinted).toBeUndefined();
    expect(w.db.prepare('SELECT user_id, points FROM answers ORDER BY user_id').all()).toEqual([
      { user_id: 'ann', points: 1 },
      { user_id: 'bob', points: 2 },
    ]);
    const at = new Date(T0 + 60_000);
    expect(w.store.cards.get(w.channel, 'ann', 'mlc-automated-retraining')!.due).toBe(f.next(createEmptyCard(at), at, Rating.Hard).card.due.getTime());
    expect(w.store.cards.get(w.channel, 'bob', 'mlc-automated-retraining')!.due).toBe(f.next(createEmptyCard(at), at, Rating.Good).card.due.getTime());
    // /quiz result shows it again, with hint.
    expect((await run(w, 'result', w.member('ann'), T0 + 120_000)).view).toMatchObject({ points: 1, hinted: true });
  });

  it('an easy question after a hint scores 0 but still counts as right; a wrong answer is Again as always', async () => {
    const w = world();
    await w.tutor.postDrop({ channel: w.channel }, T0);
    await run(w, 'hint', w.member('ann'), T0);
    await run(w, 'hint', w.member('bob'), T0);
    expect((await w.tutor.answerInChannel(w.channel, w.member('ann'), 'B', 'command', T0 + 1)).view).toMatchObject({ correct: true, points: 0, hinted: true });
    expect((await w.tutor.answerInChannel(w.channel, w.member('bob'), 'C', 'command', T0 + 1)).view).toMatchObject({ correct: false, points: 0, hinted: true });
    expect(w.db.prepare('SELECT user_id, correct FROM answers ORDER BY user_id').all()).toEqual([
      { user_id: 'ann', correct: 1 },
      { user_id: 'bob', correct: 0 },
    ]);
  });

  it('a hint after answering or after close is free and not stored', async () => {
    const w = world();
    const drop = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    await w.tutor.answerInChannel(w.channel, w.member('ann'), 'B', 'command', T0 + 1);
    expect(text(await w.tutor.hintForDrop(w.channel, drop.id, w.member('ann'), T0 + 2))).toMatch(/already answered this one, so the hint costs nothing/);
    await w.tutor.closeIn(w.channel, T0 + 3);
    expect(text(await w.tutor.hintForDrop(w.channel, drop.id, w.member('bob'), T0 + 4))).toMatch(/has closed, so the hint costs nothing/);
    expect(w.db.prepare('SELECT COUNT(*) AS n FROM hints').get()).toEqual({ n: 0 });
    expect((await run(w, 'result', w.member('ann'), T0 + 5)).view).toMatchObject({ points: 1 });
    expect(((await run(w, 'result', w.member('ann'), T0 + 5)).view as FeedbackView).hinted).toBeUndefined();
  });

  it('the cost holds across a restart: a hint asked before it still halves the answer after it', async () => {
    const w = world();
    await w.tutor.postDrop({ channel: w.channel, difficulty: 'medium' }, T0);
    await run(w, 'hint', w.member('ann'), T0);
    w.close();
    const again = world({ dir: w.dir });
    expect((await again.tutor.answerInChannel(again.channel, again.member('ann'), 'D', 'command', T0 + 5)).view).toMatchObject({ points: 1, hinted: true });
  });

  it('refuses a button from another workspace, and says when there is nothing to hint at', async () => {
    const w = world();
    const drop = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    await expect(w.tutor.hintForDrop({ platform: 'test', workspace: 'W2' }, drop.id, w.member('ann'), T0)).rejects.toThrow('That question is not known here.');
    await w.tutor.closeIn(w.channel, T0 + 1);
    expect(text(await run(w, 'hint', w.member('ann'), T0 + 2))).toMatch(/^Nothing to give a hint for/);
    expect(text(await run(w, 'hint question', w.member('ann'), T0 + 2))).toBe('There is no open question in this channel right now.');
    expect(text(await run(w, 'hint maybe', w.member('ann'), T0 + 2))).toMatch(/question|review/);
  });

  it('/quiz help states the rule', async () => {
    const w = world();
    const help = (await run(w, 'help', w.member('ann'), T0)).view as HelpView;
    expect(help.sections.find((s) => s.title === 'Hints')?.lines[0]?.description).toBe(HINT_RULE);
    expect(help.sections[0]!.lines.map((l) => l.usage)).toContain('/quiz hint [question|review]');
  });
});

describe('hints on a review card', () => {
  it('gives the card hint; a right answer after it rates Hard and says "with hint"; the next showing starts clean', async () => {
    const w = world();
    const ann = w.member('ann');
    await w.tutor.postDrop({ channel: w.channel }, T0);
    await w.tutor.answerInChannel(w.channel, ann, 'A', 'command', T0 + 60_000);
    await w.tutor.closeIn(w.channel, T0 + 120_000);
    const shown = T0 + 86_400_000;
    expect(((await w.tutor.nextReview(w.channel, ann, shown)).view as ReviewView).questionId).toBe('mlc-data-preparation');
    // No open question: /quiz hint means the card.
    expect(text(await run(w, 'hint', ann, shown + 1))).toMatch(/^💡 Hint for your review card: /);
    const fb = (await w.tutor.answerReview(w.channel, ann, undefined, 'B', 'command', shown + 60_000)).view as FeedbackView;
    expect(fb).toMatchObject({ correct: true, hinted: true });
    expect(w.db.prepare("SELECT rating FROM reviews WHERE source = 'review'").all()).toEqual([{ rating: Rating.Hard }]);
    // The card comes back; this showing has no hint asked, so a right answer is Good again.
    const later = T0 + 30 * 86_400_000;
    await w.tutor.nextReview(w.channel, ann, later);
    const fb2 = (await w.tutor.answerReview(w.channel, ann, 'mlc-data-preparation', 'B', 'button', later + 60_000)).view as FeedbackView;
    expect(fb2.hinted).toBeUndefined();
    expect(w.db.prepare("SELECT rating FROM reviews WHERE source = 'review' ORDER BY id").all()).toEqual([{ rating: Rating.Hard }, { rating: Rating.Good }]);
    // A button for a card no longer showing is refused.
    await expect(w.tutor.hintForReview(w.channel, ann, 'mlc-data-preparation', later + 2)).rejects.toThrow(/already answered/);
  });
});

describe('/quiz insights: hints asked for, and labels the answers disagree with', () => {
  it('counts hint requests per question, drops and review cards alike', async () => {
    const w = world();
    await w.tutor.postDrop({ channel: w.channel }, T0);
    for (const id of ['a', 'b', 'c']) await run(w, 'hint', w.member(id), T0 + 1);
    await run(w, 'hint', w.member('a'), T0 + 2); // the same person again: still one request
    await w.tutor.postDrop({ channel: w.channel }, T0 + 60_000);
    await run(w, 'hint', w.member('a'), T0 + 60_001);
    const view = (await run(w, 'insights', w.admin, T0 + 120_000)).view as import('../../src/core/views.ts').InsightsView;
    expect(view.hints).toEqual([
      { questionId: 'mlc-data-preparation', packTitle: 'Why ML lifecycle stages in MLOps?', asked: 3 },
      { questionId: 'mlc-stage-order', packTitle: 'Why ML lifecycle stages in MLOps?', asked: 1 },
    ]);
  });

  it('flags an easy question most people miss and a medium one everyone gets, only with 5 or more first answers', async () => {
    const { labelVerdict } = await import('../../src/core/insights.ts');
    expect([labelVerdict('easy', 0.49), labelVerdict('easy', 0.5), labelVerdict('hard', 0.9), labelVerdict('hard', 0.89), labelVerdict('medium', 0.2), labelVerdict('medium', 0.6)]).toEqual([
      'harder', null, 'easier', null, 'harder', null,
    ]);
    const w = world();
    const people = ['a', 'b', 'c', 'd', 'e'].map((id) => w.member(id));
    // Easy mlc-data-preparation: 2 of 5 right. Easy mlc-stage-order: 1 of 4 right (too few to judge).
    await w.tutor.postDrop({ channel: w.channel }, T0);
    for (const [i, p] of people.entries()) await w.tutor.answerInChannel(w.channel, p, i < 2 ? 'B' : 'C', 'command', T0 + 1);
    await w.tutor.postDrop({ channel: w.channel }, T0 + 60_000);
    for (const [i, p] of people.slice(0, 4).entries()) await w.tutor.answerInChannel(w.channel, p, i < 1 ? 'A' : 'B', 'command', T0 + 60_001);
    // Medium mlc-automated-retraining: 5 of 5 right.
    await w.tutor.postDrop({ channel: w.channel, difficulty: 'medium' }, T0 + 120_000);
    for (const p of people) await w.tutor.answerInChannel(w.channel, p, 'D', 'command', T0 + 120_001);
    const view = (await run(w, 'insights', w.admin, T0 + 180_000)).view as import('../../src/core/views.ts').InsightsView;
    expect(view.labels.map((l) => [l.questionId, l.label, l.answered, l.accuracy, l.suggest])).toEqual([
      ['mlc-automated-retraining', 'medium', 5, 1, 'easier'],
      ['mlc-data-preparation', 'easy', 5, 0.4, 'harder'],
    ]);
  });
});
