/** Shapes shared by the bank importers, the Markdown writer and the CLI. */
import type { Difficulty } from '../../core/types.ts';

/** One option as read from the bank; `whyNot` is a wrong option's feedback, when the bank has it. */
export interface DraftOption {
  text: string;
  whyNot?: string;
}

/** A question ready to be written; it has no worked solution yet. */
export interface Draft {
  /** 1-based position in the bank, counting skipped questions too, so ids survive fixes and re-imports. */
  n: number;
  /** Where it came from, for the teacher: `line 12` or `results[3]`. */
  where: string;
  prompt: string;
  options: DraftOption[];
  /** Index into `options` of the right one. */
  answer: number;
  difficulty: Difficulty;
  /** Extra context from the bank (question name, right-answer or general feedback), one line each. */
  notes: string[];
}

/** A question the importer refused, with the reason. */
export interface Skip {
  n: number;
  where: string;
  reason: string;
}

/** What converting one bank question gives. */
export type Outcome = { draft: Draft } | { skip: Skip };

/** Choices that apply to every format. */
export interface ImportOptions {
  /** Difficulty for Aiken and GIFT questions, and for OpenTDB entries that carry none. */
  difficulty: Difficulty;
  /** Keep GIFT and OpenTDB options in file order instead of the seeded shuffle. */
  keepOrder: boolean;
}

/** A bank split into questions: `total` is known before any is converted, so progress can show it. */
export interface Bank<R> {
  records: R[];
  /** A pack topic the bank implies (one OpenTDB category, one GIFT `$CATEGORY`). */
  topic?: string;
}

/** One input format: a cheap split into records, then a conversion of each. */
export interface Format<R> {
  split(text: string): Bank<R>;
  convert(record: R, options: ImportOptions): Outcome;
}
