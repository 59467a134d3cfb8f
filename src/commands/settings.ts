/** `/quiz settings [tz] [window] [admins] [reactions] [reset]` (admin): settings that belong to this workspace. */
import { RESETTABLE, type SettingsChange } from '../core/workspace-settings.ts';
import { describeSettings } from '../core/workspace-settings.ts';
import { privateText } from '../core/views.ts';
import type { CommandSpec } from './types.ts';

const ONOFF = ['on', 'off'] as const;

export const settings: CommandSpec = {
  name: 'settings',
  description: 'Show or change this workspace’s settings (admins)',
  admin: true,
  options: [
    { name: 'timezone', description: 'IANA zone for leaderboard weeks and months, e.g. Europe/Berlin', type: 'string', aliases: ['tz'], positional: true, placeholder: '[tz:<zone>]', maxLength: 64 },
    { name: 'window', description: 'How long a question stays open, 1m to 30d, e.g. 30m, 2h, 3d', type: 'string', placeholder: '[window:<1m-30d>]', maxLength: 16 },
    { name: 'admins', description: 'A role (Slack: a user group) whose members are admins here too', type: 'role', aliases: ['admin'], placeholder: '[admins:<role>]', maxLength: 80 },
    { name: 'reactions', description: 'Whether reactions count as answers on this workspace’s questions', type: 'string', choices: ONOFF, placeholder: '[reactions:on|off]' },
    { name: 'reset', description: 'Put one setting back to the default', type: 'string', choices: RESETTABLE, placeholder: '[reset:window|admins|reactions]' },
  ],
  async run({ tutor, channel, options }) {
    const change: SettingsChange = {
      ...(options.timezone !== undefined ? { tz: String(options.timezone) } : {}),
      ...(options.window !== undefined ? { window: String(options.window) } : {}),
      ...(options.admins !== undefined ? { admins: String(options.admins) } : {}),
      ...(options.reactions !== undefined ? { reactions: options.reactions as 'on' | 'off' } : {}),
      ...(options.reset !== undefined ? { reset: options.reset as SettingsChange['reset'] & string } : {}),
    };
    if (Object.keys(change).length === 0) return privateText(describeSettings(await tutor.settingsOf(channel)));
    return privateText(await tutor.changeSettings(channel, change), 'success');
  },
};
