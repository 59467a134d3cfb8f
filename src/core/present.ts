/** Builds view-models from content and stored rows. Pure: no store, no clock. */
import type { Drop, Pack, Question } from './types.ts';
import type { DropTally } from './ports.ts';
import type { DropView, FeedbackView, RevealView, SolutionPart, WalkStage } from './views.ts';

/** Most winners a reveal names before saying "and N more". */
export const MAX_WINNERS_SHOWN = 20;

/** The question as posted in the channel. */
export function dropView(drop: Drop, question: Question, pack: Pack, firstOfPack = false, tz?: string): DropView {
  const bigIdea = pack.lesson.find((s) => s.title === 'The big idea')?.body;
  return {
    ...(firstOfPack && bigIdea ? { intro: { bigIdea, learnCommand: `/quiz learn ${pack.id}` } } : {}),
    kind: 'drop',
    dropId: drop.id,
    packId: pack.id,
    packTitle: pack.title,
    difficulty: question.difficulty,
    prompt: question.prompt,
    options: question.options.map(({ letter, text }) => ({ letter, text })),
    closesAt: drop.closesAt,
    reactions: drop.reactions,
    ...(tz ? { tz } : {}),
  };
}

/** The worked solution part shared by feedback and reveal. */
export function solutionPart(question: Question, pack: Pack): SolutionPart {
  const correct = question.options.find((o) => o.letter === question.answer);
  const takeaway = question.takeaway ? pack.takeaways[question.takeaway - 1] : undefined;
  return {
    correctLetter: question.answer,
    correctText: correct?.text ?? '',
    steps: question.steps,
    finalAnswer: question.finalAnswer,
    quickCheck: question.quickCheck,
    commonMistakes: question.commonMistakes,
    hint: question.hint,
    ...(takeaway ? { takeaway } : {}),
  };
}

/** Private feedback for `chosen`; `note` marks an answer that was not scored. */
export function feedbackView(
  dropId: number | null,
  question: Question,
  pack: Pack,
  chosen: string,
  points: number,
  note?: string,
  hinted = false,
  stage: WalkStage = 'all',
): FeedbackView {
  const correct = chosen === question.answer;
  const whyNot = correct ? undefined : question.options.find((o) => o.letter === chosen)?.whyNot;
  return {
    kind: 'feedback',
    dropId,
    questionId: question.id,
    stage,
    packTitle: pack.title,
    difficulty: question.difficulty,
    prompt: question.prompt,
    chosen,
    correct,
    points,
    ...(whyNot ? { whyNot } : {}),
    ...(note ? { note } : {}),
    ...(hinted ? { hinted: true as const } : {}),
    solution: solutionPart(question, pack),
  };
}

/** The public reveal: counts per option, who got it right (the first of them by name), the solution. */
export function revealView(drop: Drop, question: Question, pack: Pack, tally: DropTally, nameOf: (userId: string) => string): RevealView {
  const winners = tally.firstRight.slice(0, MAX_WINNERS_SHOWN).map(nameOf);
  return {
    kind: 'reveal',
    dropId: drop.id,
    packTitle: pack.title,
    difficulty: question.difficulty,
    prompt: question.prompt,
    options: question.options.map(({ letter, text }) => ({
      letter,
      text,
      count: tally.choices.find((c) => c.choice === letter)?.n ?? 0,
    })),
    total: tally.total,
    winners,
    moreWinners: Math.max(0, tally.right - winners.length),
    solution: solutionPart(question, pack),
  };
}
