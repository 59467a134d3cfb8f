/** "Walk me through it": private feedback one step at a time, then the quick check and the common mistakes. */
import { packsIn, type TutorDeps } from './deps.ts';
import { NotFoundError, UsageError } from './errors.ts';
import { dropTarget } from './hints.ts';
import { checkLetter } from './letters.ts';
import { postedContent } from './posted.ts';
import { feedbackView } from './present.ts';
import type { Scope } from './types.ts';
import type { Reply, WalkStage } from './views.ts';

/** The stage after `stage` in a solution of `steps` steps, or null at the end (and after "show all"). */
export function nextStage(stage: WalkStage, steps: number): WalkStage | null {
  if (stage === 'start') return steps > 0 ? 1 : 'end';
  if (typeof stage === 'number') return stage < steps ? stage + 1 : 'end';
  return null;
}

/** A stage as button data: `s`, `1`…, `e`, `a`. */
export function encodeStage(stage: WalkStage): string {
  return typeof stage === 'number' ? String(stage) : stage[0]!;
}

/** Reads `encodeStage`'s text back; undefined for anything else. */
export function decodeStage(text: string): WalkStage | undefined {
  if (text === 's') return 'start';
  if (text === 'e') return 'end';
  if (text === 'a') return 'all';
  return /^[1-9]\d{0,2}$/.test(text) ? Number(text) : undefined;
}

/** A stage within a solution of `steps` steps (a step past the end is the end: the content may have changed). */
const clampStage = (stage: WalkStage, steps: number): WalkStage => (typeof stage === 'number' && stage > steps ? 'end' : stage);

/**
 * A drop's feedback at `stage`: from the person's stored answer when there is one (its letter and points
 * count), else, once the question has closed, for `chosen` unscored (a late answer is not stored).
 */
export async function walkDrop(deps: TutorDeps, scope: Scope, dropId: number, userId: string, chosen: string, stage: WalkStage): Promise<Reply> {
  const drop = await deps.store.drops.get(dropId);
  if (!drop || drop.platform !== scope.platform || drop.workspace !== scope.workspace) throw new NotFoundError('That question is not known here.');
  const posted = await postedContent(deps, drop);
  if (!posted) throw new NotFoundError('That question is no longer in the loaded content.');
  const { question, pack } = posted;
  const at = clampStage(stage, question.steps.length);
  const answer = await deps.store.answers.get(drop.id, userId);
  if (answer) {
    const hinted = await deps.store.hints.asked(drop, userId, dropTarget(drop.id));
    return { visibility: 'private', view: feedbackView(drop.id, question, pack, answer.choice, answer.points, undefined, hinted, at) };
  }
  if (drop.state === 'open' || drop.state === 'posting') throw new UsageError('Answer the question first; then the solution is yours, step by step.');
  const letter = checkLetter(question, chosen);
  return { visibility: 'private', view: feedbackView(drop.id, question, pack, letter, 0, 'This answer was not scored.', false, at) };
}

/** A review card's feedback at `stage`, for the letter the person picked; only for a card of theirs. */
export async function walkReview(deps: TutorDeps, scope: Scope, userId: string, questionId: string, chosen: string, stage: WalkStage): Promise<Reply> {
  const packs = await packsIn(deps, scope);
  const question = packs.question(questionId);
  const pack = question && packs.get(question.packId);
  if (!question || !pack) throw new NotFoundError('That review question is no longer in the loaded content.');
  if (!(await deps.store.cards.get(scope, userId, questionId))) throw new NotFoundError('That card is not in your reviews. Try /quiz review.');
  const letter = checkLetter(question, chosen);
  return { visibility: 'private', view: feedbackView(null, question, pack, letter, 0, undefined, false, clampStage(stage, question.steps.length)) };
}
