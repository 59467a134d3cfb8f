/** The answer path: find the drop, check the letter, store the first answer, build the private reply. */
import { where, type TutorDeps } from './deps.ts';
import { NotFoundError } from './errors.ts';
import { periodsOf } from './boards.ts';
import { dropTarget, hintedPoints } from './hints.ts';
import { checkLetter } from './letters.ts';
import { feedbackView } from './present.ts';
import { recordReview } from './review.ts';
import { postedContent } from './posted.ts';
import { cleanName } from './text.ts';
import { POINTS, type Actor, type Answer, type AnswerVia, type ChannelRef, type Drop, type Pack, type Question, type Scope } from './types.ts';
import { privateText, type Reply } from './views.ts';

/** `/quiz answer X` in a channel: answers its open drop. */
export async function answerInChannel(deps: TutorDeps, channel: ChannelRef, actor: Actor, letter: string, via: AnswerVia, now: number): Promise<Reply> {
  const drop = await deps.store.drops.openIn(channel);
  if (!drop) {
    return privateText('There is no open question in this channel right now. An admin can post one with /quiz drop.');
  }
  return answerDrop(deps, drop, actor, letter, via, now);
}

/** A button press: the drop id travels in the button, so it must belong to the caller's workspace. */
export async function answerDropId(deps: TutorDeps, scope: Scope, dropId: number, actor: Actor, letter: string, via: AnswerVia, now: number): Promise<Reply> {
  const drop = await deps.store.drops.get(dropId);
  if (!drop || drop.platform !== scope.platform || drop.workspace !== scope.workspace) {
    throw new NotFoundError('That question is not known here.');
  }
  return answerDrop(deps, drop, actor, letter, via, now);
}

/**
 * A reaction: null when the message is not a drop, or when its reactions do not count as answers (an admin
 * turned them off), so the adapter ignores it quietly.
 */
export async function answerByMessage(deps: TutorDeps, platform: string, messageRef: string, actor: Actor, letter: string, now: number): Promise<Reply | null> {
  const drop = await deps.store.drops.byMessage(platform, messageRef);
  if (!drop || !drop.reactions) return null;
  return answerDrop(deps, drop, actor, letter, 'reaction', now);
}

/** A person's stored first answer to a drop, as private feedback (for platforms that could not deliver it). */
export async function resultOf(deps: TutorDeps, scope: Scope, dropId: number, userId: string): Promise<Reply> {
  const drop = await deps.store.drops.get(dropId);
  if (!drop || drop.platform !== scope.platform || drop.workspace !== scope.workspace) {
    throw new NotFoundError('That question is not known here.');
  }
  const answer = await deps.store.answers.get(drop.id, userId);
  if (!answer) return privateText(`You have not answered question #${drop.id} yet.`);
  return resultReply(deps, drop, answer);
}

async function resultReply(deps: TutorDeps, drop: Drop, answer: Answer): Promise<Reply> {
  const posted = await postedContent(deps, drop);
  if (!posted) throw new NotFoundError('That question is no longer in the loaded content.');
  // A hint asked after answering is free and never stored, so a stored request means "with hint".
  const hinted = await deps.store.hints.asked(drop, answer.userId, dropTarget(drop.id));
  return { visibility: 'private', view: feedbackView(drop.id, posted.question, posted.pack, answer.choice, answer.points, undefined, hinted, 'start') };
}

/** A person's latest results in a workspace, newest first (questions no longer known are left out). */
export async function recentResults(deps: TutorDeps, scope: Scope, userId: string, limit: number): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (const answer of await deps.store.answers.latestFor(scope, userId, limit)) {
    const drop = await deps.store.drops.get(answer.dropId);
    if (drop && (await postedContent(deps, drop))) replies.push(await resultReply(deps, drop, answer));
  }
  return replies;
}

