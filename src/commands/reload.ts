/** `/quiz reload` (admin): re-reads content/ and says what it found. */
import { privateText } from '../core/views.ts';
import type { CommandSpec } from './types.ts';

/** Problems listed in chat before "and N more" (the log has them all). */
const SHOWN = 8;

export const reload: CommandSpec = {
  name: 'reload',
  description: 'Re-read the question packs (admins)',
  admin: true,
  options: [],
  run: async ({ tutor }) => {
    const r = await tutor.reloadAsync();
    const errors = r.problems.filter((p) => p.severity === 'error');
    const lines = [`Reloaded: ${r.packs} pack(s), ${r.questions} question(s).`];
    if (r.kept.length) lines.push(`Kept the previous version of ${r.kept.join(', ')} (the file now has errors).`);
    if (r.problems.length) {
      lines.push(`${errors.length} error(s), ${r.problems.length - errors.length} warning(s):`);
      for (const p of r.problems.slice(0, SHOWN)) lines.push(`• ${p.file}:${p.line}: ${p.message}`);
      if (r.problems.length > SHOWN) lines.push(`…and ${r.problems.length - SHOWN} more; run npm run content:check for all.`);
    }
    return privateText(lines.join('\n'), errors.length ? 'error' : 'success');
  },
};
