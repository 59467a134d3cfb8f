/**
 * Reads lists from the app manifest (slack/manifest.yml) so tests use exactly what an admin installs.
 * The manifest is plain block YAML; this reads `key:` nesting by indentation and `- item` lists,
 * which is all the two lists below use (no YAML dependency for two lists).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's manifest. */
export const MANIFEST_PATH = join(import.meta.dirname, '..', '..', '..', 'slack', 'manifest.yml');

/** The manifest for installing into any workspace (OAuth, HTTP mode). */
export const DISTRIBUTED_MANIFEST_PATH = join(import.meta.dirname, '..', '..', '..', 'slack', 'manifest-distributed.yml');

/** The scalar `key: value` under the nested keys `path` (e.g. settings → socket_mode_enabled), or undefined. */
export function manifestValue(path: readonly string[], file = MANIFEST_PATH): string | undefined {
  const stack: { indent: number; key: string }[] = [];
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').replace(/^\s*#.*$/, '');
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    const m = /^\s*(?:-\s+)?([A-Za-z0-9_.-]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    while (stack.length && stack.at(-1)!.indent >= indent) stack.pop();
    if (m[2] && stack.length === path.length - 1 && m[1] === path.at(-1) && stack.every((s, i) => s.key === path[i])) return m[2].trim();
    stack.push({ indent, key: m[1]! });
  }
  return undefined;
}

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
