/**
 * Reads lists from the app manifest (slack/manifest.yml) so tests use exactly what an admin installs.
 * The manifest is plain block YAML; this reads `key:` nesting by indentation and `- item` lists,
 * which is all the two lists below use (no YAML dependency for two lists).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's manifest. */
export const MANIFEST_PATH = join(import.meta.dirname, '..', '..', '..', 'slack', 'manifest.yml');

/** The `- item` entries under the nested keys `path` (e.g. oauth_config → scopes → bot). */
export function manifestList(path: readonly string[], file = MANIFEST_PATH): string[] {
  const stack: { indent: number; key: string }[] = [];
  const out: string[] = [];
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').replace(/^\s*#.*$/, '');
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    const item = /^\s*-\s+(\S+)\s*$/.exec(line);
    if (item) {
      if (stack.length === path.length && stack.every((s, i) => s.key === path[i])) out.push(item[1]!);
      continue;
    }
    const key = /^\s*([A-Za-z0-9_.-]+):/.exec(line);
    if (!key) continue;
    while (stack.length && stack.at(-1)!.indent >= indent) stack.pop();
    stack.push({ indent, key: key[1]! });
  }
  return out;
}

/** The bot scopes the manifest asks for. */
export function manifestScopes(file?: string): string[] {
  return manifestList(['oauth_config', 'scopes', 'bot'], file);
}

/** The bot events the manifest subscribes to. */
export function manifestEvents(file?: string): string[] {
  return manifestList(['settings', 'event_subscriptions', 'bot_events'], file);
}
