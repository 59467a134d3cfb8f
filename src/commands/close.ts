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
    return closed ? privateText(`Closed question #${closed.id}; the reveal is posted.`, 'success') : privateText('There is no open question in this channel.');
  },
};
