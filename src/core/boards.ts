/** Leaderboards and personal stats, with period boundaries on the workspace's wall clock. */
import type { TutorDeps } from './deps.ts';
import type { Totals } from './ports.ts';
import { streaks } from './streaks.ts';
import { periodStart, shortDate } from './time.ts';
import type { Scope } from './types.ts';
import type { BoardRow, LeaderboardView, StatsView } from './views.ts';

/** Leaderboard periods; `week` starts Monday 00:00 local time. */
export const PERIODS = ['week', 'month', 'all'] as const;
export type Period = (typeof PERIODS)[number];

/** Rows shown before the caller's own row is added separately. */
export const BOARD_SIZE = 10;

function accuracy(t: { correct: number; answered: number }): number {
  return t.answered === 0 ? 0 : t.correct / t.answered;
}

function since(period: Period, now: number, tz: string): number {
  return period === 'all' ? 0 : periodStart(period, now, tz);
}

function label(period: Period, from: number, tz: string): string {
  if (period === 'all') return 'all time';
  return `this ${period} (since ${shortDate(from, tz)}, ${tz})`;
}

/** The leaderboard, plus the caller's own row when they are outside the top. */
export function leaderboard(deps: TutorDeps, scope: Scope, period: Period, callerId: string, now: number): LeaderboardView {
  const { boards } = deps.store;
  const from = since(period, now, deps.settings.tz);
  const row = (t: Totals, rank: number): BoardRow => ({
    rank,
    userId: t.userId,
    name: t.name,
    points: t.points,
    correct: t.correct,
    answered: t.answered,
    accuracy: accuracy(t),
    streak: streaks(boards.streakRows(scope, t.userId)).current,
  });
  const top = boards.top(scope, from, BOARD_SIZE);
  // Ties share a rank, as people expect from a scoreboard.
  const rows: BoardRow[] = [];
  top.forEach((t, i) => {
    const prev = rows[i - 1];
    const rank = prev && prev.points === t.points && prev.correct === t.correct ? prev.rank : i + 1;
    rows.push(row(t, rank));
  });
  const view: LeaderboardView = { kind: 'leaderboard', period, label: label(period, from, deps.settings.tz), rows, players: boards.playerCount(scope, from) };
  if (!rows.some((r) => r.userId === callerId)) {
    const mine = boards.rankOf(scope, from, callerId);
    if (mine) view.me = row(mine.totals, mine.rank);
  }
  return view;
}

/** A person's all-time stats with per-pack accuracy. */
export function stats(deps: TutorDeps, scope: Scope, userId: string, fallbackName: string): StatsView {
  const { boards, members } = deps.store;
  const mine = boards.rankOf(scope, 0, userId);
  const totals = mine?.totals ?? { userId, name: fallbackName, points: 0, correct: 0, answered: 0 };
  const { current, best } = streaks(boards.streakRows(scope, userId));
  return {
    kind: 'stats',
    userId,
    name: members.name(scope, userId) ?? fallbackName,
    points: totals.points,
    correct: totals.correct,
    answered: totals.answered,
    accuracy: accuracy(totals),
    streak: current,
    bestStreak: best,
    packs: boards.perPack(scope, userId).map((p) => ({
      packId: p.packId,
      title: deps.packs.get(p.packId)?.title ?? p.packId,
      correct: p.correct,
      answered: p.answered,
      accuracy: accuracy(p),
    })),
  };
}
