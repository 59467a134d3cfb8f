/** /quiz export: the CSV agrees with the leaderboard and stats, quotes as RFC 4180 says, and defuses formulas. */
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/commands/index.ts';
import { toCsv } from '../../src/core/csv.ts';
import type { Reply } from '../../src/core/views.ts';
import { csvRecords, parseCsv } from '../helpers/csv.ts';
import { makeWorld, T0, type World } from '../helpers/world.ts';

let w: World | undefined;
afterEach(() => {
  w?.cleanup();
  w = undefined;
});

const DAY = 86_400_000;
const EVIL = '=HYPERLINK("http://x","click"), me';

/** Posts a drop at `at` and has each [id, name, letter] answer it. */
async function round(w: World, at: number, answers: [string, string, string][]) {
  await w.tutor.postDrop({ channel: w.channel }, at);
  for (const [id, name, letter] of answers) await w.tutor.answerInChannel(w.channel, w.member(id, name), letter, 'command', at + 1000);
}

function csvOf(reply: Reply): { name: string; text: string } {
  const file = reply.files?.[0];
  if (!file) throw new Error(`no file in ${JSON.stringify(reply.view)}`);
  expect(file).toMatchObject({ kind: 'download', contentType: 'text/csv' });
  return { name: file.name, text: new TextDecoder().decode(file.bytes) };
}

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks, ends records with CRLF, and neutralises formula starts', () => {
    const text = toCsv([['a,b', 'say "hi"', 'two\nlines', '=1+1', '+1', '-x', '@SUM(A1)', '\tTAB', 'plain', -3, 2.5]]);
    expect(text).toBe('\uFEFF"a,b","say ""hi""","two\nlines",\'=1+1,\'+1,\'-x,\'@SUM(A1),\'\tTAB,plain,-3,2.5\r\n');
    expect(parseCsv(text)).toEqual([['a,b', 'say "hi"', 'two\nlines', "'=1+1", "'+1", "'-x", "'@SUM(A1)", "'\tTAB", 'plain', '-3', '2.5']]);
  });
});

describe('/quiz export', () => {
  it('has a row per person with the period’s points and accuracy, all-time streaks, and mastery per pack', async () => {
    w = makeWorld();
    const people: [string, string][] = [['U1', 'Ann'], ['U2', EVIL], ['U3', 'Bo']];
    // Last week: everyone answers twice; this week only Ann and the formula name answer.
    for (let d = 0; d < 2; d++) await round(w, T0 - 7 * DAY + d * 3_600_000, people.map(([id, name], i) => [id, name, 'ABCD'[(i + d) % 4]!]));
    await round(w, T0, [['U1', 'Ann', 'B'], ['U2', EVIL, 'A']]);
    const now = T0 + 3_600_000;
    const reply = await dispatch({ path: ['export'], options: { period: 'all' } }, { tutor: w.tutor, actor: w.admin, channel: w.channel, now });
    expect(reply.visibility).toBe('private');
    const { name, text } = csvOf(reply);
    expect(name).toBe('stepwise-scores-all-2026-11-26.csv');
    const packIds = w.tutor.packs.list().map((p) => p.id);
    expect(parseCsv(text)[0]).toEqual(['name', 'user_id', 'points', 'correct', 'answered', 'accuracy_pct', 'streak', 'best_streak', ...packIds.map((p) => `mastery_pct:${p}`)]);
    const rows = csvRecords(text);
    const board = await w.tutor.leaderboard(w.channel, 'all', 'U1', now);
    expect(rows.map((r) => r.user_id)).toEqual(board.rows.map((r) => r.userId));
    for (const row of rows) {
      const s = await w.tutor.stats(w.channel, row.user_id!, '', now);
      expect(row.name).toBe(s.name === EVIL ? `'${EVIL}` : s.name);
      expect([row.points, row.correct, row.answered, row.streak, row.best_streak].map(Number)).toEqual([s.points, s.correct, s.answered, s.streak, s.bestStreak]);
      expect(Number(row.accuracy_pct)).toBeCloseTo(s.accuracy * 100, 1);
      for (const m of s.mastery) expect(Number(row[`mastery_pct:${m.packId}`])).toBeCloseTo(m.mastery * 100, 1);
    }
    expect(rows.some((r) => Number(r.best_streak) > 0)).toBe(true);
    expect(rows.some((r) => Object.entries(r).some(([k, v]) => k.startsWith('mastery_pct:') && Number(v) > 0))).toBe(true);
  });

  it('counts only the week for `week`, names the file by the week’s Monday, and says how many people', async () => {
    w = makeWorld();
    await round(w, T0 - 7 * DAY, [['U1', 'Ann', 'B'], ['U3', 'Bo', 'B']]);
    await round(w, T0, [['U1', 'Ann', 'B']]);
    const reply = await dispatch({ path: ['export'], options: { period: 'week' } }, { tutor: w.tutor, actor: w.admin, channel: w.channel, now: T0 + 1000 });
    const { name, text } = csvOf(reply);
    expect(name).toBe('stepwise-scores-week-2026-11-23.csv');
    expect(csvRecords(text).map((r) => [r.user_id, r.answered])).toEqual([['U1', '1']]);
    expect(reply.view).toMatchObject({ kind: 'text', text: expect.stringContaining('1 person') });
  });

  it('is for admins only, and an empty workspace gets the header alone', async () => {
    w = makeWorld();
    const refused = await dispatch({ path: ['export'], options: {} }, { tutor: w.tutor, actor: w.member('U1'), channel: w.channel, now: T0 });
    expect(refused.files).toBeUndefined();
    expect(refused.view).toMatchObject({ kind: 'text', tone: 'error', text: expect.stringContaining('for admins') });
    const empty = await dispatch({ path: ['export'], options: {} }, { tutor: w.tutor, actor: w.admin, channel: w.channel, now: T0 });
    expect(parseCsv(csvOf(empty).text)).toHaveLength(1);
  });
});
