/** `/quiz leaderboard [week|month|all]`: scores in this workspace. */
import { PERIODS, type Period } from '../core/boards.ts';
import { withFiles } from './files.ts';
import type { CommandSpec } from './types.ts';

export const leaderboard: CommandSpec = {
  name: 'leaderboard',
  description: 'Top scores this week, this month or of all time',
  admin: false,
  options: [{ name: 'period', description: 'Which period (default: week)', type: 'string', positional: true, placeholder: '[week|month|all]', choices: PERIODS }],
  run: async ({ tutor, channel, actor, options, now }) => {
    const view = await tutor.leaderboard(channel, (options.period as Period | undefined) ?? 'week', actor.id, now);
    return withFiles({ visibility: 'private', view }, await tutor.picturesOf(view));
  },
};
