/** Leaderboards and personal stats, with period boundaries on the workspace's wall clock. */
import { packsIn, type TutorDeps } from './deps.ts';
import type { CardState, Totals } from './ports.ts';
import { recall } from './srs.ts';
import { zoneOf } from './zones.ts';
import { periodStart, shortDate, zonedParts } from './time.ts';
import type { Pack, Scope } from './types.ts';
import type { BoardRow, LeaderboardView, StatsView } from './views.ts';

/** Leaderboard periods; `week` starts Monday 00:00 local time. */
export const PERIODS = ['week', 'month', 'all'] as const;
export type Period = (typeof PERIODS)[number];

/** Rows shown before the caller's own row is added separately. */
export const BOARD_SIZE = 10;

/** Share of answers that were right, 0 when there are none. */
export function accuracy(t: { correct: number; answered: number }): number {
  return t.answered === 0 ? 0 : t.correct / t.answered;
}

/**
 * The totals key of `period` at `now`: 'all', or the period's start on the zone's wall clock. Weeks and
 * months of a later generation (totals recounted after a zone change) end in `#<gen>`.
 */
export function periodKey(period: Period, now: number, tz: string, gen = 0): string {
  if (period === 'all') return 'all';
  const key = `${period}:${periodStart(period, now, tz)}`;
  return gen === 0 ? key : `${key}#${gen}`;
}

/** Every totals key an answer at `t` counts towards. */
export function periodsOf(t: number, tz: string, gen = 0): string[] {
  return [periodKey('all', t, tz), periodKey('week', t, tz, gen), periodKey('month', t, tz, gen)];
}

/** Human label of a period, such as "this week (since Mon 23 Nov, Europe/Berlin)". */
export function label(period: Period, from: number, tz: string): string {
  if (period === 'all') return 'all time';
  return `this ${period} (since ${shortDate(from, tz)}, ${tz})`;
}

/** The leaderboard, plus the caller's own row when they are outside the top. */
export async function leaderboard(deps: TutorDeps, scope: Scope, period: Period, callerId: string, now: number): Promise<LeaderboardView> {
  const { boards } = deps.store;
  // All time has no boundaries, so it needs no zone (and spares a round trip on PostgreSQL); a zone
  // change never recounts it.
  const zone = period === 'all' ? { tz: deps.settings.tz, gen: 0 } : await deps.store.workspaces.totalsZone(scope, deps.settings.tz);
  const tz = zone.tz;
  const from = period === 'all' ? 0 : periodStart(period, now, tz);
  const key = periodKey(period, now, tz, zone.gen);
  const row = (t: Totals, rank: number): BoardRow => ({
    rank,
    userId: t.userId,
    name: t.name,
    points: t.points,
    correct: t.correct,
    answered: t.answered,
    accuracy: accuracy(t),
    streak: t.streak,
  });
  // Independent reads go out together: on PostgreSQL each is a round trip, on another pooled connection.
  const [top, mine] = await Promise.all([boards.top(scope, key, BOARD_SIZE), boards.rankOf(scope, key, callerId)]);
  // The caller's rank already counted the players; count them apart only for someone with no answers.
  const players = mine?.players ?? (await boards.playerCount(scope, key));
  // Ties share a rank, as people expect from a scoreboard.
  const ranks: number[] = [];
  top.forEach((t, i) => {
    const prev = top[i - 1];
    ranks.push(prev && prev.points === t.points && prev.correct === t.correct ? ranks[i - 1]! : i + 1);
  });
  const rows = top.map((t, i) => row(t, ranks[i]!));
  // While a zone change is being recounted the board still shows the old zone's periods, and says so.
  const next = 'next' in zone ? zone.next : undefined;
  const note = next ? `; being recounted for ${next.tz}` : '';
  const view: LeaderboardView = { kind: 'leaderboard', period, label: `${label(period, from, tz)}${note}`, rows, players };
  if (mine && !rows.some((r) => r.userId === callerId)) view.me = row(mine.totals, mine.rank);
  return view;
}

