/** Discord's message and embed limits, and truncation that never leaves a code fence open. */
import type { APIEmbed } from 'discord.js';

/** Documented limits (characters unless noted). */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  choiceName: 100,
  commandDescription: 100,
} as const;

const FENCE = /^\s*(```|~~~)/;

/** The longest prefix of at most `max` UTF-16 units that does not split a surrogate pair. */
function cut(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/** Shortens plain text to `max`, ending with "…". */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${cut(text, max - 1)}…`;
}

/** The fence marker left open at the end of `text` (inside a code block), or null. */
export function openFence(text: string): string | null {
  let open: string | null = null;
  for (const line of text.split('\n')) {
    const m = FENCE.exec(line);
    if (!m) continue;
    if (!open) open = m[1]!;
    else if (m[1] === open) open = null;
  }
  return open;
}

/**
 * Shortens Markdown to `max`: when the cut lands inside a fenced code block, the fence is closed
 * again so the rest of the message does not render as code.
 */
export function clipMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  let budget = max - 1;
  for (;;) {
    // A half-cut fence marker ("``") would confuse the renderer: drop trailing backticks.
    const head = cut(text, budget).replace(/`+$/, '');
    const fence = openFence(head);
    const out = fence ? `${head}…\n${fence}` : `${head}…`;
    if (out.length <= max || budget <= 8) return cut(out, max);
    budget -= out.length - max;
  }
}

const embedLength = (e: APIEmbed): number =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.footer?.text.length ?? 0) +
  (e.author?.name.length ?? 0) +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

/** Enforces every per-part limit and the 6000-character total, dropping trailing fields first. */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = clip(out.title, LIMITS.title);
  if (out.description !== undefined) out.description = clipMarkdown(out.description || '\u200b', LIMITS.description);
  if (out.footer) out.footer = { ...out.footer, text: clip(out.footer.text, LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: clip(out.author.name, LIMITS.author) };
  if (out.fields) {
    out.fields = out.fields.slice(0, LIMITS.fields).map((f) => ({
      ...f,
      name: clip(f.name || '\u200b', LIMITS.fieldName),
      value: clipMarkdown(f.value || '\u200b', LIMITS.fieldValue),
    }));
    while (embedLength(out) > LIMITS.embedTotal && out.fields.length) out.fields = out.fields.slice(0, -1);
  }
  const over = embedLength(out) - LIMITS.embedTotal;
  if (over > 0 && out.description) out.description = clipMarkdown(out.description, Math.max(1, out.description.length - over));
  return out;
}
