/** `/quiz answer <A-D>`: answers the open question in this channel. */
import type { CommandSpec } from './types.ts';

export const answer: CommandSpec = {
  name: 'answer',
  description: 'Answer the open question in this channel',
  admin: false,
  options: [
    { name: 'choice', description: 'Your answer', type: 'string', required: true, positional: true, placeholder: '<A-D>', choices: ['A', 'B', 'C', 'D', 'E', 'F'] },
  ],
  run: ({ tutor, channel, actor, options, now }) => tutor.answerInChannel(channel, actor, String(options.choice), 'command', now),
};
