/**
 * Aiken: question text (one or more lines), options `A. text` or `A) text`, then `ANSWER: X`.
 * A question ends at its ANSWER line or at a blank line, unless the next line is an option, the
 * ANSWER line (some banks leave a blank line before the options) or opens a code block in the
 * question text. Code blocks are kept as written, blank lines inside them included.
 */
import { isFence, type Line } from '../lines.ts';
import type { Bank, Format, ImportOptions, Outcome } from './types.ts';

/** One Aiken question as split from the file, not yet checked. */
export interface AikenRecord {
  n: number;
  line: number;
  text: Line[];
  options: { letter: string; text: string; n: number }[];
  answer?: { value: string; n: number };
  unclosedFence: boolean;
}

// Matched against trimmed lines, so no pattern needs a trailing `\s*$`: that shape retries from
// every space of a long run and is quadratic. After `\s+` the next character must be a non-space.
const OPTION = /^([A-Z])[.)]\s+(\S.*)$/;
const ANSWER = /^ANSWER\s*:(.*)$/;

/** Splits Aiken text into question records. */
export function splitAiken(text: string): Bank<AikenRecord> {
  const records: AikenRecord[] = [];
  let cur: AikenRecord | undefined;
  let fenced = false;
  let blank = false;
  const start = (n: number) => {
    cur = { n: records.length + 1, line: n, text: [], options: [], unclosedFence: false };
    records.push(cur);
    return cur;
  };
  for (const [i, raw] of text.split('\n').entries()) {
    const l: Line = { n: i + 1, text: raw };
    const t = raw.trim();
    if (cur && fenced) {
      cur.text.push(l);
      if (isFence(t)) fenced = false;
      continue;
    }
    if (!t) {
      blank = true;
      continue;
    }
    const opt = OPTION.exec(t);
    const ans = ANSWER.exec(t);
    if (opt || ans) {
      const r = !cur || cur.answer ? start(l.n) : cur;
      if (opt) r.options.push({ letter: opt[1]!, text: opt[2]!, n: l.n });
      else r.answer = { value: ans![1]!.trim(), n: l.n };
    } else {
      const continues = cur && !cur.answer && !cur.options.length && (!blank || isFence(t));
      const r = continues ? cur! : start(l.n);
      if (continues && blank) r.text.push({ n: l.n - 1, text: '' });
      r.text.push(l);
      if (isFence(t)) fenced = true;
    }
    blank = false;
  }
  if (cur && fenced) cur.unclosedFence = true;
  return { records };
}

function check(r: AikenRecord): string | undefined {
  const prompt = r.text.map((l) => l.text).join('\n').trim();
  if (!prompt) return 'no question text before the options';
  if (!r.options.length) {
    return r.unclosedFence ? 'no options: a code block (```) in the question is never closed' : 'no options ("A. text" or "A) text")';
  }
  const wrong = r.options.findIndex((o, i) => o.letter !== String.fromCharCode(65 + i));
  if (wrong >= 0) return `option ${r.options[wrong]!.letter} on line ${r.options[wrong]!.n} is out of order; expected ${String.fromCharCode(65 + wrong)}`;
  if (r.options.length < 2 || r.options.length > 6) return `${r.options.length} option(s); a pack question has 2 to 6`;
  if (!r.answer) return 'missing the "ANSWER: <letter>" line after the options';
  if (!/^[A-Za-z]$/.test(r.answer.value)) return `"ANSWER: ${r.answer.value}" on line ${r.answer.n} is not one letter`;
  const letters = r.options.map((o) => o.letter);
  if (!letters.includes(r.answer.value.toUpperCase())) {
    return `ANSWER ${r.answer.value.toUpperCase()} on line ${r.answer.n} is not among the options (${letters.join(', ')})`;
  }
  return undefined;
}

/** Checks one record and turns it into a draft, or says why it is skipped. */
export function convertAiken(r: AikenRecord, options: ImportOptions): Outcome {
  const where = `line ${r.line}`;
  const reason = check(r);
  if (reason) return { skip: { n: r.n, where, reason } };
  const letters = r.options.map((o) => o.letter);
  return {
    draft: {
      n: r.n,
      where,
      prompt: r.text.map((l) => l.text.trimEnd()).join('\n'),
      options: r.options.map((o) => ({ text: o.text })),
      answer: letters.indexOf(r.answer!.value.toUpperCase()),
      difficulty: options.difficulty,
      notes: [],
    },
  };
}

/** The Aiken format for the importer. */
export const aiken: Format<AikenRecord> = { split: splitAiken, convert: convertAiken };
