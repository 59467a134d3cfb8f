/**
 * Today's /quiz insights, kept as the reference the summaries must match: the core function as it was
 * before migration 10, reading the answers themselves with the SQL the stores ran then (questions,
 * wrong picks, and every answer since the first week shown, bucketed in JavaScript).
 */
import type { TutorDeps } from '../../../src/core/deps.ts';
import { HARDEST_SHOWN, HINTS_SHOWN, LABEL_MIN_ANSWERS, labelVerdict, WEEKS_SHOWN } from '../../../src/core/insights.ts';
import { periodStart, shortDate } from '../../../src/core/time.ts';
import type { Scope } from '../../../src/core/types.ts';
import type { InsightsView } from '../../../src/core/views.ts';
import { zoneOf } from '../../../src/core/zones.ts';

/** Raw SQL with `?` placeholders on either engine (the contract suite's `sql`). */
export type RawSql = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

const WEEK = 7 * 86_400_000;

/** Today's three reads, on the answers table; the pack filter as two texts (PostgreSQL cannot type a bare NULL). */
async function reads(sql: RawSql, s: Scope, packId: string | undefined) {
  const where = `platform = ? AND workspace = ?${packId === undefined ? '' : ' AND pack_id = ?'}`;
  const args = [s.platform, s.workspace, ...(packId === undefined ? [] : [packId])];
  const questions = (await sql(`SELECT question_id, pack_id, COUNT(*) AS answered, SUM(correct) AS correct FROM answers WHERE ${where} GROUP BY question_id, pack_id ORDER BY question_id, pack_id`, args))
    .map((r) => ({ questionId: String(r.question_id), packId: String(r.pack_id), answered: Number(r.answered), correct: Number(r.correct) }));
  const wrongPicks = (await sql(`SELECT question_id, choice, COUNT(*) AS n FROM answers WHERE ${where} AND correct = 0 GROUP BY question_id, choice ORDER BY question_id, n DESC, choice`, args))
    .map((r) => ({ questionId: String(r.question_id), choice: String(r.choice), n: Number(r.n) }));
  const activity = async (since: number) =>
    (await sql(`SELECT answered_at, user_id FROM answers WHERE ${where} AND answered_at >= ?`, [...args, since])).map((r) => ({ answeredAt: Number(r.answered_at), userId: String(r.user_id) }));
  return { questions, wrongPicks, activity };
}

/** /quiz insights as computed before migration 10 (the body is today's core function, unchanged but for its reads). */
export async function insightsToday(deps: TutorDeps, sql: RawSql, scope: Scope, packId: string | undefined, now: number): Promise<InsightsView> {
  const { store, packs } = deps;
  const today = await reads(sql, scope, packId);
  const wrong = new Map<string, { choice: string; n: number }>();
  for (const w of today.wrongPicks) if (!wrong.has(w.questionId)) wrong.set(w.questionId, w);

  const rows = today.questions;
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
  const labels: InsightsView['labels'] = [];
  for (const q of rows) {
    const label = packs.question(q.questionId)?.difficulty;
    if (!label || q.answered < LABEL_MIN_ANSWERS) continue;
    const accuracy = q.correct / q.answered;
    const suggest = labelVerdict(label, accuracy);
    if (suggest) labels.push({ questionId: q.questionId, packTitle: titleOf(q.packId), label, answered: q.answered, accuracy, suggest });
  }
  labels.sort((a, b) => a.questionId.localeCompare(b.questionId));

  const tz = await zoneOf(deps, scope);
  const starts: number[] = [periodStart('week', now, tz)];
  while (starts.length < WEEKS_SHOWN) starts.unshift(periodStart('week', starts[0]! - WEEK / 2, tz));
  const buckets = starts.map((start) => ({ start, people: new Set<string>(), answers: 0 }));
  for (const a of await today.activity(starts[0]!)) {
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
    hints,
    labels,
    weeks: buckets.map((b) => ({ start: b.start, label: `week of ${shortDate(b.start, tz)}`, people: b.people.size, answers: b.answers })),
  };
}
