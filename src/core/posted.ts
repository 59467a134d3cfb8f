/** The question and pack behind a drop: the question as it was posted, whatever the content says now. */
import type { TutorDeps } from './deps.ts';
import type { Drop, Pack, Question } from './types.ts';

/**
 * An open drop keeps its question, so changing a pack's answer key cannot score two different answers as
 * right, and a deleted question can still be answered and revealed. Drops stored before Stepwise kept the
 * question fall back to the loaded content. A pack no longer loaded becomes a bare one (no takeaways).
 */
export function postedContent(deps: TutorDeps, drop: Drop): { question: Question; pack: Pack } | undefined {
  const question = drop.question ?? deps.packs.question(drop.questionId);
  if (!question) return undefined;
  const pack = deps.packs.get(drop.packId) ?? { id: drop.packId, title: drop.packId, lesson: [], takeaways: [], questions: [], source: '' };
  return { question, pack };
}
