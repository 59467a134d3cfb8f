/** Parses `/quiz` text (Slack and the terminal) into an invocation, using the one command spec. */
import { UsageError } from '../core/errors.ts';
import { lookup } from './lookup.ts';
import { COMMANDS } from './registry.ts';
import { ROOT, type Invocation, type OptionSpec } from './types.ts';
import { usageOf } from './usage.ts';

interface Token {
  value: string;
  quoted: boolean;
}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' };

/** Splits on spaces, keeping "quoted strings" (straight or curly quotes) and `name:"quoted values"` together. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const close = QUOTES[ch];
    if (close) {
      const end = text.indexOf(close, i + 1);
      if (end < 0) throw new UsageError(`A quote (${ch}) is never closed. Put the cron expression in quotes: "0 9 * * 1-5".`);
      tokens.push({ value: text.slice(i + 1, end), quoted: true });
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !/\s/.test(text[j]!)) {
      // `reason:"two words"`: a quoted value right after `name:` belongs to the name.
      const closeAt = QUOTES[text[j]!] && /^[A-Za-z]+:$/.test(text.slice(i, j)) ? text.indexOf(QUOTES[text[j]!]!, j + 1) : -1;
      if (closeAt > j) {
        tokens.push({ value: text.slice(i, j) + text.slice(j + 1, closeAt), quoted: false });
        j = closeAt + 1;
        i = -1;
        break;
      }
      j += 1;
    }
    if (i >= 0) tokens.push({ value: text.slice(i, j), quoted: false });
    i = j;
  }
  return tokens;
}

const CRON_FIELD = /^[\d*?,/-]+$|^[A-Za-z]{3}([-,][A-Za-z]{3})*$/;

/** `<@U123|ann>`, `<@U123>`, `@ann` → the bare id or name. */
function bareMention(value: string): string {
  return value.replace(/^<[@#][!&]?([^|>]+)(\|[^>]*)?>$/, '$1').replace(/^[@#]/, '');
}

/** `<!subteam^S123|@tutors>` (a Slack user group, as Slack escapes it), `<@&123>` or `@tutors` → the id or name. */
function bareGroup(value: string): string {
  return value.replace(/^<!subteam\^([^|>]+)(\|[^>]*)?>$/, '$1').replace(/^<@&([^|>]+)>$/, '$1').replace(/^@/, '');
}

/** A value as the option's type wants it: mentions become the bare id or name. */
function bare(option: OptionSpec, value: string): string {
  if (option.type === 'role') return bareGroup(value);
  return option.type === 'user' || option.type === 'channel' ? bareMention(value) : value;
}

function looksLikeChannel(t: Token): boolean {
  return !t.quoted && (/^#\S+$/.test(t.value) || /^<#[^>]+>$/.test(t.value));
}

/** Parses the text after `/quiz`. Throws UsageError with the command's usage when it can't. */
export function parseText(text: string): Invocation {
  const tokens = tokenize(text.trim());
  const found = lookup(COMMANDS, tokens.slice(0, 2).map((t) => t.value));
  if (!('spec' in found)) return { path: tokens.slice(0, 2).map((t) => t.value), options: {} };
  const { spec, path } = found;
  const rest = tokens.slice(path.length);
  const options: Record<string, string> = {};
  const byKey = (key: string): OptionSpec | undefined =>
    spec.options.find((o) => o.name === key.toLowerCase() || o.aliases?.includes(key.toLowerCase()));
  const fail = (why: string) => new UsageError(`${why} Usage: ${usageOf(path, spec)}`);

  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!;
    const named = !t.quoted && /^([A-Za-z]+):(.*)$/.exec(t.value);
    const option = named ? byKey(named[1]!) : undefined;
    if (named && option) {
      let value = named[2]!;
      if (value === '' && rest[i + 1]) value = rest[++i]!.value;
      if (options[option.name] !== undefined) throw fail(`${option.name} is given twice.`);
      options[option.name] = bare(option, value);
      continue;
    }
    const slot = spec.options.find((o) => o.positional && options[o.name] === undefined && (o.type !== 'channel' || looksLikeChannel(t)));
    if (!slot) throw fail(`I did not expect "${t.value.slice(0, 40)}".`);
    if (slot.spansWords && !t.quoted) {
      // An unquoted cron expression: take up to five fields, or six when the sixth is a field too.
      const words = [t.value];
      while (words.length < 6 && rest[i + 1] && !rest[i + 1]!.quoted && CRON_FIELD.test(rest[i + 1]!.value)) {
        words.push(rest[++i]!.value);
      }
      options[slot.name] = words.join(' ');
    } else {
      options[slot.name] = bare(slot, t.value);
    }
  }
  return { path, options };
}

/** Strips a leading `/quiz` from a terminal line; undefined when the line is not a /quiz command. */
export function stripRoot(line: string): string | undefined {
  const m = new RegExp(`^/${ROOT}(?:\\s+|$)(.*)$`, 's').exec(line.trim());
  return m ? m[1]! : undefined;
}
