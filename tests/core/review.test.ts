import { createEmptyCard, fsrs, Rating, type Card, type Grade } from 'ts-fsrs';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch, parseText } from '../../src/commands/index.ts';
import type { Actor } from '../../src/core/types.ts';
import type { FeedbackView, InsightsView, LessonView, ReviewView, StatsView, TextView } from '../../src/core/views.ts';
import { makeWorld, T0, type World } from '../helpers/world.ts';

const worlds: World[] = [];
afterEach(() => worlds.splice(0).forEach((w) => w.cleanup()));
function world(opts: Parameters<typeof makeWorld>[0] = {}) {
  const w = makeWorld(opts);
  worlds.push(w);
  return w;
}

const MIN = 60_000;
const DAY = 86_400_000;
const run = (w: World, text: string, actor: Actor, now: number) => dispatch(parseText(text), { tutor: w.tutor, actor, channel: w.channel, now });

/** Posts the next drop at `at` and has `actor` answer `letter` after `after` ms. */
async function drop(w: World, at: number, actor: Actor, letter: string, after = 60_000) {
  const d = (await w.tutor.postDrop({ channel: w.channel }, at))!;
  await w.tutor.answerInChannel(w.channel, actor, letter, 'command', at + after);
  return d;
}

describe('/quiz learn', () => {
  it('shows the seed lesson privately, in its sections', async () => {
    const w = world();
    const reply = await run(w, 'learn', w.member('ann'), T0);
    expect(reply.visibility).toBe('private');
    const view = reply.view as LessonView;
    expect(view.sections.map((s) => s.title)).toEqual([
      'The big idea', 'The scenario', 'The problem', 'The solution', 'Before vs after', 'What it enables', 'Real-life example', 'Key takeaways',
    ]);
    expect(view.sections[0]!.body).toBe('What if you could stop guessing and start building ML models with confidence every time?');
    expect(view.sections[4]!.body).toContain('After: Data preparation -> Model training -> Evaluation -> Deployment -> Monitoring');
    expect(((await run(w, 'learn nope', w.member('ann'), T0)).view as TextView).text).toMatch(/no pack "nope"/);
  });

  it('the first drop of a pack carries the intro; the next one does not; the solution ends with the takeaway', async () => {
    const w = world();
    const first = await w.tutor.postDrop({ channel: w.channel }, T0);
    await w.tutor.postDrop({ channel: w.channel }, T0 + MIN);
    expect(w.chat.posted[0]!.view.intro).toEqual({
      bigIdea: 'What if you could stop guessing and start building ML models with confidence every time?',
      learnCommand: '/quiz learn ml-lifecycle',
    });
    expect(w.chat.posted[1]!.view.intro).toBeUndefined();
    const fb = (await w.tutor.answerDropId(w.channel, first!.id, w.member('ann'), 'B', 'button', T0 + 2 * MIN)).view as FeedbackView;
    expect(fb.solution.takeaway).toBe('ML lifecycle stages organize the process into clear steps.');
  });
});

