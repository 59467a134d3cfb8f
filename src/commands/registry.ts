/** The registry: every /quiz subcommand, gathered by static imports (never by scanning the disk). */
import { answer } from './answer.ts';
import { close } from './close.ts';
import { drop } from './drop.ts';
import { exportScores } from './export.ts';
import { helpView } from './help.ts';
import { hint } from './hint.ts';
import { insights } from './insights.ts';
import { learn } from './learn.ts';
import { leaderboard } from './leaderboard.ts';
import { pack } from './pack.ts';
import { packs } from './packs.ts';
import { reload } from './reload.ts';
import { result } from './result.ts';
import { review } from './review.ts';
import { schedule } from './schedule.ts';
import { settings } from './settings.ts';
import { stats } from './stats.ts';
import { suggest, suggestions } from './suggest.ts';
import type { CommandGroup, CommandSpec } from './types.ts';

const help: CommandSpec = {
  name: 'help',
  description: 'What Stepwise can do',
  admin: false,
  options: [],
  run: () => ({ visibility: 'private', view: helpView(COMMANDS) }),
};

/** Order here is the order of help and of Discord's subcommand list. */
export const COMMANDS: readonly (CommandSpec | CommandGroup)[] = [answer, hint, result, leaderboard, stats, packs, learn, review, suggest, help, drop, close, reload, insights, exportScores, schedule, settings, pack, suggestions];