/** The rules: letter among the options; after close shows the reveal; the first answer is final. */
export async function answerDrop(deps: TutorDeps, drop: Drop, actor: Actor, rawLetter: string, via: AnswerVia, now: number): Promise<Reply> {
  const { log } = deps;
  const posted = await postedContent(deps, drop);
  if (!posted) throw new NotFoundError('That question is no longer in the loaded content, so it cannot be answered.');
  const { question, pack } = posted;

  const letter = checkLetter(question, rawLetter);

  // 'posting' counts as open: a button can be pressed before the platform's reply to the post arrives.
  const open = drop.state === 'open' || drop.state === 'posting';
  if (!open || now >= drop.closesAt) return lateReply(deps, drop, question, pack, letter);

  const correct = letter === question.answer;
  const elapsedMs = Math.max(0, now - drop.openedAt);
  // The answer, the name, the totals and the person's review card land together, or none does; answers
  // arriving in the same turn share one commit, and nobody is told before it is on disk.
  const name = cleanName(actor.name, actor.id);
  // The store checks again that the drop is still open, in the same step as the insert: the close may
  // have happened (here or in another process) since the drop was read above.
  const result = await deps.writes.run(async (tx) => {
    await tx.members.remember(drop, actor.id, name, now);
    // The workspace's zone is read in the same transaction, so a zone change cannot split the totals.
    // While the totals are recounted for a new zone, an answer the recount has already read past is
    // added to the new totals here; one it has not reached yet, it will count itself.
    // The hint is read in the same transaction as the insert, so a hint asked at another instance counts.
    // The two reads are independent and go together (one round trip on PostgreSQL).
    const [zone, hinted] = await Promise.all([
      tx.workspaces.totalsZone(drop, deps.settings.tz, { dropId: drop.id, userId: actor.id }),
      tx.hints.asked(drop, actor.id, dropTarget(drop.id)),
    ]);
    const periods = periodsOf(now, zone.tz, zone.gen);
    if (zone.next?.behind) periods.push(...periodsOf(now, zone.next.tz, zone.next.gen).filter((p) => p !== 'all'));
    const points = correct ? (hinted ? hintedPoints(POINTS[question.difficulty]) : POINTS[question.difficulty]) : 0;
    // The person's card is read alongside the insert (which never touches cards), sharing its round trip
    // on PostgreSQL; it is used only if the answer is stored (a repeat or late one wastes one small read).
    const [inserted, card] = await Promise.all([tx.answers.insert({
      platform: drop.platform,
      workspace: drop.workspace,
      dropId: drop.id,
      userId: actor.id,
      packId: drop.packId,
      questionId: drop.questionId,
      choice: letter,
      correct,
      points,
      answeredAt: now,
      elapsedMs,
      via,
    }, periods), tx.cards.get(drop, actor.id, question.id)]);
    if (inserted.inserted) await recordReview(tx, deps.settings.easyMs, drop, actor.id, question, letter, elapsedMs, 'drop', now, hinted, { card });
    // Nested rather than spread into one object, which V8 builds slowly (see `where`).
    return { stored: inserted, points, hinted };
  });
  const { stored } = result;
  if (!stored.inserted && 'closed' in stored) return lateReply(deps, drop, question, pack, letter);
  if (!stored.inserted) {
    const first = stored.existing;
    const verdict = first.correct ? `right, +${first.points}` : 'not right';
    return privateText(`You already answered this one: your first answer, ${first.choice} (${verdict}), counts.`);
  }
  log.info('answer.recorded', where(drop, { drop: drop.id, user: actor.id, correct, via, hinted: result.hinted }));
  return { visibility: 'private', view: feedbackView(drop.id, question, pack, letter, result.points, undefined, result.hinted, 'start') };
}

/** Late: not scored, but the person still learns the answer (the reveal, privately). */
async function lateReply(deps: TutorDeps, drop: Drop, question: Question, pack: Pack, letter: string): Promise<Reply> {
  const answers = await deps.store.answers.forDrop(drop.id);
  const right = answers.filter((a) => a.correct).length;
  const note = `This question has closed, so your answer was not scored. ${answers.length} answered, ${right} got it right.`;
  return { visibility: 'private', view: feedbackView(drop.id, question, pack, letter, 0, note, false, 'start') };
}
