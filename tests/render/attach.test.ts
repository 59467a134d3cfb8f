/**
 * Pictures go with the replies and posts they illustrate, drawn from the very view the text comes from; when
 * pictures are off, or one cannot be drawn, the text goes alone.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dispatch, parseText } from '../../src/commands/index.ts';
import { calendarOf } from '../../src/core/boards.ts';
import type { Pictures } from '../../src/core/ports.ts';
import type { Actor } from '../../src/core/types.ts';
import type { ReplyFile, StatsView, View } from '../../src/core/views.ts';
import { loadConfig } from '../../src/config.ts';
import { createRenderer } from '../../src/render/pictures.ts';
import { makeWorld, memoryLog, T0, type World } from '../helpers/world.ts';

/** Records the views it is asked to draw and answers with a marker file (or nothing, for a failed draw). */
function recordingPictures(fail = false) {
  const asked: View[] = [];
  const pictures: Pictures = {
    async draw(view) {
      asked.push(view);
      if (fail) return undefined;
      return { kind: 'picture', name: `${view.kind}.png`, contentType: 'image/png', bytes: new Uint8Array([1]), description: `a ${view.kind}` };
    },
  };
  return { pictures, asked };
}

let w: World | undefined;
afterEach(() => {
  w?.cleanup();
  w = undefined;
});
const run = (world: World, line: string, actor: Actor, now = T0) => dispatch(parseText(line), { tutor: world.tutor, actor, channel: world.channel, now }, world.tutor.deps.log);

async function round(world: World, at: number, answers: [string, string][]) {
  await world.tutor.postDrop({ channel: world.channel }, at);
  for (const [user, letter] of answers) await world.tutor.answerInChannel(world.channel, world.member(user, user.toUpperCase()), letter, 'command', at + 1000);
}

describe('replies carry the picture of their own view', () => {
  it.each(['leaderboard', 'stats', 'insights'])('/quiz %s', async (command) => {
    const rec = recordingPictures();
    w = makeWorld({ pictures: rec.pictures });
    await round(w, T0, [['ann', 'B'], ['bo', 'A']]);
    const reply = await run(w, command, w.admin, T0 + 60_000);
    expect(reply.view.kind).toBe(command);
    expect(rec.asked.at(-1)).toBe(reply.view);
    expect(reply.files).toEqual([expect.objectContaining({ kind: 'picture', name: `${command}.png`, description: `a ${command}` })]);
  });

  it('the reveal is posted with its chart, drawn from the reveal view', async () => {
    const rec = recordingPictures();
    w = makeWorld({ pictures: rec.pictures });
    await round(w, T0, [['ann', 'B'], ['bo', 'A'], ['cy', 'A']]);
    await w.tutor.closeIn(w.channel, T0 + 120_000);
    const [posted] = w.chat.reveals;
    expect(posted!.files).toHaveLength(1);
    expect(rec.asked).toContain(posted!.view);
    expect(posted!.view.options.map((o) => o.count)).toEqual([2, 1, 0, 0]);
  });

  it('without pictures (STEPWISE_PICTURES=off) or when drawing fails, the text goes alone', async () => {
    w = makeWorld();
    await round(w, T0, [['ann', 'B']]);
    expect((await run(w, 'leaderboard', w.admin, T0 + 60_000)).files).toBeUndefined();
    await w.tutor.closeIn(w.channel, T0 + 120_000);
    expect(w.chat.reveals[0]!.files).toBeUndefined();
    w.cleanup();
    const rec = recordingPictures(true);
    w = makeWorld({ pictures: rec.pictures });
    await round(w, T0, [['ann', 'B']]);
    const reply = await run(w, 'stats', w.member('ann', 'ANN'), T0 + 60_000);
    expect(reply.view.kind).toBe('stats');
    expect(reply.files).toBeUndefined();
  });

  it('a thrown draw is logged and the reply still goes', async () => {
    w = makeWorld({ pictures: { draw: async () => { throw new Error('skia exploded'); } } });
    await round(w, T0, [['ann', 'B']]);
    const reply = await run(w, 'leaderboard', w.admin, T0 + 60_000);
    expect(reply.view.kind).toBe('leaderboard');
    expect(reply.files).toBeUndefined();
    expect(w.log.some((l) => l.event === 'picture.failed' && l.fields.reason === 'skia exploded')).toBe(true);
  });
});

describe('the report card’s calendar', () => {
  it('counts answers per local day over eight Monday-started weeks, this week last', async () => {
    w = makeWorld({ tz: 'America/New_York' });
    // Thu 26 Nov 09:00 UTC; an answer three weeks back, one today, one 9 weeks back (outside).
    await round(w, T0 - 21 * 86_400_000, [['ann', 'B']]);
    await round(w, T0 - 63 * 86_400_000, [['ann', 'A']]);
    await round(w, T0, [['ann', 'B']]);
    const view = (await run(w, 'stats', w.member('ann', 'ANN'), T0 + 60_000)).view as StatsView;
    const cal = view.calendar!;
    // Monday 5 Oct 2026 00:00 EDT is seven Mondays before Monday 23 Nov.
    expect(cal.start).toBe(Date.UTC(2026, 9, 5, 4));
    expect(cal.days).toHaveLength(56);
    // Thursday of the last week is day 7*7+3 = 52; three weeks earlier is 31.
    expect(cal.days.flatMap((n, i) => (n ? [[i, n]] : []))).toEqual([[31, 1], [52, 1]]);
  });

  it('puts an answer late on Sunday evening in its local day, across the DST change', () => {
    // Sun 1 Nov 2026 23:30 EST = Mon 2 Nov 04:30 UTC: a Sunday in New York.
    const cal = calendarOf([Date.UTC(2026, 10, 2, 4, 30)], Date.UTC(2026, 10, 26, 12), 'America/New_York');
    expect(cal.days.findIndex((n) => n > 0)).toBe(27);
  });
});

describe('the real renderer through a command', () => {
  const { log } = memoryLog();
  const renderer = createRenderer({ log, timeoutMs: 60_000 });
  afterAll(() => renderer.close());

  it('/quiz leaderboard replies with a PNG whose alt text names the leader', async () => {
    w = makeWorld({ pictures: renderer });
    await round(w, T0, [['ann', 'B'], ['bo', 'A']]);
    const reply = await run(w, 'leaderboard', w.admin, T0 + 60_000);
    const file = reply.files![0] as ReplyFile;
    expect(Buffer.from(file.bytes.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    expect(file.description).toMatch(/^Leaderboard, this week \(since Mon 23 Nov, UTC\): ANN leads with 1 points; top 2 of 2 players\.$/);
  });
});

describe('configuration', () => {
  it('STEPWISE_PICTURES is on by default, off when asked, and refuses anything else', () => {
    expect(loadConfig({}).pictures).toBe(true);
    expect(loadConfig({ STEPWISE_PICTURES: 'off' }).pictures).toBe(false);
    expect(loadConfig({ STEPWISE_PICTURES: 'OFF' }).pictures).toBe(false);
    expect(() => loadConfig({ STEPWISE_PICTURES: 'maybe' })).toThrow('STEPWISE_PICTURES="maybe" must be on or off.');
  });
});
