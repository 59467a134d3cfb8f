/**
 * The weekly summary: turned on per channel by admins, posted by the sweep each Monday 09:00 in the
 * workspace's zone with last week's board, champion and card, once per channel and week (restarts included).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch, parseText } from '../../src/commands/index.ts';
import type { Pictures } from '../../src/core/ports.ts';
import type { Actor } from '../../src/core/types.ts';
import type { LeaderboardView, TextView } from '../../src/core/views.ts';
import { weeklySlot } from '../../src/core/weekly.ts';
import { makeWorld, T0, type World } from '../helpers/world.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// T0 is Thu 26 Nov 2026 09:00 UTC; the next Monday is 30 Nov.
const MONDAY_9 = Date.UTC(2026, 10, 30, 9);

const pictures: Pictures = {
  draw: async (view) => ({ kind: 'picture', name: 'weekly-summary.png', contentType: 'image/png', bytes: new Uint8Array([1]), description: view.kind }),
};

const worlds: World[] = [];
afterEach(() => {
  for (const w of worlds.splice(0)) w.cleanup();
});
function world(opts: Parameters<typeof makeWorld>[0] = {}): World {
  const w = makeWorld({ pictures, ...opts });
  worlds.push(w);
  return w;
}
const run = (w: World, line: string, actor: Actor, now = T0) => dispatch(parseText(line), { tutor: w.tutor, actor, channel: w.channel, now }, w.tutor.deps.log);

async function round(w: World, at: number, answers: [string, string][]) {
  await w.tutor.postDrop({ channel: w.channel }, at);
  for (const [user, letter] of answers) await w.tutor.answerInChannel(w.channel, w.member(user, user.toUpperCase()), letter, 'command', at + 1000);
}

describe('/quiz schedule weekly', () => {
  it('turns the summary on for a channel (default: this one) and off, admins only', async () => {
    const w = world();
    expect(((await run(w, 'schedule weekly', w.admin)).view as TextView).text).toBe(
      "The weekly summary is on in channel C1: last week's leaderboard and champion, Mondays at 09:00 (UTC).",
    );
    expect(((await run(w, 'schedule weekly', w.admin)).view as TextView).text).toMatch(/^The weekly summary was already on in channel C1/);
    expect(((await run(w, 'schedule weekly <#C9> on', w.admin)).view as TextView).text).toMatch(/^The weekly summary is on in channel C9/);
    expect(await w.tutor.weeklyChannels(w.channel)).toEqual(['C1', 'C9']);
    expect(((await run(w, 'schedule weekly off', w.admin)).view as TextView).text).toBe('The weekly summary in channel C1 is off.');
    const again = (await run(w, 'schedule weekly off', w.admin)).view as TextView;
    expect([again.tone, again.text]).toEqual(['error', 'The weekly summary is not on in channel C1.']);
    const member = (await run(w, 'schedule weekly', w.member('ann'))).view as TextView;
    expect(member.tone).toBe('error');
    expect(await w.tutor.weeklyChannels(w.channel)).toEqual(['C9']);
  });
});

describe('the Monday post', () => {
  it('posts last week’s board with its champion and card once, at Monday 09:00, and again the next Monday', async () => {
    const w = world();
    await run(w, 'schedule weekly', w.admin, T0 - DAY);
    await round(w, T0, [['ann', 'B'], ['bo', 'A']]);
    expect(await w.tutor.postWeeklies(MONDAY_9 - 60_000)).toBe(0);
    expect(await w.tutor.postWeeklies(MONDAY_9 + 15_000)).toBe(1);
    expect(await w.tutor.postWeeklies(MONDAY_9 + 30_000)).toBe(0);
    expect(w.chat.views).toHaveLength(1);
    const { channel, view, files } = w.chat.views[0]!;
    expect(channel).toEqual(w.channel);
    const board = view as LeaderboardView;
    expect(board.kind).toBe('leaderboard');
    expect(board.champion).toEqual({ name: 'ANN', points: 1 });
    expect(board.label).toBe('last week (Mon 23 Nov – Sun 29 Nov, UTC) · 👑 champion: ANN, 1 pts');
    expect(board.rows.map((r) => [r.rank, r.name, r.points])).toEqual([[1, 'ANN', 1], [2, 'BO', 0]]);
    expect(board.me).toBeUndefined();
    expect(files?.map((f) => f.name)).toEqual(['weekly-summary.png']);
    // This week's answers belong to next Monday's post.
    await w.tutor.postDrop({ channel: w.channel }, MONDAY_9 + HOUR);
    const right = (await w.tutor.openDrop(w.channel))!.question!.answer;
    await w.tutor.answerInChannel(w.channel, w.member('bo', 'BO'), right, 'command', MONDAY_9 + HOUR + 1000);
    expect(await w.tutor.postWeeklies(MONDAY_9 + 7 * DAY + 1000)).toBe(1);
    expect((w.chat.views[1]!.view as LeaderboardView).champion?.name).toBe('BO');
  });

  it('is posted once across a restart and a second instance on the same database', async () => {
    const a = world();
    await run(a, 'schedule weekly', a.admin, T0 - DAY);
    await round(a, T0, [['ann', 'B']]);
    const b = world({ dir: a.dir });
    const posted = await Promise.all([a.tutor.postWeeklies(MONDAY_9 + 1000), b.tutor.postWeeklies(MONDAY_9 + 1000)]);
    expect(posted.reduce((x, y) => x + y)).toBe(1);
    const c = world({ dir: a.dir });
    expect(await c.tutor.postWeeklies(MONDAY_9 + 2 * HOUR)).toBe(0);
    expect(a.chat.views.length + b.chat.views.length + c.chat.views.length).toBe(1);
  });

  it('follows the workspace zone: Monday 09:00 in New York is 14:00 UTC', async () => {
    const w = world({ tz: 'America/New_York' });
    await run(w, 'schedule weekly', w.admin, T0 - DAY);
    await round(w, T0, [['ann', 'B']]);
    expect(weeklySlot(MONDAY_9, 'America/New_York').slot).toBe(Date.UTC(2026, 10, 30, 14));
    expect(await w.tutor.postWeeklies(Date.UTC(2026, 10, 30, 13, 59))).toBe(0);
    expect(await w.tutor.postWeeklies(Date.UTC(2026, 10, 30, 14, 0, 15))).toBe(1);
  });

  it('skips a Monday missed by more than the catch-up grace, an empty week, and a week turned on after its slot', async () => {
    const late = world({ catchupMs: HOUR });
    await run(late, 'schedule weekly', late.admin, T0 - DAY);
    await round(late, T0, [['ann', 'B']]);
    expect(await late.tutor.postWeeklies(MONDAY_9 + 2 * HOUR)).toBe(0);
    expect(late.log.some((l) => l.event === 'weekly.missed_skipped')).toBe(true);
    expect(await late.tutor.postWeeklies(MONDAY_9 + 3 * HOUR)).toBe(0);

    const empty = world();
    await run(empty, 'schedule weekly', empty.admin, T0 - DAY);
    expect(await empty.tutor.postWeeklies(MONDAY_9 + 1000)).toBe(0);
    expect(empty.log.some((l) => l.event === 'weekly.empty')).toBe(true);
    expect(empty.chat.views).toHaveLength(0);

    const fresh = world();
    await round(fresh, T0, [['ann', 'B']]);
    await run(fresh, 'schedule weekly', fresh.admin, MONDAY_9 + HOUR);
    expect(await fresh.tutor.postWeeklies(MONDAY_9 + 2 * HOUR)).toBe(0);
    expect(fresh.chat.views).toHaveLength(0);
  });

  it('a refused post is logged and not retried; other channels still get theirs', async () => {
    const w = world();
    await run(w, 'schedule weekly', w.admin, T0 - DAY);
    await round(w, T0, [['ann', 'B']]);
    w.chat.failWith('missing_scope');
    expect(await w.tutor.postWeeklies(MONDAY_9 + 1000)).toBe(0);
    expect(w.log.find((l) => l.event === 'weekly.post_failed')?.fields.reason).toBe('missing_scope');
    w.chat.failWith(undefined);
    expect(await w.tutor.postWeeklies(MONDAY_9 + 20_000)).toBe(0);
  });
});
