/**
 * Writes a question (and the head of a new pack) in the pack format, so a question suggested in chat is
 * stored, checked and exported like one written in a file. Text is escaped so the parser reads it back
 * as the same prompt, option or line, never as structure.
 */
import type { PackHead } from '../core/ports.ts';
import type { Question } from '../core/types.ts';
import { escapeLineStart, escapePrompt, oneLine } from './import/escape.ts';

/** A `## Question:` block, ending with a blank line. */
export function questionMarkdown(q: Question): string {
  return [
    `## Question: ${q.id}`,
    '',
    `difficulty: ${q.difficulty}`,
    '',
    escapePrompt(q.prompt),
    '',
    ...q.options.map((o) => `${o.letter}) ${oneLine(o.text)}`),
    '',
    `answer: ${q.answer}`,
    '',
    '### Solution',
    ...q.steps.flatMap((s, i) => [`${i + 1}. ${oneLine(s.title)}`, `   ${escapeLineStart(oneLine(s.explanation))}`]),
    '',
    '### Final answer',
    escapeLineStart(oneLine(q.finalAnswer)),
    '',
    '### Quick check',
    escapeLineStart(oneLine(q.quickCheck)),
    '',
    '### Hint',
    escapeLineStart(oneLine(q.hint)),
    '',
    '### Common mistakes',
    ...q.commonMistakes.map((m) => `- ${oneLine(m)}`),
    '',
  ].join('\n');
}

/** The title, id and lesson of a new pack, before its first question. */
export function packHeadMarkdown(head: PackHead): string {
  return [
    `# Pack: ${oneLine(head.title)}`,
    '',
    `id: ${head.id}`,
    '',
    '## Lesson',
    '',
    '### The big idea',
    escapeLineStart(oneLine(head.bigIdea)),
    '',
    '### Key takeaways',
    ...head.takeaways.map((t) => `- ${oneLine(t)}`),
    '',
  ].join('\n');
}
