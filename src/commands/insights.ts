/** `/quiz insights [pack]` (admin): hardest questions, their misconceptions, participation per week. */
import { NotFoundError } from '../core/errors.ts';
import { withFiles } from './files.ts';
import type { CommandSpec } from './types.ts';

export const insights: CommandSpec = {
  name: 'insights',
  description: 'Hardest questions and participation (admins)',
  admin: true,
  options: [{ name: 'pack', description: 'Only this pack', type: 'string', positional: true, placeholder: '[pack]', autocomplete: 'pack', maxLength: 64 }],
  run: async ({ tutor, channel, options, now }) => {
    const packId = options.pack ? String(options.pack) : undefined;
    if (packId && !(await tutor.packsIn(channel)).get(packId)) throw new NotFoundError(`There is no pack "${packId}". See /quiz packs for the loaded ones.`);
    const view = await tutor.insights(channel, packId, now);
    return withFiles({ visibility: 'private', view }, await tutor.picturesOf(view));
  },
};
