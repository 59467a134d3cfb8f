/** `/quiz export`: a workspace's scores for a period as a CSV download, one row per person. */
import { accuracy, label, masteryOf, periodKey, type Period } from './boards.ts';
import { toCsv, type Cell } from './csv.ts';
import type { TutorDeps } from './deps.ts';
import type { CardState } from './ports.ts';
import { periodStart, zonedParts } from './time.ts';
import type { Scope } from './types.ts';
import type { Reply } from './views.ts';
import { zoneOf } from './zones.ts';

/** Columns before the per-pack mastery columns; `mastery_pct:<pack id>` follows for each loaded pack. */
export const EXPORT_COLUMNS = ['name', 'user_id', 'points', 'correct', 'answered', 'accuracy_pct', 'streak', 'best_streak'] as const;

const pct = (share: number): number => Math.round(share * 1000) / 10;

/** `2026-11-23` on the zone's wall clock, for file names. */
function isoDate(t: number, tz: string): string {
  const p = zonedParts(t, tz);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/**
 * The CSV of everyone with answers in the period, ranked as on the leaderboard. Points, right answers and
 * accuracy are the period's; streaks are all-time (a streak spans periods); mastery is as of `now`.
 * Four reads whatever the number of people: the totals, every streak, every card, the zone.
 */
export async function exportScores(deps: TutorDeps, scope: Scope, period: Period, now: number): Promise<Reply> {
  const { boards, cards } = deps.store;
  const tz = await zoneOf(deps, scope);
  const key = periodKey(period, now, tz);
  const players = await boards.playerCount(scope, key);
  const [totals, streaks, allCards] = await Promise.all([boards.top(scope, key, Math.max(players, 1)), boards.streaks(scope), cards.inWorkspace(scope)]);
  const streakOf = new Map(streaks.map((s) => [s.userId, s]));
  const cardsOf = new Map<string, Map<string, CardState>>();
  for (const c of allCards) {
    const mine = cardsOf.get(c.userId) ?? new Map<string, CardState>();
    mine.set(c.questionId, c.card);
    cardsOf.set(c.userId, mine);
  }
  const packs = deps.packs.list();
  const header: Cell[] = [...EXPORT_COLUMNS, ...packs.map((p) => `mastery_pct:${p.id}`)];
  const rows: Cell[][] = totals.map((t) => {
    const s = streakOf.get(t.userId);
    const mastery = masteryOf(packs, cardsOf.get(t.userId) ?? new Map(), now);
    return [t.name, t.userId, t.points, t.correct, t.answered, pct(accuracy(t)), s?.current ?? 0, s?.best ?? 0, ...mastery.map((m) => pct(m.mastery))];
  });
  const from = period === 'all' ? now : periodStart(period, now, tz);
  const name = `stepwise-scores-${period}-${isoDate(from, tz)}.csv`;
  const what = `Scores for ${label(period, from, tz)}`;
  const people = `${rows.length} ${rows.length === 1 ? 'person' : 'people'}`;
  return {
    visibility: 'private',
    view: {
      kind: 'text',
      tone: 'info',
      text: `${what}: ${people}, ${packs.length} pack${packs.length === 1 ? '' : 's'}. The file is ${name} (CSV, opens in any spreadsheet).`,
    },
    files: [{ kind: 'download', name, contentType: 'text/csv', bytes: new TextEncoder().encode(toCsv([header, ...rows])), description: `${what} (${people})` }],
  };
}
