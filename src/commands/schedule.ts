/** `/quiz schedule add|list|remove|pause|resume|reactions|weekly` (admin): recurring drops and the weekly summary per channel. */
import { privateText } from '../core/views.ts';
import { DIFFICULTIES, type Difficulty } from '../core/types.ts';
import type { CommandGroup, CommandSpec, OptionSpec } from './types.ts';

const ONOFF = ['on', 'off'] as const;

const id: OptionSpec = { name: 'id', description: 'Schedule number (see /quiz schedule list)', type: 'integer', required: true, positional: true, placeholder: '<id>' };

const add: CommandSpec = {
  name: 'add',
  description: 'Post a question on a cron schedule (admins)',
  admin: true,
  options: [
    { name: 'cron', description: 'When, as cron: "0 9 * * 1-5" is 09:00 on weekdays', type: 'string', required: true, positional: true, spansWords: true, placeholder: '"<cron>"', maxLength: 100 },
    { name: 'channel', description: 'Where (default: this channel)', type: 'channel', positional: true, placeholder: '[#channel]' },
    { name: 'pack', description: 'Only this pack (default: all, in rotation)', type: 'string', autocomplete: 'pack', placeholder: '[pack:<id>]', maxLength: 64 },
    { name: 'timezone', description: 'IANA time zone, e.g. Europe/Berlin (default: the workspace’s)', type: 'string', aliases: ['tz'], placeholder: '[tz:<zone>]', maxLength: 64 },
    { name: 'difficulty', description: 'Only this difficulty', type: 'string', choices: DIFFICULTIES, placeholder: '[difficulty:easy|medium|hard]' },
    { name: 'reactions', description: 'Whether reactions count as answers (on Slack everyone sees who reacted)', type: 'string', choices: ONOFF, placeholder: '[reactions:on|off]' },
  ],
  run: async ({ tutor, channel, actor, options, now }) => {
    const target = options.channel ? { ...channel, channel: String(options.channel) } : channel;
    const s = await tutor.addSchedule(
      {
        channel: target,
        cron: String(options.cron),
        by: actor.id,
        ...(options.timezone ? { tz: String(options.timezone) } : {}),
        ...(options.pack ? { packId: String(options.pack) } : {}),
        ...(options.difficulty ? { difficulty: options.difficulty as Difficulty } : {}),
        ...(options.reactions ? { reactions: options.reactions === 'on' } : {}),
      },
      now,
    );
    const extras = `${s.packId ? `, pack ${s.packId}` : ''}${s.reactions ? '' : ', reactions do not count (buttons only)'}`;
    return privateText(`Schedule #${s.id} added: "${s.cron}" (${s.tz}) in channel ${s.channel}${extras}.`, 'success');
  },
};

const list: CommandSpec = {
  name: 'list',
  description: 'Schedules in this workspace (admins)',
  admin: true,
  options: [],
  run: async ({ tutor, channel }) => ({
    visibility: 'private',
    view: {
      kind: 'schedules',
      schedules: (await tutor.listSchedules(channel)).map((s) => ({
        id: s.id,
        channel: s.channel,
        cron: s.cron,
        tz: s.tz,
        packId: s.packId,
        difficulty: s.difficulty,
        paused: s.paused,
        createdBy: s.createdBy,
      })),
    },
  }),
};

const remove: CommandSpec = {
  name: 'remove',
  description: 'Delete a schedule (admins)',
  admin: true,
  options: [id],
  run: async ({ tutor, channel, options }) => {
    const s = await tutor.removeSchedule(channel, Number(options.id));
    return privateText(`Schedule #${s.id} ("${s.cron}") removed.`, 'success');
  },
};

const pause: CommandSpec = {
  name: 'pause',
  description: 'Pause a schedule (admins)',
  admin: true,
  options: [id],
  run: async ({ tutor, channel, options }) => privateText(`Schedule #${(await tutor.setPaused(channel, Number(options.id), true)).id} paused.`, 'success'),
};

const resume: CommandSpec = {
  name: 'resume',
  description: 'Resume a paused schedule (admins)',
  admin: true,
  options: [id],
  run: async ({ tutor, channel, options }) => privateText(`Schedule #${(await tutor.setPaused(channel, Number(options.id), false)).id} resumed.`, 'success'),
};

const reactions: CommandSpec = {
  name: 'reactions',
  description: 'Whether reactions count as answers on a schedule’s questions (admins)',
  admin: true,
  options: [id, { name: 'state', description: 'on or off', type: 'string', required: true, positional: true, choices: ONOFF, placeholder: '<on|off>' }],
  run: async ({ tutor, channel, options }) => {
    const s = await tutor.setReactions(channel, Number(options.id), options.state === 'on');
    const how = s.reactions ? 'count as answers again' : 'no longer count: people answer with the buttons or /quiz answer, privately';
    return privateText(`Schedule #${s.id}: from its next question, reactions ${how}.`, 'success');
  },
};

const weekly: CommandSpec = {
  name: 'weekly',
  description: 'Last week’s leaderboard and champion in a channel every Monday (admins)',
  admin: true,
  options: [
    { name: 'channel', description: 'Where (default: this channel)', type: 'channel', positional: true, placeholder: '[#channel]' },
    { name: 'state', description: 'on (default) or off', type: 'string', positional: true, choices: ONOFF, placeholder: '[on|off]' },
  ],
  run: async ({ tutor, channel, actor, options, now }) => {
    const target = options.channel ? { ...channel, channel: String(options.channel) } : channel;
    return privateText(await tutor.setWeekly(target, options.state !== 'off', actor.id, now), 'success');
  },
};

export const schedule: CommandGroup = {
  name: 'schedule',
  description: 'Recurring questions (admins)',
  admin: true,
  subcommands: [add, list, remove, pause, resume, reactions, weekly],
};
