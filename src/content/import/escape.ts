/**
 * Makes bank text safe to write into a pack: the parser must read it back as the same prompt, option
 * or line, never as a heading, an option, a `key:` line or a code fence. Escapes are CommonMark
 * backslash escapes, so Markdown renders them as the original character.
 */
import { isFence } from '../lines.ts';

// What the pack parser looks for (see parse-pack.ts and parse-question.ts).
const HEADING = /^#{1,3}\s/;
const OPTION = /^(\s*[A-Z])([).]\s)/;
const KEY = /^(\s*(?:difficulty|takeaway|answer)\s*)(:)/i;

/** One prompt line outside a code block, escaped if the parser would take it for structure. */
function escapeLine(line: string): string {
  if (HEADING.test(line)) return `\\${line}`;
  if (isFence(line)) return line.replace(/^(\s*)/, '$1\\');
  return line.replace(OPTION, '$1\\$2').replace(KEY, '$1\\$2');
}

/**
 * A prompt as pack lines: fenced code blocks are kept exactly; outside them, lines starting with
 * `#`–`###`, `A)`/`A.`, `difficulty:`/`takeaway:`/`answer:` get a backslash before that character; a
 * code fence that is never closed is escaped too, so it cannot swallow the options.
 */
export function escapePrompt(prompt: string): string {
  const lines = prompt.split('\n');
  const fences = lines.flatMap((l, i) => (isFence(l) ? [i] : []));
  const unmatched = fences.length % 2 ? fences[fences.length - 1] : undefined;
  let fenced = false;
  return lines
    .map((line, i) => {
      if (i === unmatched) return escapeLine(line);
      if (isFence(line)) {
        fenced = !fenced;
        return line;
      }
      return fenced ? line : escapeLine(line);
    })
    .join('\n');
}

/** Text collapsed to one line (options, final answer, "Why not" and note lines hold one line each). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A one-line value that starts a line in a section: escaped if it would read as a heading or fence. */
export function escapeLineStart(text: string): string {
  return HEADING.test(text) || isFence(text) ? `\\${text}` : text;
}
