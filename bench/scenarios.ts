/** Scenarios that need the platform adapters and fakes (bursts, start-up); registered by name. */
import { discordBurst } from './discord-burst.ts';
import { discordReactions } from './discord-reactions.ts';
import type { Figure } from './lib.ts';
import { pictures } from './pictures.ts';
import { reload } from './reload.ts';
import { slackBurst } from './slack-burst.ts';
import { startup } from './startup.ts';
import { startupDist } from './startup-dist.ts';

/** Extra scenarios, keyed by name; `quick` shrinks the bursts and repeats for a smoke run. */
export function SCENARIOS_EXTRA(quick: boolean): Record<string, () => Promise<Figure[]>> {
  return {
    'slack-burst': () => slackBurst(quick ? 300 : 2_000),
    'discord-burst': () => discordBurst(quick ? 300 : 2_000),
    'discord-reactions': () => discordReactions(quick ? 20 : 120),
    startup: () => startup(quick ? 1 : 3),
    'startup-dist': () => startupDist(quick ? 2 : 5),
    reload: () => reload(quick ? 3 : 9),
    pictures: () => pictures(quick),
  };
}
