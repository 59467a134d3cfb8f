/**
 * Decodes HTML character references as Open Trivia DB writes them, through the `entities` package:
 * the whole HTML5 named set (2,231 names; the hand-written table before it knew HTML 4's 253) and the
 * numeric references with HTML's rules (128–159 as Windows-1252, invalid code points as U+FFFD).
 */
import { DecodingMode, decodeHTML } from 'entities';

/**
 * `&quot;`, `&#039;`, `&#x27;`, `&eacute;`, `&bigstar;`… decoded in one pass (so `&amp;quot;` gives
 * `&quot;`). Strict mode: only references ending in `;` count, so "AT&T" or "&copy 2020" stay as
 * written, as unknown names do.
 */
export function decodeHtmlEntities(text: string): string {
  return decodeHTML(text, DecodingMode.Strict);
}
