/** /quiz learn: a pack's lesson, privately, in short sections. */
import { packsIn, type TutorDeps } from './deps.ts';
import { NotFoundError } from './errors.ts';
import type { ChannelRef } from './types.ts';
import type { LessonView } from './views.ts';

/** The lesson of `packId`, else of the pack the channel is on, else the first pack. */
export async function lesson(deps: TutorDeps, channel: ChannelRef, packId: string | undefined): Promise<LessonView> {
  const id = packId ?? (await deps.store.drops.latestIn(channel))?.packId;
  const packs = await packsIn(deps, channel);
  const pack = (id && packs.get(id)) || (!packId ? packs.list()[0] : undefined);
  if (!pack) throw new NotFoundError(`There is no pack "${(packId ?? '').slice(0, 60)}". See /quiz packs for the loaded ones.`);
  return { kind: 'lesson', packId: pack.id, title: pack.title, sections: pack.lesson.map(({ title, body }) => ({ title, body })), questions: pack.questions.length };
}
