/** Runs one format over a bank's text: split, convert each question (with progress), collect drafts and skips. */
import { stripControl } from '../../core/text.ts';
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

/**
 * A draft without control characters: Open Trivia DB text can carry `&#27;[2J` (a terminal escape
 * once decoded) and any bank can carry bidi overrides. The pack loader strips them too; doing it here
 * keeps them out of the written file and out of the importer's own output.
 */
function clean(d: Draft): Draft {
  return {
    ...d,
    prompt: stripControl(d.prompt),
    options: d.options.map((o) => ({ text: stripControl(o.text), ...(o.whyNot !== undefined ? { whyNot: stripControl(o.whyNot) } : {}) })),
    notes: d.notes.map(stripControl),
  };
}

function run<R>(format: Format<R>, text: string, options: ImportOptions, progress: (total: number) => Progress): ImportResult {
  const { records, topic: rawTopic } = format.split(text);
  const topic = rawTopic === undefined ? undefined : stripControl(rawTopic);
  const report = progress(records.length);
  const drafts: Draft[] = [];
  const skipped: Skip[] = [];
  records.forEach((record, i) => {
    const outcome = format.convert(record, options);
    // A skip reason may quote the bank ("ANSWER: …"); it is printed to a terminal.
    if ('draft' in outcome) drafts.push(clean(outcome.draft));
    else skipped.push({ ...outcome.skip, reason: stripControl(outcome.skip.reason) });
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
