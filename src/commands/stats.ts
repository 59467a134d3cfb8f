/** `/quiz stats [user]`: points, accuracy, streaks and per-pack accuracy. */
import { withFiles } from './files.ts';
import type { CommandSpec } from './types.ts';

export const stats: CommandSpec = {
  name: 'stats',
  description: 'Your stats, or someone else’s',
  admin: false,
  options: [{ name: 'user', description: 'Whose stats (default: yours)', type: 'user', positional: true, placeholder: '[user]' }],
  run: async ({ tutor, channel, actor, options, now }) => {
    const userId = options.user ? String(options.user) : actor.id;
    const view = await tutor.stats(channel, userId, userId === actor.id ? actor.name : userId, now);
    return withFiles({ visibility: 'private', view }, await tutor.picturesOf(view));
  },
};
