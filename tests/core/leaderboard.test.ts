import { afterEach, describe, expect, it } from 'vitest';
import { periodStart } from '../../src/core/time.ts';
import { makeWorld, type World } from '../helpers/world.ts';

let w: World | undefined;
afterEach(() => {
  w?.cleanup();
  w = undefined;
});

/** Posts a drop at `at` and has each [user, letter] answer it a second later. */
async function round(w: World, at: number, answers: [string, string][]) {
  await w.tutor.postDrop({ channel: w.channel }, at);
  for (const [user, letter] of answers) await w.tutor.answerInChannel(w.channel, w.member(user, user.toUpperCase()), letter, 'command', at + 1000);
}

describe('period boundaries', () => {
  it('starts the week on Monday 00:00 in the zone, across a DST change', () => {
    // Sun 1 Nov 2026: New York leaves DST. Monday 2 Nov 00:00 EST = 05:00 UTC.
    expect(periodStart('week', Date.UTC(2026, 10, 4, 12), 'America/New_York')).toBe(Date.UTC(2026, 10, 2, 5));
    // Monday 26 Oct 00:00 EDT = 04:00 UTC.
    expect(periodStart('week', Date.UTC(2026, 9, 28, 12), 'America/New_York')).toBe(Date.UTC(2026, 9, 26, 4));
    expect(periodStart('month', Date.UTC(2026, 10, 1, 3), 'America/New_York')).toBe(Date.UTC(2026, 9, 1, 4));
    expect(periodStart('week', Date.UTC(2026, 10, 29, 23), 'Asia/Tokyo')).toBe(Date.UTC(2026, 10, 29, 15));
  });

  it('counts an answer in the week of the workspace’s zone, not UTC’s', async () => {
    w = makeWorld({ tz: 'America/New_York' });
    // Mon 30 Nov 03:00 UTC is still Sunday 22:00 in New York: last week there.
    await round(w, Date.UTC(2026, 10, 30, 3), [['ann', 'B']]);
    // Mon 30 Nov 06:00 UTC is Monday 01:00 in New York: this week.
    await round(w, Date.UTC(2026, 10, 30, 6), [['bo', 'A']]);
    const now = Date.UTC(2026, 10, 30, 17);
    const week = await w.tutor.leaderboard(w.channel, 'week', 'ann', now);
    expect(week.rows.map((r) => [r.name, r.points])).toEqual([['BO', 1]]);
    expect(week.label).toBe('this week (since Mon 30 Nov, America/New_York)');
    expect(week.me).toBeUndefined();
    const all = await w.tutor.leaderboard(w.channel, 'all', 'ann', now);
    expect(all.rows.map((r) => [r.name, r.points])).toEqual([['ANN', 1], ['BO', 1]]);

    // A process started with STEPWISE_TZ=UTC still counts this workspace's weeks in New York...
    const utc = makeWorld({ tz: 'UTC', dir: w.dir });
    try {
      expect((await utc.tutor.leaderboard(w.channel, 'week', 'ann', now)).rows).toHaveLength(1);
      // ...until an admin moves the workspace to UTC: then both answers are this week.
      await utc.tutor.setZone(w.channel, 'UTC');
      expect((await utc.tutor.leaderboard(w.channel, 'week', 'ann', now)).rows).toHaveLength(2);
      expect((await w.tutor.leaderboard(w.channel, 'week', 'ann', now)).rows).toHaveLength(2);
    } finally {
      utc.close();
    }
  });
});

describe('leaderboard rows', () => {
  it('ranks by points, shares tied ranks, and shows the caller’s own rank outside the top 10', async () => {
    w = makeWorld();
    const t = Date.UTC(2026, 10, 23, 9); // Monday
    // Round 1 (easy, B), round 2 (easy, A), round 3 (easy, C): one point each.
    const users = Array.from({ length: 12 }, (_, i) => `u${String(i).padStart(2, '0')}`);
    await round(w, t, users.map((u, i) => [u, i < 11 ? 'B' : 'A'] as [string, string]));
    await round(w, t + 3_600_000, users.map((u, i) => [u, i < 3 ? 'A' : 'D'] as [string, string]));
    await round(w, t + 7_200_000, [['u00', 'C']]);
    const board = await w.tutor.leaderboard(w.channel, 'week', 'u11', t + 8_000_000);
    expect(board.players).toBe(12);
    expect(board.rows).toHaveLength(10);
    expect(board.rows.slice(0, 4).map((r) => [r.rank, r.userId, r.points, r.correct, r.answered])).toEqual([
      [1, 'u00', 3, 3, 3],
      [2, 'u01', 2, 2, 2],
      [2, 'u02', 2, 2, 2],
      [4, 'u03', 1, 1, 2],
    ]);
    expect(board.rows[0]!.streak).toBe(3);
    expect(board.rows[0]!.accuracy).toBe(1);
    expect(board.me).toMatchObject({ userId: 'u11', rank: 12, points: 0, correct: 0, answered: 2 });
  });

  it('stats give points, accuracy, streaks and per-pack accuracy', async () => {
    w = makeWorld();
    const t = Date.UTC(2026, 10, 23, 9);
    await round(w, t, [['ann', 'B']]); // right
    await round(w, t + 1e6, [['ann', 'A']]); // right
    await round(w, t + 2e6, [['ann', 'A']]); // wrong
    await round(w, t + 3e6, [['ann', 'A']]); // right (easy, 1 point)
    const s = await w.tutor.stats(w.channel, 'ann', 'Ann', t + 4e6);
    expect(s).toMatchObject({ name: 'ANN', points: 3, correct: 3, answered: 4, accuracy: 0.75, streak: 1, bestStreak: 2 });
    expect(s.packs).toEqual([{ packId: 'ml-lifecycle', title: 'Why ML lifecycle stages in MLOps?', correct: 3, answered: 4, accuracy: 0.75 }]);
  });
});

