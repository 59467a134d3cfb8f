/** `/quiz export [week|month|all]` (admin): the workspace's scores as a CSV file. */
import { PERIODS, type Period } from '../core/boards.ts';
import type { CommandSpec } from './types.ts';

export const exportScores: CommandSpec = {
  name: 'export',
  description: 'Scores, streaks and mastery as a CSV file (admins)',
  admin: true,
  options: [{ name: 'period', description: 'Which period (default: all)', type: 'string', positional: true, placeholder: '[week|month|all]', choices: PERIODS }],
  run: ({ tutor, channel, options, now }) => tutor.exportScores(channel, (options.period as Period | undefined) ?? 'all', now),
};