describe('spaced review cards', () => {
  it('are scheduled exactly as ts-fsrs says for a scripted history', async () => {
    const w = world();
    const ann = w.member('ann');
    const f = fsrs({ enable_fuzz: false });
    // Drop answered wrong (Again), then reviews: right slowly (Good), right fast (Easy), wrong (Again).
    await drop(w, T0, ann, 'A', 30_000);
    let expected: Card = f.next(createEmptyCard(new Date(T0 + 30_000)), new Date(T0 + 30_000), Rating.Again).card;
    const steps: [number, string, number, Grade][] = [
      [T0 + 10 * MIN, 'B', 60_000, Rating.Good],
      [T0 + 3 * DAY, 'B', 5_000, Rating.Easy],
      [T0 + 40 * DAY, 'C', 8_000, Rating.Again],
    ];
    for (const [shown, letter, took, rating] of steps) {
      expect(((await w.tutor.nextReview(w.channel, ann, shown)).view as ReviewView).questionId).toBe('mlc-data-preparation');
      await w.tutor.answerReview(w.channel, ann, undefined, letter, 'command', shown + took);
      expected = f.next(expected, new Date(shown + took), rating).card;
      const stored = w.store.cards.get(w.channel, 'ann', 'mlc-data-preparation')!;
      expect(stored).toMatchObject({
        due: expected.due.getTime(),
        stability: expected.stability,
        difficulty: expected.difficulty,
        reps: expected.reps,
        lapses: expected.lapses,
        state: expected.state,
      });
    }
    expect(w.db.prepare('SELECT source, correct, rating FROM reviews ORDER BY id').all()).toEqual([
      { source: 'review', correct: 1, rating: Rating.Good },
      { source: 'review', correct: 1, rating: Rating.Easy },
      { source: 'review', correct: 0, rating: Rating.Again },
    ]);
  });

  it('serves the most overdue card first and says when the next is due', async () => {
    const w = world();
    const ann = w.member('ann');
    await drop(w, T0, ann, 'A'); // q1 wrong at T0+1m
    await drop(w, T0 + 5 * MIN, ann, 'B'); // q2 wrong at T0+6m
    await drop(w, T0 + 10 * MIN, ann, 'A'); // q3 wrong at T0+11m
    const due = w.store.cards.forUser(w.channel, 'ann');
    expect(new Set(due.map((c) => c.questionId)).size).toBe(3);
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const view = (await w.tutor.nextReview(w.channel, ann, T0 + DAY)).view as ReviewView;
      order.push(view.questionId);
      expect(view.dueAfter).toBe(2 - i);
      await w.tutor.answerReview(w.channel, ann, view.questionId, 'B', 'button', T0 + DAY + 1000);
    }
    const byDue = [...due].sort((a, b) => a.card.due - b.card.due).map((c) => c.questionId);
    expect(order).toEqual(byDue);
    expect(order).toEqual(['mlc-data-preparation', 'mlc-stage-order', 'mlc-enumerate-stages']);
    const nothing = (await w.tutor.nextReview(w.channel, ann, T0 + DAY + 2000)).view as TextView;
    expect(nothing.text).toMatch(/^Nothing is due\. Your next review is /);
  });

  it('never changes the drop leaderboard, and shows in stats', async () => {
    const w = world();
    const ann = w.member('ann');
    await drop(w, T0, ann, 'A');
    const before = JSON.stringify(await w.tutor.leaderboard(w.channel, 'all', 'ann', T0 + DAY));
    await w.tutor.nextReview(w.channel, ann, T0 + DAY);
    await w.tutor.answerReview(w.channel, ann, undefined, 'B', 'command', T0 + DAY + 1000);
    expect(JSON.stringify(await w.tutor.leaderboard(w.channel, 'all', 'ann', T0 + DAY))).toBe(before);
    const stats = await w.tutor.stats(w.channel, 'ann', 'ann', T0 + DAY + 2000);
    expect(stats.reviews).toMatchObject({ done: 1, due: 0 });
    expect(stats.points).toBe(0);
  });

  it('refuses a second answer to the same review card and bad letters', async () => {
    const w = world();
    const ann = w.member('ann');
    await drop(w, T0, ann, 'A');
    await expect(w.tutor.answerReview(w.channel, ann, undefined, 'B', 'command', T0)).rejects.toThrow('There is no review card waiting for you.');
    await w.tutor.nextReview(w.channel, ann, T0 + DAY);
    await expect(w.tutor.answerReview(w.channel, ann, undefined, 'Z', 'command', T0 + DAY)).rejects.toThrow(/not an option/);
    await w.tutor.answerReview(w.channel, ann, 'mlc-data-preparation', 'B', 'button', T0 + DAY);
    await expect(w.tutor.answerReview(w.channel, ann, 'mlc-data-preparation', 'B', 'button', T0 + DAY)).rejects.toThrow(/already answered/);
    expect(w.db.prepare("SELECT COUNT(*) AS n FROM reviews WHERE source = 'review'").get()).toEqual({ n: 1 });
  });
});