/** Per loaded pack: the expected share answered right now (mean FSRS recall, unseen = 0) and the share unseen. */
export async function mastery(deps: TutorDeps, scope: Scope, userId: string, now: number): Promise<StatsView['mastery']> {
  const cards = new Map((await deps.store.cards.forUser(scope, userId)).map((c) => [c.questionId, c.card]));
  return masteryOf((await packsIn(deps, scope)).list(), cards, now);
}

/** Mastery per pack from one person's cards by question id (shared by stats and the export). */
export function masteryOf(packs: readonly Pack[], cards: ReadonlyMap<string, CardState>, now: number): StatsView['mastery'] {
  return packs.map((pack) => {
    const total = pack.questions.length;
    const seen = pack.questions.map((q) => cards.get(q.id)).filter((c) => c !== undefined);
    const likely = seen.reduce((sum, c) => sum + recall(c, now), 0);
    return { packId: pack.id, title: pack.title, mastery: total ? likely / total : 0, unseen: total ? (total - seen.length) / total : 1 };
  });
}

/** Days in the report card's calendar: eight weeks, this one last. */
export const CALENDAR_DAYS = 56;
/**
 * Answers read for the calendar, newest first: a bound on the work per /quiz stats however long the history
 * (eight weeks fit unless someone answers over 17 questions a day, which no schedule posts).
 */
export const CALENDAR_ANSWERS_MAX = 1_000;
const DAY = 86_400_000;

/** The local day number of `t` in `tz` (days since 1970-01-01 on the zone's wall clock). */
function localDay(t: number, tz: string): number {
  const p = zonedParts(t, tz);
  return Math.round(Date.UTC(p.year, p.month - 1, p.day) / DAY);
}

/** Answers per local day over the last eight weeks (Monday-started, this week last). */
export function calendarOf(answeredAt: readonly number[], now: number, tz: string): NonNullable<StatsView['calendar']> {
  let start = periodStart('week', now, tz);
  // Back seven Mondays, re-anchored each time so a DST change on the way does not shift the day.
  for (let i = 0; i < 7; i += 1) start = periodStart('week', start - DAY * 3.5, tz);
  const first = localDay(start, tz);
  const days = new Array<number>(CALENDAR_DAYS).fill(0);
  for (const t of answeredAt) {
    if (t < start) continue;
    const i = localDay(t, tz) - first;
    if (i >= 0 && i < CALENDAR_DAYS) days[i]! += 1;
  }
  return { start, tz, days };
}

/** A person's all-time stats with per-pack accuracy, mastery and reviews. */
export async function stats(deps: TutorDeps, scope: Scope, userId: string, fallbackName: string, now: number): Promise<StatsView> {
  const { boards, members, reviews, cards } = deps.store;
  const packs = await packsIn(deps, scope);
  const [mine, streak, name, done, due, nextDue, perPack, mastered, tz, latest, suggested] = await Promise.all([
    boards.rankOf(scope, 'all', userId),
    boards.streakOf(scope, userId),
    members.name(scope, userId),
    reviews.count(scope, userId, 'review'),
    cards.dueCount(scope, userId, now),
    cards.nextDue(scope, userId),
    boards.perPack(scope, userId),
    mastery(deps, scope, userId, now),
    zoneOf(deps, scope),
    // The calendar starts at most CALENDAR_DAYS before now (a day more for the zone); only times are read.
    boards.answerTimes(scope, userId, now - (CALENDAR_DAYS + 1) * DAY, CALENDAR_ANSWERS_MAX),
    deps.store.suggestions.approvedCount(scope, userId),
  ]);
  const totals = mine?.totals ?? { userId, name: fallbackName, points: 0, correct: 0, answered: 0, streak: 0 };
  return {
    kind: 'stats',
    tz,
    userId,
    name: name ?? fallbackName,
    points: totals.points,
    correct: totals.correct,
    answered: totals.answered,
    accuracy: accuracy(totals),
    streak: streak.current,
    bestStreak: streak.best,
    mastery: mastered,
    reviews: { done, due, nextDue: nextDue ?? null },
    ...(suggested ? { suggested } : {}),
    calendar: calendarOf(latest, now, tz),
    packs: perPack.map((p) => ({
      packId: p.packId,
      title: packs.get(p.packId)?.title ?? p.packId,
      correct: p.correct,
      answered: p.answered,
      accuracy: accuracy(p),
    })),
  };
}
