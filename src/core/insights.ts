/** Admin insights: the hardest questions, the misconception behind each, and participation per week. */
import { periodKey } from './boards.ts';
import { packsIn, type TutorDeps } from './deps.ts';
import { periodStart, shortDate } from './time.ts';
import type { Difficulty, Scope } from './types.ts';
import type { InsightsView } from './views.ts';
import { zoneOf } from './zones.ts';

/** Questions listed, hardest first. */
export const HARDEST_SHOWN = 5;
/** Weeks of participation shown, this week included. */
export const WEEKS_SHOWN = 8;
const WEEK = 7 * 86_400_000;
/** Questions listed by hint requests. */
export const HINTS_SHOWN = 10;
/** First answers a question needs before its label is judged: fewer says more about the people than the question. */
export const LABEL_MIN_ANSWERS = 5;

/**
 * When observed accuracy disagrees with the label: an easy question most people miss, a hard one almost
 * everyone gets, a medium one at either extreme. Null when the label fits.
 */
export function labelVerdict(label: Difficulty, accuracy: number): 'harder' | 'easier' | null {
  if (label === 'easy') return accuracy < 0.5 ? 'harder' : null;
  if (label === 'hard') return accuracy >= 0.9 ? 'easier' : null;
  return accuracy < 0.25 ? 'harder' : accuracy >= 0.95 ? 'easier' : null;
}

/** Builds insights from first answers to drops (reviews are private practice and not counted). */
export async function insights(deps: TutorDeps, scope: Scope, packId: string | undefined, now: number): Promise<InsightsView> {
  const { store } = deps;
  const packs = await packsIn(deps, scope);
  const wrong = new Map<string, { choice: string; n: number }>();
  for (const w of await store.insights.wrongPicks(scope, packId)) if (!wrong.has(w.questionId)) wrong.set(w.questionId, w);

  const rows = await store.insights.questions(scope, packId);
  const hardest = rows
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

  const titleOf = (id: string) => packs.get(id)?.title ?? id;
  const hints = (await store.hints.counts(scope, packId))
    .sort((a, b) => b.n - a.n || a.questionId.localeCompare(b.questionId))
    .slice(0, HINTS_SHOWN)
    .map((h) => ({ questionId: h.questionId, packTitle: titleOf(h.packId), asked: h.n }));
  // The label judged is the one in the content now, since that is what a teacher would change.
  const labels: InsightsView['labels'] = [];
  for (const q of rows) {
    const label = packs.question(q.questionId)?.difficulty;
    if (!label || q.answered < LABEL_MIN_ANSWERS) continue;
    const accuracy = q.correct / q.answered;
    const suggest = labelVerdict(label, accuracy);
    if (suggest) labels.push({ questionId: q.questionId, packTitle: titleOf(q.packId), label, answered: q.answered, accuracy, suggest });
  }
  labels.sort((a, b) => a.questionId.localeCompare(b.questionId));

  // Weeks start Monday 00:00 in the workspace zone; stepping back by 7 days, re-anchored, survives DST.
  const tz = await zoneOf(deps, scope);
  const starts: number[] = [periodStart('week', now, tz)];
  while (starts.length < WEEKS_SHOWN) starts.unshift(periodStart('week', starts[0]! - WEEK / 2, tz));
  // People and answers per week are kept as answers arrive (per pack too): eight rows, not eight weeks of answers.
  const keys = starts.map((start) => periodKey('week', start, tz));
  const kept = new Map((await store.insights.weeks(scope, keys, packId)).map((w) => [w.period, w]));
  const buckets = starts.map((start, i) => ({ start, people: kept.get(keys[i]!)?.people ?? 0, answers: kept.get(keys[i]!)?.answers ?? 0 }));
  return {
    kind: 'insights',
    packId: packId ?? null,
    hardest,
    hints,
    labels,
    weeks: buckets.map((b) => ({ start: b.start, label: `week of ${shortDate(b.start, tz)}`, people: b.people, answers: b.answers })),
  };
}