describe('daily reminder', () => {
  it('fires once a day at the local time, across a restart and a DST change', async () => {
    const w = world();
    const ann = w.member('ann');
    await drop(w, Date.UTC(2026, 9, 30, 12), ann, 'A'); // wrong: due again within minutes
    expect(((await run(w, 'review daily 09:00', ann, T0)).view as TextView).text).toMatch(/^Daily review reminder set for 09:00 \(UTC\)/);
    await run(w, 'review tz America/New_York', ann, T0);
    // Sat 31 Oct 2026, EDT (UTC-4): 09:00 local is 13:00 UTC.
    expect(await w.tutor.sendDueReminders(Date.UTC(2026, 9, 31, 12, 59))).toBe(0);
    expect(await w.tutor.sendDueReminders(Date.UTC(2026, 9, 31, 13, 0))).toBe(1);
    expect(await w.tutor.sendDueReminders(Date.UTC(2026, 9, 31, 13, 1))).toBe(0);
    expect(w.chat.privates).toHaveLength(1);
    expect(w.chat.privates[0]).toMatchObject({ userId: 'ann', view: { kind: 'review', reminder: true, questionId: 'mlc-data-preparation', dueAfter: 0 } });
    w.close();

    // A restart the same day sends nothing more.
    const again = world({ dir: w.dir });
    expect(await again.tutor.sendDueReminders(Date.UTC(2026, 9, 31, 20, 0))).toBe(0);
    // Sun 1 Nov: DST ends; 09:00 EST is 14:00 UTC.
    expect(await again.tutor.sendDueReminders(Date.UTC(2026, 10, 1, 13, 30))).toBe(0);
    expect(await again.tutor.sendDueReminders(Date.UTC(2026, 10, 1, 14, 0))).toBe(1);
    expect(await again.tutor.sendDueReminders(Date.UTC(2026, 10, 1, 23, 59))).toBe(0);
    await run(again, 'review off', ann, T0);
    expect(await again.tutor.sendDueReminders(Date.UTC(2026, 10, 2, 14, 0))).toBe(0);
  });

  it('is refused for a bad time or zone', async () => {
    const w = world();
    expect(((await run(w, 'review daily 9am', w.member('a'), T0)).view as TextView).text).toMatch(/is not a time of day/);
    expect(((await run(w, 'review tz Mars/Olympus', w.member('a'), T0)).view as TextView).text).toMatch(/is not a time zone/);
    expect(w.db.prepare('SELECT COUNT(*) AS n FROM reminders').get()).toEqual({ n: 0 });
  });
});

describe('mastery and insights', () => {
  it('mastery is the mean FSRS recall over the pack’s questions, unseen counting as 0', async () => {
    const w = world();
    const ann = w.member('ann');
    await drop(w, T0, ann, 'B', 60_000); // right, Good
    await drop(w, T0 + MIN * 5, ann, 'C', 60_000); // wrong, Again
    const f = fsrs({ enable_fuzz: false });
    const good = f.next(createEmptyCard(new Date(T0 + 60_000)), new Date(T0 + 60_000), Rating.Good).card;
    const again = f.next(createEmptyCard(new Date(T0 + 6 * MIN)), new Date(T0 + 6 * MIN), Rating.Again).card;
    const at = T0 + 2 * DAY;
    const expected = (f.get_retrievability(good, new Date(at), false) + f.get_retrievability(again, new Date(at), false)) / 5;
    const stats = (await run(w, 'stats', ann, at)).view as StatsView;
    expect(stats.mastery).toEqual([{ packId: 'ml-lifecycle', title: 'Why ML lifecycle stages in MLOps?', mastery: expected, unseen: 3 / 5 }]);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(0.4);
  });

  it('insights rank the hardest questions, name the most-picked wrong option, and count people per week', async () => {
    const w = world();
    const people = ['a', 'b', 'c', 'd'].map((id) => w.member(id));
    // Week 1 (Mon 16 Nov): q1, everyone right but d (picks C).
    const monday = Date.UTC(2026, 10, 16, 9);
    await w.tutor.postDrop({ channel: w.channel }, monday);
    for (const [i, p] of people.entries()) await w.tutor.answerInChannel(w.channel, p, i < 3 ? 'B' : 'C', 'command', monday + 1000);
    // Week 2 (Mon 23 Nov): q2, a right, b and c pick D, d picks B.
    await w.tutor.postDrop({ channel: w.channel }, monday + 7 * DAY);
    for (const [i, l] of ['A', 'D', 'D'].entries()) await w.tutor.answerInChannel(w.channel, people[i]!, l, 'command', monday + 7 * DAY + 1000);
    const view = (await run(w, 'insights', w.admin, monday + 8 * DAY)).view as InsightsView;
    expect(view.hardest.map((h) => [h.questionId, h.answered, h.accuracy, h.topWrong?.letter, h.topWrong?.n])).toEqual([
      ['mlc-stage-order', 3, 1 / 3, 'D', 2],
      ['mlc-data-preparation', 4, 3 / 4, 'C', 1],
    ]);
    expect(view.hardest[0]!.topWrong!.text).toBe('Model Monitoring -> Model Deployment -> Model Training -> Data Preparation');
    expect(view.weeks.slice(-3).map((wk) => [wk.label, wk.people, wk.answers])).toEqual([
      ['week of Mon 9 Nov', 0, 0],
      ['week of Mon 16 Nov', 4, 4],
      ['week of Mon 23 Nov', 3, 3],
    ]);
    expect(((await run(w, 'insights', w.member('a'), monday)).view as TextView).text).toMatch(/is for admins/);
  });
});
