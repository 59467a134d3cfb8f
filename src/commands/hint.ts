/** `/quiz hint [question|review]`: the hint, privately; the 💡 button on drops and review cards does the same. */
import type { CommandSpec } from './types.ts';

export const hint: CommandSpec = {
  name: 'hint',
  description: 'A hint for the open question (or your review card), privately; a right answer after it scores half',
  admin: false,
  options: [
    {
      name: 'for',
      description: 'The open question here, or your review card (default: the question, unless you answered it)',
      type: 'string',
      positional: true,
      placeholder: '[question|review]',
      choices: ['question', 'review'],
    },
  ],
  run: ({ tutor, channel, actor, options, now }) => tutor.hintIn(channel, actor, options.for as 'question' | 'review' | undefined, now),
};
