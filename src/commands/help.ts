/** `/quiz help`: every subcommand with its usage, from the registry itself. */
import { HINT_RULE } from '../core/hints.ts';
import type { HelpView } from '../core/views.ts';
import { isGroup, type CommandGroup, type CommandSpec } from './types.ts';
import { usageOf } from './usage.ts';

/** Builds the help view from the registry (passed in to avoid an import cycle). */
export function helpView(entries: readonly (CommandSpec | CommandGroup)[]): HelpView {
  const everyone: HelpView['sections'][number]['lines'] = [];
  const admins: HelpView['sections'][number]['lines'] = [];
  for (const e of entries) {
    const specs = isGroup(e) ? e.subcommands.map((s) => ({ path: [e.name, s.name], s })) : [{ path: [e.name], s: e }];
    for (const { path, s } of specs) (s.admin ? admins : everyone).push({ usage: usageOf(path, s), description: s.description.replace(/ \(admins\)$/, '') });
  }
  return {
    kind: 'help',
    sections: [
      { title: 'Everyone', lines: everyone },
      { title: 'Admins', lines: admins },
      // The cost of a hint is a rule people should know before they ask, so help states it.
      { title: 'Hints', lines: [{ usage: '💡 Hint', description: HINT_RULE }] },
    ],
  };
}
