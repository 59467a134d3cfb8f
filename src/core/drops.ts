/** Posting, closing and revealing drops, including scheduled firings and catch-up after downtime. */
import { reasonOf, where, type TutorDeps } from './deps.ts';
import { NotFoundError, PlatformError } from './errors.ts';
import { pickQuestion } from './picker.ts';
import { dropView, revealView } from './present.ts';
import type { ChannelRef, Difficulty, Drop } from './types.ts';

/** What to post. */
export interface DropRequest {
  channel: ChannelRef;
  packId?: string;
  difficulty?: Difficulty;
  scheduleId?: number;
  slot?: number;
  by?: string;
}

/**
 * Claims, posts and opens one drop. Returns null when the schedule slot was already claimed (by an
 * earlier firing or another process). Closes the channel's open drop first: a new drop ends the last.
 */
export async function postDrop(deps: TutorDeps, req: DropRequest, now: number): Promise<Drop | null> {
  const { store, packs, log, settings } = deps;
  const chat = deps.chat(req.channel.platform);
  if (!chat) throw new PlatformError(`Stepwise is not connected to ${req.channel.platform}.`);
  if (req.packId && !packs.get(req.packId)) {
    throw new NotFoundError(`There is no pack "${req.packId}". See /quiz packs for the loaded ones.`);
  }
  const latest = store.drops.latestIn(req.channel);
  const question = pickQuestion(packs.list(), store.drops.usage(req.channel), {
    ...(req.packId ? { packId: req.packId } : {}),
    ...(req.difficulty ? { difficulty: req.difficulty } : {}),
    ...(latest ? { lastPackId: latest.packId } : {}),
  });
  if (!question) throw new NotFoundError('No question matches. Check /quiz packs, or try another pack or difficulty.');
  const pack = packs.get(question.packId)!;

  const previous = store.drops.openIn(req.channel);
  const drop = store.drops.claim({
    ...req.channel,
    packId: pack.id,
    questionId: question.id,
    difficulty: question.difficulty,
    scheduleId: req.scheduleId ?? null,
    slot: req.slot ?? null,
    openedAt: now,
    closesAt: now + settings.windowMs,
    createdBy: req.by ?? null,
  });
  if (!drop) {
    log.info('drop.slot_taken', { ...where(req.channel), schedule: req.scheduleId, slot: req.slot });
    return null;
  }
  if (previous) await closeDrop(deps, previous, now);

  try {
    const ref = await chat.postDrop(req.channel, dropView(drop, question, pack, latest?.packId !== pack.id));
    store.drops.markOpen(drop.id, ref);
    log.info('drop.posted', { ...where(req.channel), drop: drop.id, question: question.id, schedule: req.scheduleId });
    return store.drops.get(drop.id)!;
  } catch (err) {
    const reason = reasonOf(err);
    store.drops.markFailed(drop.id, reason);
    log.error('drop.post_failed', { ...where(req.channel), drop: drop.id, reason });
    throw new PlatformError(`Could not post the question: ${reason}`);
  }
}

/** Closes an open drop and posts the reveal. False when it was not open (already closed elsewhere). */
export async function closeDrop(deps: TutorDeps, drop: Drop, now: number): Promise<boolean> {
  const { store, packs, log } = deps;
  if (!store.drops.close(drop.id, now)) return false;
  const question = packs.question(drop.questionId);
  const pack = packs.get(drop.packId);
  const chat = deps.chat(drop.platform);
  if (!question || !pack || !chat) {
    log.warn('drop.reveal_skipped', { ...where(drop), drop: drop.id, reason: !chat ? 'platform not running' : 'question no longer loaded' });
    return true;
  }
  const answers = store.answers.forDrop(drop.id);
  const view = revealView(drop, question, pack, answers, (id) => store.members.name(drop, id) ?? id);
  try {
    await chat.postReveal(store.drops.get(drop.id)!, view);
    log.info('drop.closed', { ...where(drop), drop: drop.id, answers: answers.length });
  } catch (err) {
    log.error('drop.reveal_failed', { ...where(drop), drop: drop.id, reason: reasonOf(err) });
  }
  return true;
}

/** Closes every open drop whose window has passed. */
export async function closeDue(deps: TutorDeps, now: number): Promise<number> {
  let closed = 0;
  for (const drop of deps.store.drops.dueToClose(now)) {
    if (deps.chat(drop.platform) && (await closeDrop(deps, drop, now))) closed += 1;
  }
  return closed;
}
