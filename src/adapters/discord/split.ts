/**
 * Long text over several embed fields, embeds and messages instead of clipping it: a field holds 1,024
 * characters and all the embeds of one message 6,000 together (Discord's embed limits), and a worked
 * solution must never lose its final answer or a lesson its last takeaway.
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { clip, LIMITS } from './limits.ts';

const FENCE = /^\s*(```|~~~)/;

/** The opening line of a fenced block left open at the end of `text` (language included), and its marker. */
function openFenceLine(text: string): { line: string; marker: string } | null {
  let open: { line: string; marker: string } | null = null;
  for (const line of text.split('\n')) {
    const m = FENCE.exec(line);
    if (!m) continue;
    if (!open) open = { line: line.trim(), marker: m[1]! };
    else if (m[1] === open.marker) open = null;
  }
  return open;
}

/** The longest prefix of at most `max` UTF-16 units that does not split a surrogate pair. */
function cutAt(text: string, max: number): number {
  let n = 0;
  for (const ch of text) {
    if (n + ch.length > max) break;
    n += ch.length;
  }
  return n;
}

/**
 * Splits Markdown into chunks of at most `max` characters, at a paragraph, line or word break when one
 * is near. A chunk that ends inside a fenced code block closes the fence, and the next reopens it.
 */
export function splitMarkdown(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  let reopen = '';
  while (rest.length) {
    const head = reopen ? `${reopen}\n` : '';
    // Room for the reopened fence in front and a closing fence behind.
    const budget = max - head.length - 5;
    if (head.length + rest.length <= max) {
      chunks.push(head + rest);
      break;
    }
    let end = cutAt(rest, budget);
    const window = rest.slice(0, end);
    const breakAt = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'));
    const space = window.lastIndexOf(' ');
    if (breakAt > budget / 2) end = breakAt;
    else if (space > budget / 2) end = space;
    let piece = head + rest.slice(0, end).replace(/\s+$/, '');
    const fence = openFenceLine(piece);
    if (fence) piece += `\n${fence.marker}`;
    chunks.push(piece);
    rest = rest.slice(end).replace(/^\s+/, '');
    reopen = fence?.line ?? '';
  }
  return chunks.length ? chunks : [''];
}

/** One field per chunk: a long value continues in fields named "… (cont.)". */
export function splitField(field: APIEmbedField): APIEmbedField[] {
  const name = clip(field.name || '\u200b', LIMITS.fieldName - 8);
  return splitMarkdown(field.value || '\u200b', LIMITS.fieldValue).map((value, i) => ({
    name: i === 0 ? name : `${name} (cont.)`,
    value: value || '\u200b',
    ...(field.inline ? { inline: true } : {}),
  }));
}

const length = (e: APIEmbed): number =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.footer?.text.length ?? 0) +
  (e.author?.name.length ?? 0) +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

/**
 * `head` (title, description, author …) and then `fields`, as one embed per message: the first carries the
 * head, later ones continue with the same colour and a "continued" title, each within 25 fields and 6,000
 * characters. The footer goes on the last. Nothing is dropped.
 */
export function embedsFor(head: APIEmbed, fields: APIEmbedField[]): APIEmbed[] {
  const { footer, ...first } = head;
  const pieces = fields.flatMap(splitField);
  const out: APIEmbed[] = [{ ...first, fields: [] }];
  const continued = (): APIEmbed => ({ ...(head.color !== undefined ? { color: head.color } : {}), title: clip(`${head.title ?? ''} (continued)`, LIMITS.title), fields: [] });
  for (const f of pieces) {
    let current = out[out.length - 1]!;
    const room = LIMITS.embedTotal - length(current) - (footer?.text.length ?? 0);
    if (current.fields!.length >= LIMITS.fields || f.name.length + f.value.length > room) {
      current = continued();
      out.push(current);
    }
    current.fields!.push(f);
  }
  if (footer) out[out.length - 1]!.footer = footer;
  return out.map((e) => (e.fields?.length ? e : { ...e, fields: undefined })).map(({ fields: fs, ...e }) => (fs ? { ...e, fields: fs } : e));
}
