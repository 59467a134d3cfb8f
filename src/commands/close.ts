/** `/quiz close` (admin): closes the open question here and posts the reveal. */
import { privateText } from '../core/views.ts';
import type { CommandSpec } from './types.ts';

export const close: CommandSpec = {
  name: 'close',
  description: 'Close the open question here and reveal the answer (admins)',
  admin: true,
  options: [],
  run: async ({ tutor, channel, now }) => {
    const closed = await tutor.closeIn(channel, now);
    if (!closed) return privateText('There is no open question in this channel.');
    // Say what happened: a reveal the platform refused (or a question no longer known) was not posted.
    return closed.revealed
      ? privateText(`Closed question #${closed.drop.id}; the reveal is posted.`, 'success')
      : privateText(`Closed question #${closed.drop.id}, but the reveal could not be posted here (see the logs). Answers are kept.`, 'error');
  },
};
