/** Reading an answer letter the way people type it. */
import { UsageError } from './errors.ts';
import type { Question } from './types.ts';

/** "b", " B) " and "b." all mean B. */
export function normalizeLetter(input: string): string {
  return input.trim().replace(/[).:]$/, '').toUpperCase();
}

/** The option letter meant by `raw`, or a UsageError listing the valid ones. */
export function checkLetter(question: Question, raw: string): string {
  const letter = normalizeLetter(raw);
  const letters = question.options.map((o) => o.letter);
  if (!letters.includes(letter)) throw new UsageError(`"${raw.slice(0, 20)}" is not an option. Answer with one of ${letters.join(', ')}.`);
  return letter;
}
