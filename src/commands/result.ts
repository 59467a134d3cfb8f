/** `/quiz result [question]`: your feedback again, for when a private message did not arrive or is gone. */
import { privateText } from '../core/views.ts';
import type { CommandSpec } from './types.ts';

export const result: CommandSpec = {
  name: 'result',
  description: 'Your result and the worked solution again (your latest answer, or question #N)',
  admin: false,
  options: [
    { name: 'question', description: 'Question number, as shown on the question (default: your latest answer)', type: 'integer', positional: true, placeholder: '[question]' },
  ],
  run: async ({ tutor, channel, actor, options }) => {
    if (options.question !== undefined) return tutor.resultOf(channel, Number(options.question), actor.id);
    const [latest] = await tutor.recentResults(channel, actor.id, 1);
    return latest ?? privateText('You have not answered a question here yet. When one is open, answer it with /quiz answer <A-D>.');
  },
};
