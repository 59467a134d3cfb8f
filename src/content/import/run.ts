/** Runs one format over a bank's text: split, convert each question (with progress), collect drafts and skips. */
import { aiken } from './aiken.ts';
import { gift } from './gift.ts';
import { opentdb } from './opentdb.ts';
import { NO_PROGRESS, type Progress } from './progress.ts';
import type { Draft, Format, ImportOptions, Skip } from './types.ts';

/** The formats `--from` accepts. */
export const FORMAT_NAMES = ['aiken', 'gift', 'opentdb'] as const;
/** One of FORMAT_NAMES. */
export type FormatName = (typeof FORMAT_NAMES)[number];

/** What a bank gave: questions to write, questions refused, how many there were, and an implied topic. */
export interface ImportResult {
  drafts: Draft[];
  skipped: Skip[];
  total: number;
  topic?: string;
}

function run<R>(format: Format<R>, text: string, options: ImportOptions, progress: (total: number) => Progress): ImportResult {
  const { records, topic } = format.split(text);
  const report = progress(records.length);
  const drafts: Draft[] = [];
  const skipped: Skip[] = [];
  records.forEach((record, i) => {
    const outcome = format.convert(record, options);
    if ('draft' in outcome) drafts.push(outcome.draft);
    else skipped.push(outcome.skip);
    report.tick(i + 1);
  });
  report.finish();
  return { drafts, skipped, total: records.length, ...(topic ? { topic } : {}) };
}

/** Imports `text` as `from`; throws ImportError when the bank cannot be read at all. */
export function importBank(from: FormatName, text: string, options: ImportOptions, progress: (total: number) => Progress = () => NO_PROGRESS): ImportResult {
  switch (from) {
    case 'aiken':
      return run(aiken, text, options, progress);
    case 'gift':
      return run(gift, text, options, progress);
    case 'opentdb':
      return run(opentdb, text, options, progress);
  }
}
