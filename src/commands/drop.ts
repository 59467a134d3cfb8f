/** `/quiz drop [pack]` (admin): posts a question in this channel now. */
import type { CommandSpec } from './types.ts';

export const drop: CommandSpec = {
  name: 'drop',
  description: 'Post a question in this channel now (admins)',
  admin: true,
  options: [{ name: 'pack', description: 'Pack id (default: continue the channel’s rotation)', type: 'string', positional: true, placeholder: '[pack]', autocomplete: 'pack', maxLength: 64 }],
  run: async ({ tutor, channel, actor, options, now }) => {
    const posted = await tutor.postDrop({ channel, ...(options.pack ? { packId: String(options.pack) } : {}), by: actor.id }, now);
    const title = posted ? (await tutor.packsIn(channel)).get(posted.packId)?.title ?? posted.packId : '';
    return {
      visibility: 'private',
      view: { kind: 'text', tone: 'success', text: posted ? `Posted question #${posted.id} (${posted.difficulty}) from “${title}”.` : 'Nothing posted.' },
    };
  },
};
