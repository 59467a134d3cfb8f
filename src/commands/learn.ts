/** `/quiz learn [pack]`: the lesson behind the questions, privately. */
import type { CommandSpec } from './types.ts';

export const learn: CommandSpec = {
  name: 'learn',
  description: 'Read a pack’s lesson (default: the one this channel is on)',
  admin: false,
  options: [{ name: 'pack', description: 'Pack id', type: 'string', positional: true, placeholder: '[pack]', autocomplete: 'pack', maxLength: 64 }],
  run: async ({ tutor, channel, options }) => ({ visibility: 'private', view: await tutor.lesson(channel, options.pack ? String(options.pack) : undefined) }),
};
