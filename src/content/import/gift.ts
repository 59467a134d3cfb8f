/**
 * Moodle GIFT, multiple choice only: `::title::` (optional), a `[format]` tag (optional), the question
 * text, and `{ =right ~wrong #feedback … }`. Questions are separated by blank lines; `//` comment
 * lines and `$CATEGORY:` lines are skipped. Every other question type is reported and skipped.
 */
import type { Line } from '../lines.ts';
import { protect, readAnswerBlock, restore, stripFormat } from './gift-answers.ts';
import { seededShuffle } from './shuffle.ts';
import type { Bank, DraftOption, Format, ImportOptions, Outcome } from './types.ts';

/** One GIFT question: its non-comment lines, as split from the file. */
export interface GiftRecord {
  n: number;
  line: number;
  lines: Line[];
}

/** Splits GIFT text into question records at blank lines; the topic is the last part of a single `$CATEGORY`. */
export function splitGift(text: string): Bank<GiftRecord> {
  const records: GiftRecord[] = [];
  const categories = new Set<string>();
  let cur: GiftRecord | undefined;
  for (const [i, raw] of text.split('\n').entries()) {
    const t = raw.trim();
    if (t.startsWith('//')) continue;
    const category = /^\$CATEGORY\s*:(.*)$/i.exec(t);
    if (category) categories.add(category[1]!.trim());
    if (!t || category) {
      cur = undefined;
      continue;
    }
    if (!cur) records.push((cur = { n: records.length + 1, line: i + 1, lines: [] }));
    cur.lines.push({ n: i + 1, text: raw });
  }
  const only = categories.size === 1 ? [...categories][0]! : '';
  const topic = only.split('/').filter((s) => s && !/^\$\w+\$$/.test(s)).pop();
  return { records, ...(topic ? { topic } : {}) };
}

/** Cuts spaces and tabs at the end of every line, in one pass (`/[ \t]+$/gm` is quadratic on a long run). */
function trimLineEnds(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let end = line.length;
      while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end -= 1;
      return line.slice(0, end);
    })
    .join('\n');
}

type Parts = { title: string; before: string; block: string; after: string } | { unsupported: string };

/** Finds the title and the one `{ … }` block in a question (placeholders in, escapes already protected). */
function parts(text: string): Parts {
  let rest = text.trim();
  let title = '';
  if (rest.startsWith('::')) {
    const end = rest.indexOf('::', 2);
    if (end < 0) return { unsupported: 'the "::title::" is never closed' };
    [title, rest] = [restore(rest.slice(2, end)).trim(), rest.slice(end + 2)];
  }
  const open = rest.indexOf('{');
  const close = rest.indexOf('}');
  if (open < 0 && close < 0) return { unsupported: 'no answer block { … }: a description, not a question' };
  if (open >= 0 && close < 0) return { unsupported: 'the answer block "{" is never closed (a blank line inside it ends the question)' };
  if (open < 0 || close < open) return { unsupported: 'a "}" without its "{" (write a literal brace as \\{ or \\})' };
  const after = rest.slice(close + 1);
  if (rest.slice(open + 1, close).includes('{') || after.includes('{') || after.includes('}')) {
    return { unsupported: 'more than one answer block { … }' };
  }
  return { title, before: rest.slice(0, open), block: rest.slice(open + 1, close), after };
}

/** Turns one GIFT record into a draft, or says why it is skipped. */
export function convertGift(r: GiftRecord, options: ImportOptions): Outcome {
  const where = `line ${r.line}`;
  const skip = (reason: string): Outcome => ({ skip: { n: r.n, where, reason } });
  const found = parts(protect(r.lines.map((l) => l.text).join('\n')));
  if ('unsupported' in found) return skip(found.unsupported);
  const block = readAnswerBlock(found.block);
  if ('unsupported' in block) return skip(block.unsupported);
  // Missing-word ("Grant is {…} in Grant's tomb."): the blank Moodle shows stands where the block was.
  const text = found.after.trim() ? `${found.before}_____${found.after}` : found.before;
  const prompt = trimLineEnds(restore(stripFormat(text))).trim();
  if (!prompt) return skip('no question text');
  const inFile: DraftOption[] = block.answers.map((a) => ({ text: a.text, ...(!a.right && a.feedback ? { whyNot: a.feedback } : {}) }));
  const ordered = options.keepOrder ? inFile : seededShuffle(inFile, prompt);
  const right = block.answers.find((a) => a.right)!;
  const notes = [
    ...(found.title ? [`Question name in the bank: ${found.title}`] : []),
    ...(right.feedback ? [`Feedback for the right answer in the bank: ${right.feedback}`] : []),
    ...(block.general ? [`General feedback in the bank: ${block.general}`] : []),
  ];
  return {
    draft: {
      n: r.n,
      where,
      prompt,
      options: ordered,
      answer: ordered.indexOf(inFile[block.answers.indexOf(right)]!),
      difficulty: options.difficulty,
      notes,
    },
  };
}

/** The GIFT format for the importer. */
export const gift: Format<GiftRecord> = { split: splitGift, convert: convertGift };
