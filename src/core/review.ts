/** /quiz review: each person's missed and learned questions, back on an FSRS schedule. */
import { where, packsIn, type TutorDeps } from './deps.ts';
import { NotFoundError, UsageError } from './errors.ts';
import { checkLetter } from './letters.ts';
import { feedbackView } from './present.ts';
import { reviewTarget } from './hints.ts';
import { ratingFor, reviewCard } from './srs.ts';
import { shortDateTime } from './time.ts';
import { zoneOf } from './zones.ts';
import type { CardState, StoreQueries } from './ports.ts';
import type { Actor, AnswerVia, Question, Scope } from './types.ts';
import { privateText, type Reply, type ReviewView } from './views.ts';

/** Grades one answer into the person's card and the review log, through the caller's transaction `tx`. */
export async function recordReview(
  tx: StoreQueries,
  easyMs: number,
  scope: Scope,
  userId: string,
  question: Question,
  choice: string,
  elapsedMs: number,
  source: 'drop' | 'review',
  now: number,
  hinted = false,
  /** The person's card for the question, when the caller has already read it in this transaction. */
  read?: { card: CardState | undefined },
): Promise<number> {
  const correct = choice === question.answer;
  const rating = ratingFor(correct, elapsedMs, easyMs, hinted);
  const card = reviewCard(read ? read.card : await tx.cards.get(scope, userId, question.id), rating, now);
  await tx.cards.put(scope, userId, question.id, question.packId, card);
  // A drop's first answer is already in `answers`; only practice reviews need their own log row.
  if (source === 'review') {
    await tx.reviews.add({ ...scope, userId, questionId: question.id, packId: question.packId, choice, correct, rating, reviewedAt: now, source });
  }
  return card.due;
}

/** The most overdue card, shown privately; or when the next one is due. */
export async function nextReview(deps: TutorDeps, scope: Scope, actor: Actor, now: number): Promise<Reply> {
  const { cards, reviews } = deps.store;
  const row = await cards.mostOverdue(scope, actor.id, now);
  const packs = await packsIn(deps, scope);
  const question = row && packs.question(row.questionId);
  if (!row || !question) {
    const next = await cards.nextDue(scope, actor.id);
    if (next === undefined) return privateText('Nothing to review yet: answer a few questions first, and the ones you miss come back here.');
    const tz = await zoneOf(deps, scope);
    return privateText(`Nothing is due. Your next review is ${shortDateTime(Math.max(next, now), tz)} (${tz}).`);
  }
  await reviews.setPending(scope, actor.id, question.id, now);
  const view: ReviewView = {
    kind: 'review',
    questionId: question.id,
    packTitle: packs.get(question.packId)?.title ?? question.packId,
    difficulty: question.difficulty,
    prompt: question.prompt,
    options: question.options.map(({ letter, text }) => ({ letter, text })),
    dueAfter: (await cards.dueCount(scope, actor.id, now)) - 1,
    overdueMs: Math.max(0, now - row.card.due),
  };
  return { visibility: 'private', view };
}

/**
 * Answers a review card: the one named (buttons carry it) or the one last shown (`/quiz review answer B`).
 * Graded for this person only; drop leaderboards never change.
 */
export async function answerReview(deps: TutorDeps, scope: Scope, actor: Actor, questionId: string | undefined, rawLetter: string, via: AnswerVia, now: number): Promise<Reply> {
  const { store } = deps;
  const packs = await packsIn(deps, scope);
  const pending = await store.reviews.pending(scope, actor.id);
  const id = questionId ?? pending?.questionId;
  if (!id) throw new UsageError('There is no review card waiting for you. Start one with /quiz review.');
  const question = packs.question(id);
  const pack = question && packs.get(question.packId);
  if (!question || !pack) throw new NotFoundError('That review question is no longer in the loaded content. Try /quiz review for the next one.');
  if (!(await store.cards.get(scope, actor.id, id))) throw new NotFoundError('That card is not in your reviews. Try /quiz review.');
  if (pending?.questionId !== id) throw new UsageError('That review card was already answered. Try /quiz review for the next one.');
  const letter = checkLetter(question, rawLetter);

  const elapsed = now - pending.shownAt;
  // Clearing the pending card is the claim: of two answers in the same instant, only one clears it.
  // The hint is read in the same transaction as the claim, so a hint asked at another instance counts.
  const graded = await deps.writes.run(async (tx) => {
    if (!(await tx.reviews.clearPending(scope, actor.id, id))) return null;
    const hinted = await tx.hints.asked(scope, actor.id, reviewTarget(id, pending.shownAt));
    return { due: await recordReview(tx, deps.settings.easyMs, scope, actor.id, question, letter, elapsed, 'review', now, hinted), hinted };
  });
  if (graded === null) throw new UsageError('That review card was already answered. Try /quiz review for the next one.');
  deps.log.info('review.answered', where(scope, { user: actor.id, question: id, correct: letter === question.answer, via }));
  const [left, tz] = await Promise.all([store.cards.dueCount(scope, actor.id, now), zoneOf(deps, scope)]);
  const note = `Review: next time ${shortDateTime(graded.due, tz)}. ${left ? `${left} more due: /quiz review` : 'All caught up.'}`;
  return { visibility: 'private', view: feedbackView(null, question, pack, letter, 0, note, graded.hinted, 'start') };
}
