/** Posting, closing and revealing drops; scheduled firings and catch-up are in firing.ts. */
import { picturesOf, reasonOf, where, packsIn, type TutorDeps } from './deps.ts';
import { channelGone } from './channels.ts';
import { BusyError, ChannelGoneError, NotFoundError, PlatformError } from './errors.ts';
import { postedContent } from './posted.ts';
import { pickQuestion } from './picker.ts';
import { settingsOf } from './workspace-settings.ts';
import { dropView, MAX_WINNERS_SHOWN, revealView } from './present.ts';
import type { ChannelRef, Difficulty, Drop } from './types.ts';

/** What to post. */
export interface DropRequest {
  channel: ChannelRef;
  packId?: string;
  difficulty?: Difficulty;
  scheduleId?: number;
  slot?: number;
  by?: string;
  /** Whether reactions count as answers (default: the workspace's setting; false here turns them off even where it is on). */
  reactions?: boolean;
}

/** A drop still `posting` after this long was left by a process that died mid-post. */
export const POSTING_STALE_MS = 10 * 60_000;

/**
 * Claims, posts and opens one drop. Returns null when the schedule slot was already claimed (by an
 * earlier firing or another process). The claim closes the channel's open drop in the same step (a new
 * drop ends the last), and that drop's reveal is posted before the new question.
 */
export async function postDrop(deps: TutorDeps, req: DropRequest, now: number): Promise<Drop | null> {
  const { store, log } = deps;
  const packs = await packsIn(deps, req.channel);
  const chat = deps.chat(req.channel.platform);
  if (!chat) throw new PlatformError(`Stepwise is not connected to ${req.channel.platform}.`);
  if (req.packId && !packs.get(req.packId)) {
    throw new NotFoundError(`There is no pack "${req.packId}". See /quiz packs for the loaded ones.`);
  }
  const latest = await store.drops.latestIn(req.channel);
  const question = pickQuestion(packs.list(), await store.drops.usage(req.channel), {
    ...(req.packId ? { packId: req.packId } : {}),
    ...(req.difficulty ? { difficulty: req.difficulty } : {}),
    ...(latest ? { lastPackId: latest.packId } : {}),
  });
  if (!question) throw new NotFoundError('No question matches. Check /quiz packs, or try another pack or difficulty.');
  const pack = packs.get(question.packId)!;
  // Read once there is something to post: a refused request leaves no trace (not even a first-seen zone).
  const settings = await settingsOf(deps, req.channel);

  const claim = await store.drops.claim({
    ...req.channel,
    packId: pack.id,
    questionId: question.id,
    difficulty: question.difficulty,
    scheduleId: req.scheduleId ?? null,
    slot: req.slot ?? null,
    openedAt: now,
    closesAt: now + settings.windowMs,
    createdBy: req.by ?? null,
    // The workspace's setting, which a schedule can turn off for its own drops.
    reactions: settings.reactions && (req.reactions ?? true),
    question,
  });
  if (claim.kind === 'slot_taken') {
    log.info('drop.slot_taken', { ...where(req.channel), schedule: req.scheduleId, slot: req.slot });
    return null;
  }
  if (claim.kind === 'busy') {
    throw new BusyError('A question is being posted in this channel right now. Try again in a minute.');
  }
  const { drop, previous } = claim;
  if (previous) await revealClosed(deps, previous);

  deps.posting.add(drop.id);
  try {
    const ref = await chat.postDrop(req.channel, dropView(drop, question, pack, latest?.packId !== pack.id, settings.tz));
    await store.drops.markOpen(drop.id, ref);
    log.info('drop.posted', { ...where(req.channel), drop: drop.id, question: question.id, schedule: req.scheduleId });
    return (await store.drops.get(drop.id))!;
  } catch (err) {
    const reason = reasonOf(err);
    await store.drops.markFailed(drop.id, reason);
    log.error('drop.post_failed', { ...where(req.channel), drop: drop.id, reason });
    if (err instanceof ChannelGoneError) await pauseIfGone(deps, req, err, now);
    throw new PlatformError(`Could not post the question: ${reason}`);
  } finally {
    deps.posting.delete(drop.id);
  }
}

