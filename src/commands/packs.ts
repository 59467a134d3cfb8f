/** `/quiz packs`: the loaded packs with their question counts. */
import type { CommandSpec } from './types.ts';

export const packs: CommandSpec = {
  name: 'packs',
  description: 'Loaded question packs',
  admin: false,
  options: [],
  run: async ({ tutor, channel }) => ({
    visibility: 'private',
    view: {
      kind: 'packs',
      packs: (await tutor.packsIn(channel)).list().map((p) => ({
        id: p.id,
        title: p.title,
        ...(p.topic ? { topic: p.topic } : {}),
        questions: p.questions.length,
        byDifficulty: {
          easy: p.questions.filter((q) => q.difficulty === 'easy').length,
          medium: p.questions.filter((q) => q.difficulty === 'medium').length,
          hard: p.questions.filter((q) => q.difficulty === 'hard').length,
        },
      })),
    },
  }),
};
