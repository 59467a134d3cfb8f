/** `/quiz pack add|list|export|remove`: a workspace's own packs, from a file sent in chat. */
import { UsageError } from '../core/errors.ts';
import type { CommandGroup, CommandSpec, OptionSpec } from './types.ts';

/** What to do where a command cannot carry a file (Slack's slash commands). */
export const HOW_TO_ATTACH =
  'Attach the pack file: on Discord in the file option of /quiz pack add; on Slack share the file with me in a direct message with the comment "pack add"; in the terminal give its path.';

const FORMATS = ['markdown', 'aiken', 'gift', 'opentdb'] as const;

const packId = (description: string): OptionSpec => ({ name: 'id', description, type: 'string', required: true, positional: true, autocomplete: 'own-pack', placeholder: '<id>', maxLength: 64 });

const add: CommandSpec = {
  name: 'add',
  description: 'Add or replace a pack for this workspace from a file (admins)',
  admin: true,
  options: [
    { name: 'file', description: 'Markdown (content/README.md), Aiken (.txt), GIFT (.gift) or Open Trivia DB (.json)', type: 'attachment', positional: true, placeholder: '<file>', maxLength: 1000 },
    { name: 'format', description: 'The file format (default: from the file name)', type: 'string', choices: FORMATS, placeholder: '[format:markdown|aiken|gift|opentdb]' },
    { name: 'id', description: 'Pack id for an imported bank (default: from the file name)', type: 'string', placeholder: '[id:<pack-id>]', maxLength: 64 },
  ],
  run: ({ tutor, channel, actor, options, now, openFile }) => {
    const value = options.file === undefined ? undefined : String(options.file);
    const file = value === undefined ? undefined : openFile?.(value);
    if (!file) throw new UsageError(HOW_TO_ATTACH);
    return tutor.addPack(channel, actor, { file, ...(options.format ? { format: String(options.format) } : {}), ...(options.id ? { packId: String(options.id) } : {}) }, now);
  },
};

const list: CommandSpec = {
  name: 'list',
  description: "This workspace's own packs",
  admin: false,
  options: [],
  run: ({ tutor, channel }) => tutor.listPacks(channel),
};

const exportSpec: CommandSpec = {
  name: 'export',
  description: "A workspace pack's Markdown, as a file (admins)",
  admin: true,
  options: [packId('The pack to export')],
  run: ({ tutor, channel, options }) => tutor.exportPack(channel, String(options.id)),
};

const remove: CommandSpec = {
  name: 'remove',
  description: 'Remove a workspace pack; scores stay (admins)',
  admin: true,
  options: [
    packId('The pack to remove'),
    { name: 'confirm', description: 'Remove it even though a schedule uses it (the schedule is paused)', type: 'string', choices: ['yes'], placeholder: '[confirm:yes]' },
  ],
  run: ({ tutor, channel, actor, options }) => tutor.removePack(channel, actor, String(options.id), options.confirm === 'yes'),
};

export const pack: CommandGroup = {
  name: 'pack',
  description: "This workspace's own question packs",
  admin: false,
  subcommands: [add, list, exportSpec, remove],
  defaultSubcommand: 'list',
};