/** Failures in a row that pause a schedule when the platform says the channel is unusable. */
const GONE_STRIKES = 3;

async function pauseIfGone(deps: TutorDeps, req: DropRequest, err: ChannelGoneError, now: number): Promise<void> {
  const strikes = req.scheduleId ? await deps.store.drops.recentStates(req.scheduleId, GONE_STRIKES) : [];
  const struckOut = strikes.length === GONE_STRIKES && strikes.every((s) => s === 'failed');
  if (err.immediate || struckOut) await channelGone(deps, req.channel, err.message, now);
}

/**
 * Closes an open drop and posts the reveal. False when it was not open (already closed elsewhere).
 * `revealed` tells the caller whether the channel got the reveal, so nobody is told it did when not.
 */
export async function closeDrop(deps: TutorDeps, drop: Drop, now: number): Promise<{ closed: boolean; revealed: boolean }> {
  if (!await deps.store.drops.close(drop.id, now)) return { closed: false, revealed: false };
  return { closed: true, revealed: await revealClosed(deps, (await deps.store.drops.get(drop.id))!) };
}

/** Posts the reveal of a drop that is already closed; false when it could not be posted. */
async function revealClosed(deps: TutorDeps, drop: Drop): Promise<boolean> {
  const { store, log } = deps;
  const posted = await postedContent(deps, drop);
  const chat = deps.chat(drop.platform);
  if (!posted || !chat || !drop.messageRef) {
    const reason = !chat ? 'platform not running' : !posted ? 'question no longer loaded' : 'the question never reached the channel';
    log.warn('drop.reveal_skipped', { ...where(drop), drop: drop.id, reason });
    return false;
  }
  // Counted by the store: a drop's answers are never read one by one here, however many there are.
  const tally = await store.answers.tally(drop.id, MAX_WINNERS_SHOWN);
  // Only the names the reveal shows: the first right answers.
  const names = new Map(await Promise.all(tally.firstRight.map(async (id) => [id, (await store.members.name(drop, id)) ?? id] as const)));
  const credit = await store.suggestions.authorOf(drop, drop.packId, drop.questionId);
  const view = { ...revealView(drop, posted.question, posted.pack, tally, (id) => names.get(id) ?? id), ...(credit ? { credit } : {}) };
  const files = await picturesOf(deps, view);
  try {
    await chat.postReveal(drop, view, files);
    log.info('drop.closed', { ...where(drop), drop: drop.id, answers: tally.total });
    return true;
  } catch (err) {
    log.error('drop.reveal_failed', { ...where(drop), drop: drop.id, reason: reasonOf(err) });
    return false;
  }
}

/** Closes every open drop whose window has passed, and settles drops whose process died mid-post. */
export async function closeDue(deps: TutorDeps, now: number): Promise<number> {
  await settleStalePosting(deps, now);
  let closed = 0;
  for (const drop of await deps.store.drops.dueToClose(now)) {
    if (deps.chat(drop.platform) && (await closeDrop(deps, drop, now)).closed) closed += 1;
  }
  return closed;
}

/**
 * A drop left in `posting` blocks its channel and never closes. If people answered it, its message did
 * reach the channel: close it (their answers stand). Otherwise nobody saw it: mark it failed. Either way
 * it is logged, and a scheduled slot is not posted again (no double post if the message did arrive).
 */
async function settleStalePosting(deps: TutorDeps, now: number): Promise<void> {
  for (const drop of await deps.store.drops.postingBefore(now - POSTING_STALE_MS)) {
    if (deps.posting.has(drop.id)) continue;
    if ((await deps.store.answers.forDrop(drop.id)).length > 0) {
      if (await deps.store.drops.close(drop.id, now)) deps.log.warn('drop.stale_posting_closed', { ...where(drop), drop: drop.id });
    } else {
      await deps.store.drops.markFailed(drop.id, 'the process posting it stopped before the platform answered');
      deps.log.warn('drop.stale_posting_failed', { ...where(drop), drop: drop.id });
    }
  }
}
