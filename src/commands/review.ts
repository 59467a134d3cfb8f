/** `/quiz review [answer|daily|off|tz]`: spaced review of what each person missed. */
import { privateText } from '../core/views.ts';
import type { CommandGroup, CommandSpec } from './types.ts';

const next: CommandSpec = {
  name: 'next',
  description: 'Your most overdue review question, privately',
  admin: false,
  options: [],
  run: ({ tutor, channel, actor, now }) => tutor.nextReview(channel, actor, now),
};

const answer: CommandSpec = {
  name: 'answer',
  description: 'Answer the review question you were shown',
  admin: false,
  options: [{ name: 'choice', description: 'Your answer', type: 'string', required: true, positional: true, placeholder: '<A-D>', choices: ['A', 'B', 'C', 'D', 'E', 'F'] }],
  run: ({ tutor, channel, actor, options, now }) => tutor.answerReview(channel, actor, undefined, String(options.choice), 'command', now),
};

const daily: CommandSpec = {
  name: 'daily',
  description: 'A private reminder each day at this time when reviews are due',
  admin: false,
  options: [{ name: 'time', description: '24-hour time, such as 09:00', type: 'string', required: true, positional: true, placeholder: '<HH:MM>', maxLength: 5 }],
  run: async ({ tutor, channel, actor, options }) => privateText(await tutor.reviewDaily(channel, actor.id, String(options.time)), 'success'),
};

const off: CommandSpec = {
  name: 'off',
  description: 'Stop the daily review reminder',
  admin: false,
  options: [],
  run: async ({ tutor, channel, actor }) => privateText(await tutor.reviewOff(channel, actor.id), 'success'),
};

const tz: CommandSpec = {
  name: 'tz',
  description: 'Your time zone for the reminder',
  admin: false,
  options: [{ name: 'timezone', description: 'IANA time zone, such as Europe/Berlin', type: 'string', required: true, positional: true, placeholder: '<zone>', maxLength: 64 }],
  run: async ({ tutor, channel, actor, options }) => privateText(await tutor.reviewZone(channel, actor.id, String(options.timezone)), 'success'),
};

export const review: CommandGroup = {
  name: 'review',
  description: 'Spaced review of the questions you missed',
  admin: false,
  subcommands: [next, answer, daily, off, tz],
  defaultSubcommand: 'next',
};
