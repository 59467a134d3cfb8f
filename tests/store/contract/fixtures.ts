/** Builders shared by the contract tests: the same inputs for every engine. */
import type { CardState, ClaimResult, NewDrop } from '../../../src/core/ports.ts';
import type { Answer, ChannelRef, Drop, Question, Schedule, Scope } from '../../../src/core/types.ts';
import type { AsyncStore, StoreQueries } from '../../../src/store/async-port.ts';

export const T0 = Date.UTC(2026, 10, 26, 9, 0);
export const SCOPE: Scope = { platform: 'test', workspace: 'W1' };
export const OTHER: Scope = { platform: 'test', workspace: 'W2' };
export const CHANNEL: ChannelRef = { ...SCOPE, channel: 'C1' };

/** The question a drop keeps as posted: every field, unicode and an escaped NUL included. */
export function question(id = 'q1', over: Partial<Question> = {}): Question {
  return {
    id, packId: 'pack-a', difficulty: 'easy', prompt: 'Which is 2 + 2? «quatre» 🧮 \u0000 "quoted"',
    options: [{ letter: 'A', text: '3' }, { letter: 'B', text: '4' }], answer: 'B',
    steps: [{ title: 'Add', explanation: 'Two and two make four.' }], finalAnswer: '4', quickCheck: '4 − 2 = 2',
    hint: 'Count.', commonMistakes: ['Multiplying'], takeaway: 1, ...over,
  };
}

/** A drop to claim in CHANNEL (manual unless a schedule slot is given). */
export function newDrop(over: Partial<NewDrop> = {}): NewDrop {
  return {
    ...CHANNEL,
    packId: 'pack-a',
    questionId: 'q1',
    difficulty: 'easy',
    scheduleId: null,
    slot: null,
    openedAt: T0,
    closesAt: T0 + 3_600_000,
    createdBy: 'admin',
    reactions: true,
    question: question(over.questionId ?? 'q1'),
    ...over,
  };
}

/** A schedule for CHANNEL. */
export const schedule = (over: Partial<Schedule> = {}): Omit<Schedule, 'id'> => ({
  ...CHANNEL, cron: '0 9 * * 1-5', tz: 'Europe/Paris', packId: null, difficulty: null, paused: false, createdBy: 'admin', createdAt: T0, reactions: true, ...over,
});

/** The drop of a claim that must have succeeded. */
export function claimed(r: ClaimResult): Drop {
  if (r.kind !== 'claimed') throw new Error(`expected a claimed drop, got ${r.kind}`);
  return r.drop;
}

let channels = 0;

/**
 * Claims and opens a drop; returns its id. Each call gets a channel of its own unless `over.channel`
 * names one, since a claim closes its channel's open drop.
 */
export async function openDrop(store: StoreQueries, over: Partial<NewDrop> = {}, ref = `m-${Math.random()}`): Promise<number> {
  const d = claimed(await store.drops.claim(newDrop({ channel: `C-${++channels}`, ...over })));
  await store.drops.markOpen(d.id, ref);
  return d.id;
}

/** An answer to `dropId` by `userId` (right unless `choice` says otherwise). */
export function answer(dropId: number, userId: string, over: Partial<Answer> = {}): Answer {
  const correct = over.correct ?? true;
  return {
    ...SCOPE,
    dropId,
    userId,
    packId: 'pack-a',
    questionId: 'q1',
    choice: correct ? 'B' : 'A',
    correct,
    points: correct ? 2 : 0,
    answeredAt: T0 + 60_000,
    elapsedMs: 60_000,
    via: 'button',
    ...over,
  };
}

/** An FSRS card state with a given due time. */
export function card(due: number, over: Partial<CardState> = {}): CardState {
  return { due, stability: 2.5, difficulty: 5.25, elapsedDays: 0.5, scheduledDays: 3, learningSteps: 1, reps: 2, lapses: 0, state: 2, lastReview: T0, ...over };
}

