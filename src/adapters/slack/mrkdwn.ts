/** Text for Slack: escaping so nothing in content or names pings, Markdown → mrkdwn, and Slack's length limits. */

/** Section and context text limit in Block Kit. */
export const SECTION_MAX = 3000;
/** Header block text limit. */
export const HEADER_MAX = 150;

/**
 * Escapes Slack's control characters (`&`, `<`, `>`), which turns `<!channel>`, `<!here>`, `<@U…>` and
 * `<#C…>` into visible text, and breaks bare `@channel`/`@here`/`@everyone` with a word joiner so no
 * client or `link_names` setting can ever turn them into a notification.
 */
export function escapeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

/** A channel link (never a ping) for a Slack channel id; anything else stays visible text. */
export function channelLink(id: string): string {
  return /^[CGD][A-Z0-9]{2,}$/.test(id) ? `<#${id}>` : escapeText(`#${id}`);
}

/**
 * Text the core wrote (errors, confirmations): escaped like content, but channel links the adapter
 * itself wrote (`<#C…>`) stay links. Only channel ids are restored: links, not notifications.
 */
export function systemText(text: string): string {
  return escapeText(text).replace(/&lt;#([CGD][A-Z0-9]{2,})(?:\|[^&]*)?&gt;/g, '<#$1>');
}

/** `text` cut to at most `n` UTF-16 units, never between the two halves of a surrogate pair (an emoji). */
export function safeSlice(text: string, n: number): string {
  const cut = text.slice(0, n);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Cuts to `max` characters with an ellipsis, never inside an entity or an emoji, and closes a cut code block. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = safeSlice(text, max - 5).replace(/&[a-z]*$/, '');
  if ((cut.match(/```/g) ?? []).length % 2 === 1) cut += '\n```';
  return `${cut}…`;
}

/**
 * Content Markdown → Slack mrkdwn, escaped. Fenced code blocks stay code blocks (without the language
 * tag Slack would print), `**bold**` becomes `*bold*`, `# Heading` becomes a bold line.
 */
export function markdownToMrkdwn(markdown: string): string {
  let inFence = false;
  const out: string[] = [];
  for (const line of markdown.replace(/\r\n/g, '\n').split('\n')) {
    const fence = /^\s*```/.test(line);
    if (fence) {
      inFence = !inFence;
      out.push('```');
      continue;
    }
    if (inFence) {
      out.push(escapeText(line));
      continue;
    }
    out.push(outsideInlineCode(escapeText(line).replace(/^#{1,6}\s+(.+)$/, '*$1*'), (part) => part.replace(/\*\*(\S(?:.*?\S)?)\*\*/g, '*$1*').replace(/__(\S(?:.*?\S)?)__/g, '_$1_')));
  }
  if (inFence) out.push('```');
  return out.join('\n');
}

/** Applies `fn` to the parts of a line outside `inline code`, so `__init__` and `**kwargs` stay as written. */
function outsideInlineCode(line: string, fn: (part: string) => string): string {
  return line
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? part : fn(part)))
    .join('');
}

/**
 * Splits mrkdwn into pieces of at most `max` characters at line breaks (a longer line at `max`,
 * emoji kept whole); a code block cut in two is closed and reopened, so each piece renders alone.
 */
export function splitMrkdwn(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  let inFence = false;
  const flush = () => {
    if (!current) return;
    pieces.push(inFence ? `${current}\n\`\`\`` : current);
    current = inFence ? '```\n' : '';
  };
  for (let line of text.split('\n')) {
    const budget = max - 4; // room for a closing fence
    while (line.length > budget) {
      flush();
      const head = safeSlice(line, budget - current.length);
      current += head;
      line = line.slice(head.length);
      flush();
    }
    if (current && current.length + 1 + line.length > budget) flush();
    current = current && current !== '```\n' ? `${current}\n${line}` : `${current}${line}`;
    if (/^\s*```/.test(line)) inFence = !inFence;
  }
  if (current && current !== '```\n') pieces.push(inFence ? `${current}\n\`\`\`` : current);
  return pieces.length ? pieces : [''];
}

/** Plain one-line text for `text` fallbacks and notifications: escaped, code fences flattened, short. */
export function fallbackText(text: string, max = 300): string {
  return clip(escapeText(text.replace(/```[^\n]*\n?/g, '').replace(/\s+/g, ' ').trim()), max);
}
