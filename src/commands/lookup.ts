/** Finds a subcommand by path in the registry. */
import { isGroup, type CommandGroup, type CommandSpec } from './types.ts';

/** The subcommand at `path`, or what was found on the way (for a helpful error). */
export function lookup(
  entries: readonly (CommandSpec | CommandGroup)[],
  path: readonly string[],
): { spec: CommandSpec; path: string[] } | { group?: CommandGroup; unknown: string } {
  const [first = '', second = ''] = path.map((p) => p.toLowerCase());
  const entry = entries.find((e) => e.name === first);
  if (!entry) return { unknown: first };
  if (!isGroup(entry)) return { spec: entry, path: [entry.name] };
  const sub = entry.subcommands.find((s) => s.name === (second || entry.defaultSubcommand));
  return sub ? { spec: sub, path: [entry.name, sub.name] } : { group: entry, unknown: second };
}