/**
 * A small history touching every table: a schedule, drops (one closed, one open, one failed), with their
 * questions, answers with totals and streaks, names, cards, reviews, a pending review, reminders with a
 * notice, workspaces with their zones, a platform delivery and a sealed installation.
 */
export async function seedHistory(store: AsyncStore, periods = ['all', 'week:1']): Promise<void> {
  const sched = await store.schedules.add(schedule({ cron: '0 9 * * *', tz: 'UTC', reactions: false }));
  const d1 = await openDrop(store, { scheduleId: sched.id, slot: T0 });
  const d2 = await openDrop(store, { questionId: 'q2', openedAt: T0 + 86_400_000, closesAt: T0 + 90_000_000 });
  const failed = claimed(await store.drops.claim(newDrop({ channel: 'C-failed', questionId: 'q3', openedAt: T0 + 1 })));
  await store.drops.markFailed(failed.id, 'Missing Access');
  for (const [i, user] of ['ann', 'bo', 'Cy', 'dee'].entries()) {
    await store.members.remember(SCOPE, user, `Name ${user}`, T0);
    await store.answers.insert(answer(d1, user, { correct: i !== 1, answeredAt: T0 + i * 1000 }), periods);
    if (i < 3) await store.answers.insert(answer(d2, user, { correct: i !== 2, questionId: 'q2', answeredAt: T0 + 86_400_000 + i }), periods);
    await store.cards.put(SCOPE, user, 'q1', 'pack-a', card(T0 + i * 86_400_000));
  }
  await store.drops.close(d1, T0 + 3_600_000);
  await store.reviews.add({ ...SCOPE, userId: 'ann', questionId: 'q1', packId: 'pack-a', choice: 'B', correct: true, rating: 3, reviewedAt: T0 + 5, source: 'review' });
  await store.reviews.setPending(SCOPE, 'bo', 'q1', T0 + 7);
  await store.reminders.setTime(SCOPE, 'ann', 540);
  await store.reminders.setZone(SCOPE, 'ann', 'Europe/Paris');
  await store.reminders.setZone(SCOPE, 'bo', 'UTC');
  await store.reminders.setNotice(SCOPE, 'bo', 'Your reminders are off: your DMs are closed.');
  await store.workspaces.zone(OTHER, 'Asia/Tokyo');
  await store.deliveries.claim('slack', 'Ev-seed', T0, T0 - 3_600_000);
  await store.hints.ask(SCOPE, 'ann', 'drop:1', 'q1', 'pack-a', T0 + 3);
  await store.installations.put({ ...SCOPE, keyId: 'k1', sealed: 'v1.k1.iv.tag.data', installedAt: T0 });
  await store.weekly.enable({ ...SCOPE, channel: 'c-weekly' }, 'ann', T0);
  await store.weekly.claim({ ...SCOPE, channel: 'c-weekly' }, T0 - 86_400_000);
  await store.packs.put({
    ...SCOPE,
    packId: 'own-pack',
    title: 'Own pack',
    questions: 1,
    markdown: '# Pack: Own pack\nid: own-pack\n',
    format: 'markdown',
    fileName: 'own-pack.md',
    addedBy: 'ann',
    addedAt: T0,
    updatedAt: T0,
  });
  const fields = { prompt: 'Which one?', options: ['One', 'Two'], answer: 'A', steps: 'Because.', hint: 'Look.' };
  await store.suggestions.add({ ...SCOPE, authorId: 'bob', authorName: 'Bob', channel: 'c1', fields, createdAt: T0 }, { perAuthor: 5, perWorkspace: 100 });
  await store.suggestions.decide(SCOPE, 1, { status: 'approved', packId: 'own-pack', questionId: 'q-bob' }, 'Ann', T0 + 1);
  await store.workspaces.setZone(SCOPE, 'UTC', (t) => ['all', `day:${Math.floor(t / 86_400_000)}`]);
}