describe('running totals', () => {
  it('match the naive GROUP BY over all answers, for every period, and are rebuilt when the zone changes', async () => {
    w = makeWorld({ tz: 'Europe/Berlin' });
    const letters = ['A', 'B', 'C', 'D'];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let d = 0; d < 40; d++) {
      const at = Date.UTC(2026, 9, 1, 6) + d * 86_400_000 + rnd(12) * 3_600_000;
      await w.tutor.postDrop({ channel: w.channel }, at);
      for (let u = 0; u < 15; u++) if (rnd(3)) await w.tutor.answerInChannel(w.channel, w.member(`u${u}`), letters[rnd(4)]!, 'command', at + 1000 + u);
    }
    const now = Date.UTC(2026, 10, 12, 12);
    const naive = (since: number) =>
      w!.db
        .prepare(
          `SELECT user_id AS userId, SUM(points) AS points, SUM(correct) AS correct, COUNT(*) AS answered FROM answers
           WHERE answered_at >= ? GROUP BY user_id ORDER BY points DESC, correct DESC, user_id LIMIT 10`,
        )
        .all(since);
    const check = async (tz: string) => {
      for (const period of ['week', 'month', 'all'] as const) {
        const since = period === 'all' ? 0 : periodStart(period, now, tz);
        const board = await w!.tutor.leaderboard(w!.channel, period, 'u0', now);
        expect(board.rows.map(({ userId, points, correct, answered }) => ({ userId, points, correct, answered }))).toEqual(naive(since));
      }
    };
    await check('Europe/Berlin');
    // A second process started with another STEPWISE_TZ keeps the workspace's zone: nothing is rebuilt,
    // and both agree (they used to rebuild each other's totals and corrupt the week boards).
    const tokyo = makeWorld({ tz: 'Asia/Tokyo', dir: w.dir });
    try {
      expect(await tokyo.tutor.zoneOf(tokyo.channel)).toBe('Europe/Berlin');
      await tokyo.tutor.answerInChannel(tokyo.channel, tokyo.member('late'), 'A', 'command', now);
      await check('Europe/Berlin');
      // An admin changes the zone on purpose: the totals are recounted for Tokyo's weeks.
      await tokyo.tutor.setZone(tokyo.channel, 'Asia/Tokyo');
      const board = await w.tutor.leaderboard(w.channel, 'week', 'u0', now);
      const since = periodStart('week', now, 'Asia/Tokyo');
      expect(board.rows.map(({ userId, points }) => ({ userId, points }))).toEqual(naive(since).map(({ userId, points }: any) => ({ userId, points })));
      expect(board.label).toContain('Asia/Tokyo');
    } finally {
      tokyo.close();
    }
  });
});

describe('streaks', () => {
  it('count right answers in a row; a wrong answer or a drop closed without your right answer ends one; an open drop does not', async () => {
    w = makeWorld();
    const t = Date.UTC(2026, 10, 23, 9);
    const H = 3_600_000;
    const stats = async (id: string) => w!.tutor.stats(w!.channel, id, id, t + 10 * H);
    const both = async (key: 'streak' | 'bestStreak') => [(await stats('ann'))[key], (await stats('bo'))[key]];
    await round(w, t, [['ann', 'B'], ['bo', 'B']]); // q1: both right
    await round(w, t + H, [['ann', 'A'], ['bo', 'A']]); // q2: both right
    expect(await both('streak')).toEqual([2, 2]);
    // q3 opens; ann answers wrong, bo has not answered yet: open drops do not break a streak.
    await round(w, t + 2 * H, [['ann', 'A']]);
    expect(await both('streak')).toEqual([0, 2]);
    // q4 opening closes q3, which bo missed: his streak ends too; best streaks stay.
    await round(w, t + 3 * H, [['ann', 'A'], ['bo', 'A']]); // q4 (mlc-remove-stage, answer A): both right
    expect(await both('streak')).toEqual([1, 1]);
    expect(await both('bestStreak')).toEqual([2, 2]);
    expect((await w.tutor.leaderboard(w.channel, 'all', 'ann', t + 10 * H)).rows.map((r) => [r.userId, r.streak])).toEqual([
      ['ann', 1],
      ['bo', 1],
    ]);
  });
});
