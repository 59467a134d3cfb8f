/** Which question a channel gets next: no repeat until a pack is used up; easy, then medium, then hard. */
import { DIFFICULTIES, type Difficulty, type Pack, type Question } from './types.ts';

/** What the caller asks for. */
export interface PickRequest {
  packId?: string;
  difficulty?: Difficulty;
  /** Pack of the channel's latest drop, so a channel finishes one pack before starting another. */
  lastPackId?: string;
}

function candidates(pack: Pack, difficulty?: Difficulty): Question[] {
  return difficulty ? pack.questions.filter((q) => q.difficulty === difficulty) : pack.questions;
}

function round(questions: Question[], usage: Map<string, number>): number {
  return Math.min(...questions.map((q) => usage.get(q.id) ?? 0));
}

/** Picks from `packs` (in rotation order) given how often each question was already dropped in the channel. */
export function pickQuestion(packs: Pack[], usage: Map<string, number>, req: PickRequest): Question | undefined {
  const pool = packs
    .filter((p) => !req.packId || p.id === req.packId)
    .map((pack) => ({ pack, questions: candidates(pack, req.difficulty) }))
    .filter((c) => c.questions.length > 0);
  if (pool.length === 0) return undefined;

  // A pack's round is how many times its least-used question was dropped here; lower rounds go first.
  const lowest = Math.min(...pool.map((c) => round(c.questions, usage)));
  const open = pool.filter((c) => round(c.questions, usage) === lowest);
  const chosen = open.find((c) => c.pack.id === req.lastPackId) ?? open[0]!;

  const rank = (q: Question) => DIFFICULTIES.indexOf(q.difficulty);
  const fresh = chosen.questions
    .map((q, order) => ({ q, order }))
    .filter(({ q }) => (usage.get(q.id) ?? 0) === lowest)
    .sort((a, b) => rank(a.q) - rank(b.q) || a.order - b.order);
  return fresh[0]?.q;
}
