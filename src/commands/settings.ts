/** `/quiz settings [timezone]` (admin): settings that belong to this workspace. */
import { privateText } from '../core/views.ts';
import type { CommandSpec } from './types.ts';

export const settings: CommandSpec = {
  name: 'settings',
  description: 'Show or change this workspace’s settings (admins)',
  admin: true,
  options: [
    { name: 'timezone', description: 'IANA zone for leaderboard weeks and months, e.g. Europe/Berlin', type: 'string', aliases: ['tz'], positional: true, placeholder: '[tz:<zone>]', maxLength: 64 },
  ],
  run: async ({ tutor, channel, options }) =>
    options.timezone
      ? privateText(await tutor.setZone(channel, String(options.timezone)), 'success')
      : privateText(`Time zone: ${await tutor.zoneOf(channel)} (leaderboard weeks start Monday 00:00 there). Change it with /quiz settings tz:<zone>.`),
};
