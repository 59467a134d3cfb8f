/** GIFT details: escape sequences, text-format prefixes, and reading the `{ … }` answer block. */

// Escaped characters become private-use placeholders while the structure is read, as Moodle does.
const ESCAPES: Record<string, string> = { '\\': '\uE000', ':': '\uE001', '#': '\uE002', '=': '\uE003', '{': '\uE004', '}': '\uE005', '~': '\uE006', n: '\uE007' };
const RESTORE: Record<string, string> = { '\uE000': '\\', '\uE001': ':', '\uE002': '#', '\uE003': '=', '\uE004': '{', '\uE005': '}', '\uE006': '~', '\uE007': '\n' };

/** Replaces `\\`, `\:`, `\#`, `\=`, `\{`, `\}`, `\~` and `\n` with placeholders no GIFT rule matches. */
export function protect(text: string): string {
  return text.replace(/\\([\\:#={}~n])/g, (_, c: string) => ESCAPES[c]!);
}

/** Turns placeholders back into the characters they stand for (`\n` into a line break). */
export function restore(text: string): string {
  return text.replace(/[\uE000-\uE007]/g, (c) => RESTORE[c]!);
}

/** Drops a leading `[markdown]`, `[html]`, `[plain]` or `[moodle]` format tag; the text is kept as written. */
export function stripFormat(text: string): string {
  return text.replace(/^\s*\[(?:markdown|html|plain|moodle)\]/i, '');
}

/** One multiple-choice answer: right or wrong, its text and its feedback (placeholders restored). */
export interface GiftAnswer {
  right: boolean;
  text: string;
  feedback: string;
}

/** A parsed answer block: multiple-choice answers, or why it is not one we import. */
export type AnswerBlock = { answers: GiftAnswer[]; general: string } | { unsupported: string };

const clean = (s: string) => restore(stripFormat(s)).trim();

/** Reads the inside of `{ … }` (placeholders still in), in Moodle's order of question types. */
export function readAnswerBlock(raw: string): AnswerBlock {
  let body = raw.trim();
  let general = '';
  const gf = body.lastIndexOf('####');
  if (gf >= 0) [body, general] = [body.slice(0, gf).trim(), clean(body.slice(gf + 4))];
  if (!body) return gf >= 0 ? { unsupported: 'no answers in { }' } : { unsupported: 'essay question ({}) is not supported' };
  if (body.startsWith('#')) return { unsupported: 'numeric question ({#…}) is not supported' };
  if (!body.includes('~')) {
    if (body.includes('=') && body.includes('->')) return { unsupported: 'matching question ({=a -> b …}) is not supported' };
    if (/^(T|F|TRUE|FALSE)$/i.test(body.split('#')[0]!.trim())) return { unsupported: 'true/false question ({T}, {F}) is not supported' };
    return { unsupported: 'short-answer question (only "=" answers, no "~") is not supported' };
  }
  const parts = body.split(/(?=[=~])/);
  if (parts[0] && !/^[=~]/.test(parts[0]) && parts[0].trim()) return { unsupported: `text before the first answer in { }: "${clean(parts[0])}"` };
  const answers: GiftAnswer[] = [];
  for (const part of parts.filter((p) => /^[=~]/.test(p))) {
    const rest = part.slice(1);
    if (/^\s*%-?\d+(?:\.\d+)?%/.test(rest)) return { unsupported: 'weighted answers (~%50%…, partial credit) are not supported' };
    const hash = rest.indexOf('#');
    const text = clean(hash >= 0 ? rest.slice(0, hash) : rest);
    if (!text) return { unsupported: 'an answer in { } is empty' };
    answers.push({ right: part[0] === '=', text, feedback: hash >= 0 ? clean(rest.slice(hash + 1)) : '' });
  }
  const right = answers.filter((a) => a.right).length;
  if (right === 0) return { unsupported: 'no right answer ("=") among the answers' };
  if (right > 1) return { unsupported: `${right} right answers ("="); a pack question has exactly one` };
  if (answers.length > 6) return { unsupported: `${answers.length} answers; a pack question has 2 to 6 options` };
  return { answers, general };
}
