/** Writes imported questions as one pack in our Markdown format, with TODO placeholders the checker warns about. */
import { TODO_MARK } from '../parse-question.ts';
import { escapeLineStart, escapePrompt, oneLine } from './escape.ts';
import type { Draft } from './types.ts';

/** What the pack header needs. */
export interface PackHeader {
  id: string;
  title: string;
  topic?: string;
  /** The bank's file name, mentioned in the lesson placeholder. */
  source: string;
}

/** The letter of the option at `index` (0 → A). */
export function letterAt(index: number): string {
  return String.fromCharCode(65 + index);
}

/** `<pack-id>-<n>`, zero-padded to at least 3 digits (more when the bank has more questions). */
export function questionId(packId: string, n: number, total: number): string {
  return `${packId}-${String(n).padStart(Math.max(3, String(total).length), '0')}`;
}

function question(header: PackHeader, d: Draft, total: number): string {
  const right = letterAt(d.answer);
  const options = d.options.map((o, i) => `${letterAt(i)}) ${oneLine(o.text)}`);
  const whyNot = d.options.flatMap((o, i) => (o.whyNot && i !== d.answer && oneLine(o.whyNot) ? [`- ${letterAt(i)}: ${oneLine(o.whyNot)}`] : []));
  const notes = d.notes.map(oneLine).filter(Boolean).map((n) => `   ${escapeLineStart(n)}`);
  return [
    `## Question: ${questionId(header.id, d.n, total)}`,
    '',
    `difficulty: ${d.difficulty}`,
    '',
    escapePrompt(d.prompt),
    '',
    ...options,
    '',
    `answer: ${right}`,
    '',
    '### Solution',
    `1. ${TODO_MARK}: write the worked solution`,
    `   ${TODO_MARK}: explain why ${right} is right, step by step. (Imported from ${oneLine(header.source)}, ${d.where}.)`,
    ...notes,
    '',
    '### Final answer',
    escapeLineStart(`${oneLine(d.options[d.answer]!.text)} -> Option ${right}`),
    '',
    '### Quick check',
    `${TODO_MARK}: one line to verify the answer quickly.`,
    '',
    '### Hint',
    `${TODO_MARK}: one line that nudges without giving the answer away.`,
    '',
    '### Common mistakes',
    `- ${TODO_MARK}: what leads people to a wrong option?`,
    ...(whyNot.length ? ['', '### Why not', ...whyNot] : []),
    '',
  ].join('\n');
}

/** The whole pack file. `total` is the bank's question count (for id padding), imported or not. */
export function packToMarkdown(header: PackHeader, drafts: Draft[], total: number): string {
  const head = [
    `# Pack: ${oneLine(header.title)}`,
    '',
    `id: ${header.id}`,
    ...(header.topic && oneLine(header.topic) ? [`topic: ${oneLine(header.topic)}`] : []),
    '',
    '## Lesson',
    '',
    '### The big idea',
    `${TODO_MARK}: in a sentence or two, what these questions teach (imported from ${oneLine(header.source)}).`,
    '',
    '### Key takeaways',
    `- ${TODO_MARK}: the first thing a learner should remember.`,
    `- ${TODO_MARK}: the second.`,
    '',
  ].join('\n');
  return `${[head, ...drafts.map((d) => question(header, d, total))].join('\n')}`;
}
