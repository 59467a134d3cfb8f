/** Admin insights: the hardest questions, the misconception behind each, and participation per week. */
import type { TutorDeps } from './deps.ts';
import { periodStart, shortDate } from './time.ts';
import type { Scope } from './types.ts';
import type { InsightsView } from './views.ts';
import { zoneOf } from './zones.ts';

/** Questions listed, hardest first. */
export const HARDEST_SHOWN = 5;
/** Weeks of participation shown, this week included. */
export const WEEKS_SHOWN = 8;
const WEEK = 7 * 86_400_000;

/** Builds insights from first answers to drops (reviews are private practice and not counted). */
export async function insights(deps: TutorDeps, scope: Scope, packId: string | undefined, now: number): Promise<InsightsView> {
  const { store, packs } = deps;
  const wrong = new Map<string, { choice: string; n: number }>();
  for (const w of await store.insights.wrongPicks(scope, packId)) if (!wrong.has(w.questionId)) wrong.set(w.questionId, w);

  const hardest = (await store.insights.questions(scope, packId))
    .map((q) => ({ ...q, accuracy: q.correct / q.answered }))
    .sort((a, b) => a.accuracy - b.accuracy || b.answered - a.answered || a.questionId.localeCompare(b.questionId))
    .slice(0, HARDEST_SHOWN)
    .map((q) => {
      const question = packs.question(q.questionId);
      const pick = wrong.get(q.questionId);
      const option = pick && question?.options.find((o) => o.letter === pick.choice);
      return {
        questionId: q.questionId,
        packTitle: packs.get(q.packId)?.title ?? q.packId,
        prompt: question?.prompt ?? '(no longer in the loaded content)',
        answered: q.answered,
        accuracy: q.accuracy,
        topWrong: pick ? { letter: pick.choice, text: option?.text ?? '', n: pick.n } : null,
      };
    });

  // Weeks start Monday 00:00 in the workspace zone; stepping back by 7 days, re-anchored, survives DST.
  const tz = await zoneOf(deps, scope);
  const starts: number[] = [periodStart('week', now, tz)];
  while (starts.length < WEEKS_SHOWN) starts.unshift(periodStart('week', starts[0]! - WEEK / 2, tz));
  const buckets = starts.map((start) => ({ start, people: new Set<string>(), answers: 0 }));
  for (const a of await store.insights.activity(scope, starts[0]!, packId)) {
    const bucket = [...buckets].reverse().find((b) => a.answeredAt >= b.start);
    if (bucket) {
      bucket.answers += 1;
      bucket.people.add(a.userId);
    }
  }
  return {
    kind: 'insights',
    packId: packId ?? null,
    hardest,
    weeks: buckets.map((b) => ({ start: b.start, label: `week of ${shortDate(b.start, tz)}`, people: b.people.size, answers: b.answers })),
  };
}
