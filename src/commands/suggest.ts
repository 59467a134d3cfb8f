/** `/quiz suggest` (anyone) and `/quiz suggestions list|approve|edit|reject` (admins): questions from members. */
import type { Difficulty } from '../core/types.ts';
import type { CommandGroup, CommandSpec, OptionSpec } from './types.ts';

export const suggest: CommandSpec = {
  name: 'suggest',
  description: 'Suggest a question; an admin reviews it before it is asked',
  admin: false,
  options: [],
  opensForm: true,
  run: ({ tutor }) => tutor.suggestForm(),
};

const id: OptionSpec = { name: 'id', description: 'The suggestion’s number, from /quiz suggestions', type: 'integer', required: true, positional: true, placeholder: '<id>' };

const list: CommandSpec = {
  name: 'list',
  description: 'Suggestions waiting for review (admins)',
  admin: true,
  options: [],
  run: ({ tutor, channel, actor }) => tutor.suggestions(channel, actor),
};

const approve: CommandSpec = {
  name: 'approve',
  description: 'Approve a suggestion into a pack of this workspace (admins)',
  admin: true,
  options: [
    id,
    { name: 'pack', description: 'One of this workspace’s packs (default: suggested)', type: 'string', autocomplete: 'own-pack', placeholder: '[pack:<id>]', maxLength: 64 },
    { name: 'difficulty', description: 'How hard it is (default: medium)', type: 'string', choices: ['easy', 'medium', 'hard'], placeholder: '[difficulty:easy|medium|hard]' },
  ],
  run: ({ tutor, channel, actor, options, now }) =>
    tutor.approveSuggestion(channel, actor, Number(options.id), {
      ...(options.pack ? { packId: String(options.pack) } : {}),
      ...(options.difficulty ? { difficulty: options.difficulty as Difficulty } : {}),
    }, now),
};

const edit: CommandSpec = {
  name: 'edit',
  description: 'Edit a suggestion before approving it (admins)',
  admin: true,
  options: [id],
  opensForm: true,
  run: ({ tutor, channel, actor, options }) => tutor.editSuggestionForm(channel, actor, Number(options.id)),
};

const reject: CommandSpec = {
  name: 'reject',
  description: 'Reject a suggestion; its author reads the reason (admins)',
  admin: true,
  opensForm: true,
  options: [id, { name: 'reason', description: 'Why (the author reads it); without it a form asks', type: 'string', placeholder: '[reason:"<why>"]', maxLength: 500 }],
  run: ({ tutor, channel, actor, options, now }) =>
    options.reason ? tutor.rejectSuggestion(channel, actor, Number(options.id), String(options.reason), now) : tutor.rejectSuggestionForm(channel, actor, Number(options.id)),
};

export const suggestions: CommandGroup = {
  name: 'suggestions',
  description: 'Review questions members suggested (admins)',
  admin: true,
  subcommands: [list, approve, edit, reject],
  defaultSubcommand: 'list',
};
