/** Small line-level helpers for the pack parser. */

/** A source line with its 1-based number. */
export interface Line {
  n: number;
  text: string;
}

/**
 * Joins the text of lines, trimming blank lines at both ends. Trailing space is cut with trimEnd,
 * which scans back from the end: a regex such as `/\s+$/` retries from every space of a long run
 * and made a 108 KB line take seconds.
 */
export function joinText(lines: Line[]): string {
  const texts = lines.map((l) => l.text.trimEnd());
  while (texts.length && texts[0] === '') texts.shift();
  while (texts.length && texts[texts.length - 1] === '') texts.pop();
  return texts.join('\n');
}

/** Items of a `- ` list; other non-blank lines continue the previous item. */
export function listItems(lines: Line[]): { n: number; text: string }[] {
  const items: { n: number; text: string }[] = [];
  for (const l of lines) {
    const t = l.text.trim();
    if (!t) continue;
    const m = /^[-*•]\s+(.*)$/.exec(t);
    if (m) items.push({ n: l.n, text: m[1]!.trim() });
    else if (items.length) items[items.length - 1]!.text += ` ${t}`;
    else items.push({ n: l.n, text: t });
  }
  return items;
}

/** True for a line that opens or closes a fenced code block. */
export function isFence(text: string): boolean {
  return /^\s*(```|~~~)/.test(text);
}
