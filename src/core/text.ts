/** Text hygiene shared by content loading, the importers and (for display names) the adapters. */

/**
 * C0 controls except tab and line feed, DEL, C1 controls, and the bidi embedding, override and
 * isolate characters (U+202A–U+202E, U+2066–U+2069). The first two groups let text drive a
 * terminal (`ESC [2J` clears the screen); the bidi ones make text read differently from what is
 * stored ("Trojan Source"). Marks such as U+200E/U+200F stay: right-to-left text needs them and
 * they cannot reorder anything beyond themselves.
 */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** `text` without control characters; `\n` and `\t` are kept. Linear in the length of `text`. */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/** The index of the first character stripControl would remove, or -1 when there is none. */
export function firstControl(text: string): number {
  CONTROL.lastIndex = 0;
  const m = CONTROL.exec(text);
  CONTROL.lastIndex = 0;
  return m ? m.index : -1;
}
