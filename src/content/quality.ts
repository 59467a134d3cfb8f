/**
 * Checks that a question does not give itself away, across every loaded pack: a hint that states the
 * answer, a correct option that stands out by length, near-duplicate questions, and a pack whose answer
 * key leans on one letter. Each finding is a warning: the pack is still served.
 */
import type { Pack, Question } from '../core/types.ts';

/** Where a pack's pieces are, for file:line in each warning. */
export interface PackPlace {
  pack: Pack;
  file: string;
  idLine: number;
  /** Question id -> line of its heading. */
  questionLines: Map<string, number>;
}

/** A warning found by these checks. */
export interface QualityWarning {
  file: string;
  line: number;
  message: string;
}

/** Share of the correct option's words in a hint above which the hint states the answer. */
export const HINT_WORD_SHARE = 0.6;
/** The correct option is suspicious when longer than this many times every other option. */
export const LENGTH_RATIO = 1.5;
/** Word-trigram Jaccard similarity (prompt and options) at or above which two questions are near-duplicates. */
export const DUPLICATE_JACCARD = 0.3;
/** A pack's answer key is skewed when one letter is the answer to more than this share of its questions. */
export const LETTER_SHARE = 0.5;
/** Fewer questions than this say nothing about a pack's letters. */
export const LETTER_MIN_QUESTIONS = 6;

// Words too common to say anything about an answer.
const STOP = new Set(
  'the a an and or of to in on for with by is are be it its this that as at from which what when how why not no into than then their there these those was were will can does do has have had you your'.split(' '),
);

/** Lowercase words (letters, digits, `_`), for comparing text regardless of punctuation and Markdown. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** A crude stem (the first four letters), so "prep" and "prepare" count as "preparation". */
const stem = (w: string) => w.slice(0, 4);
const contentWords = (text: string) => words(text).filter((w) => w.length > 2 && !STOP.has(w));
const hasCode = (q: Question) => q.prompt.includes('```') || q.options.some((o) => o.text.includes('`'));

/** Why the hint gives the answer away, or null: it contains the correct option, or most of its words. */
export function hintGivesAway(q: Question): string | null {
  const correct = q.options.find((o) => o.letter === q.answer);
  if (!correct) return null;
  const hint = ` ${words(q.hint).join(' ')} `;
  const option = words(correct.text).join(' ');
  if (option.length >= 4 && hint.includes(` ${option} `)) return `the hint contains the correct option's text ("${correct.text}")`;
  const mine = [...new Set(contentWords(correct.text).map(stem))];
  if (mine.length < 2) return null;
  const inHint = new Set(words(q.hint).map(stem));
  const shared = mine.filter((w) => inHint.has(w));
  if (shared.length / mine.length < HINT_WORD_SHARE) return null;
  return `the hint uses ${shared.length} of the ${mine.length} words of the correct option ("${correct.text}"); nudge instead`;
}

/** Why the correct option stands out by length, or null; questions with code are exempt (output lines differ by nature). */
export function correctIsLongest(q: Question): string | null {
  if (hasCode(q)) return null;
  const correct = q.options.find((o) => o.letter === q.answer);
  const others = q.options.filter((o) => o.letter !== q.answer);
  if (!correct || !others.length) return null;
  const longestOther = Math.max(...others.map((o) => o.text.length));
  if (correct.text.length <= LENGTH_RATIO * longestOther) return null;
  return `the correct option (${correct.letter}) is ${(correct.text.length / longestOther).toFixed(1)} times as long as the longest other option; make the options of similar length`;
}

/** Word trigrams of a question's prompt and options. */
export function shingles(q: Question): Set<string> {
  const w = words([q.prompt, ...q.options.map((o) => o.text)].join(' '));
  const out = new Set<string>();
  for (let i = 0; i + 3 <= w.length; i += 1) out.add(w.slice(i, i + 3).join(' '));
  return out;
}

/** |A ∩ B| / |A ∪ B|. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size && !b.size) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both += 1;
  return both / (a.size + b.size - both);
}

/** Why the answer key is skewed, or null: one letter is the answer to more than half of a pack's questions. */
export function letterSkew(questions: Question[]): string | null {
  if (questions.length < LETTER_MIN_QUESTIONS) return null;
  const counts = new Map<string, number>();
  for (const q of questions) counts.set(q.answer, (counts.get(q.answer) ?? 0) + 1);
  const [letter, n] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
  if (n / questions.length <= LETTER_SHARE) return null;
  const spread = [...counts].sort((a, b) => a[0].localeCompare(b[0])).map(([l, c]) => `${l} ${c}`).join(', ');
  return `the answer is ${letter} in ${n} of ${questions.length} questions (${spread}); spread the correct letters`;
}

/** Every warning over the loaded packs, in file order. Pairs are compared once each (n² over a few hundred is cheap). */
export function qualityWarnings(places: PackPlace[]): QualityWarning[] {
  const out: QualityWarning[] = [];
  const all: { q: Question; place: PackPlace; set: Set<string> }[] = [];
  for (const place of places) {
    const { pack, file } = place;
    const skew = letterSkew(pack.questions);
    if (skew) out.push({ file, line: place.idLine, message: `pack "${pack.id}": ${skew}` });
    for (const q of pack.questions) {
      const at = place.questionLines.get(q.id) ?? 0;
      const hint = hintGivesAway(q);
      if (hint) out.push({ file, line: at, message: `question "${q.id}": ${hint}` });
      const long = correctIsLongest(q);
      if (long) out.push({ file, line: at, message: `question "${q.id}": ${long}` });
      all.push({ q, place, set: shingles(q) });
    }
  }
  for (let i = 0; i < all.length; i += 1) {
    for (let j = i + 1; j < all.length; j += 1) {
      const a = all[i]!;
      const b = all[j]!;
      const sim = jaccard(a.set, b.set);
      if (sim < DUPLICATE_JACCARD) continue;
      out.push({
        file: b.place.file,
        line: b.place.questionLines.get(b.q.id) ?? 0,
        message: `question "${b.q.id}" is a near-duplicate of "${a.q.id}" (${a.place.file}:${a.place.questionLines.get(a.q.id) ?? 0}; ${Math.round(sim * 100)}% of word triples shared); change one`,
      });
    }
  }
  return out;
}
