/** Text from outside (content, names) made safe to show: no terminal escapes, no invisible reordering. */

// C0 controls but tab and newline, DEL, C1 controls, and the bidi embeddings, overrides and isolates
// that can make a line read differently from what it says.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Removes control characters (an escape such as ESC[2J clears a terminal) and bidi overrides. */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/** Longest display name kept; platforms cap theirs lower, the terminal does not. */
const MAX_NAME = 80;

/** A display name safe to store and show: one line, no control characters, never empty. */
export function cleanName(name: string, fallback: string): string {
  const clean = cut(stripControl(name).replace(/\s+/g, ' ').trim());
  return clean || cut(stripControl(fallback)) || 'someone';
}

/** At most MAX_NAME characters, never splitting a surrogate pair. */
function cut(text: string): string {
  // No more UTF-16 units than the limit means no more characters either: nothing to cut.
  if (text.length <= MAX_NAME) return text;
  return Array.from(text).slice(0, MAX_NAME).join('');
}
