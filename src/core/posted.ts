/** The question and pack behind a drop: the question as it was posted, whatever the content says now. */
import { packsIn, type TutorDeps } from './deps.ts';
import type { Drop, Pack, Question } from './types.ts';

/**
 * An open drop keeps its question, so changing a pack's answer key cannot score two different answers as
 * right, and a deleted question can still be answered and revealed. Drops stored before Stepwise kept the
 * question fall back to the loaded content. A pack no longer loaded becomes a bare one (no takeaways).
 */
export async function postedContent(deps: TutorDeps, drop: Drop): Promise<{ question: Question; pack: Pack } | undefined> {
  // A built-in pack needs no store read; a workspace's own pack is looked up in what that workspace sees.
  const packs = drop.question && deps.packs.get(drop.packId) ? deps.packs : await packsIn(deps, drop);
  const question = drop.question ?? packs.question(drop.questionId);
  if (!question) return undefined;
  const pack = packs.get(drop.packId) ?? { id: drop.packId, title: drop.packId, lesson: [], takeaways: [], questions: [], source: '' };
  return { question, pack };
}
