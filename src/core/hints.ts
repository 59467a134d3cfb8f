/** Hints: asking is free and private; using one costs points and a sooner review (the rule below). */
import { packsIn, type TutorDeps } from './deps.ts';
import { NotFoundError, UsageError } from './errors.ts';
import { postedContent } from './posted.ts';
import type { Actor, ChannelRef, Drop, Scope } from './types.ts';
import { privateText, type Reply } from './views.ts';

/** The cost of a hint, as /quiz help and the README state it. */
export const HINT_RULE = 'A right answer after a hint scores half its points, rounded down (easy 0, medium 1, hard 1), and rates Hard for review.';

/** Points for a right answer worth `points`, after a hint. */
export function hintedPoints(points: number): number {
  return Math.max(0, Math.floor(points / 2));
}

/** The stored target of a drop's hint. */
export const dropTarget = (dropId: number): string => `drop:${dropId}`;
/** The stored target of one showing of a review card: a later showing of the same card starts clean. */
export const reviewTarget = (questionId: string, shownAt: number): string => `review:${questionId}:${shownAt}`;

function hintText(title: string, hint: string, cost: string): Reply {
  return privateText(`💡 Hint for ${title}: ${hint}\n${cost}`);
}

const COST = 'Asking is free; a right answer after it scores half (rounded down) and comes back sooner for review.';

/** The hint of a drop's question; recorded only while the person can still answer it. */
async function dropHint(deps: TutorDeps, drop: Drop, actor: Actor, now: number): Promise<Reply> {
  const posted = await postedContent(deps, drop);
  if (!posted) throw new NotFoundError('That question is no longer in the loaded content.');
  const title = `question #${drop.id}`;
  const { question } = posted;
  if (await deps.store.answers.get(drop.id, actor.id)) return hintText(title, question.hint, 'You already answered this one, so the hint costs nothing.');
  const open = (drop.state === 'open' || drop.state === 'posting') && now < drop.closesAt;
  if (!open) return hintText(title, question.hint, 'This question has closed, so the hint costs nothing.');
  const first = await deps.store.hints.ask(drop, actor.id, dropTarget(drop.id), question.id, question.packId, now);
  return hintText(title, question.hint, first ? COST : `You asked before; it is the same hint. ${COST}`);
}

/** The 💡 button on a drop: the drop id travels in the button, so it must belong to the caller's workspace. */
export async function hintForDrop(deps: TutorDeps, scope: Scope, dropId: number, actor: Actor, now: number): Promise<Reply> {
  const drop = await deps.store.drops.get(dropId);
  if (!drop || drop.platform !== scope.platform || drop.workspace !== scope.workspace) throw new NotFoundError('That question is not known here.');
  return dropHint(deps, drop, actor, now);
}

/** The 💡 button on a review card (`questionId` from the button) or `/quiz hint review`: the card showing now. */
export async function hintForReview(deps: TutorDeps, scope: Scope, actor: Actor, questionId: string | undefined, now: number): Promise<Reply> {
  const pending = await deps.store.reviews.pending(scope, actor.id);
  if (!pending || (questionId !== undefined && pending.questionId !== questionId)) {
    throw new UsageError(questionId ? 'That review card was already answered. Try /quiz review for the next one.' : 'There is no review card waiting for you. Start one with /quiz review.');
  }
  const question = (await packsIn(deps, scope)).question(pending.questionId);
  if (!question) throw new NotFoundError('That review question is no longer in the loaded content. Try /quiz review for the next one.');
  const first = await deps.store.hints.ask(scope, actor.id, reviewTarget(question.id, pending.shownAt), question.id, question.packId, now);
  const cost = 'Asking is free; a right answer after it comes back sooner for review.';
  return hintText('your review card', question.hint, first ? cost : `You asked before; it is the same hint. ${cost}`);
}

/**
 * `/quiz hint [question|review]`: the channel's open question unless you answered it already, else the
 * review card showing for you; `review` asks for the card even while a question is open.
 */
export async function hintIn(deps: TutorDeps, channel: ChannelRef, actor: Actor, which: 'question' | 'review' | undefined, now: number): Promise<Reply> {
  if (which === 'review') return hintForReview(deps, channel, actor, undefined, now);
  const drop = await deps.store.drops.openIn(channel);
  if (which === 'question' || (drop && !(await deps.store.answers.get(drop.id, actor.id)))) {
    if (!drop) throw new UsageError('There is no open question in this channel right now.');
    return dropHint(deps, drop, actor, now);
  }
  if (await deps.store.reviews.pending(channel, actor.id)) return hintForReview(deps, channel, actor, undefined, now);
  if (drop) return dropHint(deps, drop, actor, now);
  throw new UsageError('Nothing to give a hint for: there is no open question here and no review card waiting for you (/quiz review).');
}
