/**
 * Pictures: each drawn from fixed data in the real render worker and compared with a stored reference PNG
 * (pixelmatch, within a tolerance); sizes; a huge board costs the card no more work than a small one; the
 * main thread stays free while drawing; a full queue or a missed deadline skips the picture, never the text.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReplyFile, View } from '../../src/core/views.ts';
import { createRenderer } from '../../src/render/pictures.ts';
import { memoryLog } from '../helpers/world.ts';
import { board, insights, reveal, stats, weekly } from './fixtures.ts';

const REFERENCE = join(import.meta.dirname, 'reference');
/** STEPWISE_UPDATE_PICTURES=1 rewrites the references (after a deliberate change to a picture; look at them). */
const UPDATE = process.env.STEPWISE_UPDATE_PICTURES === '1';
/** Anti-aliasing may differ by a hair between Skia builds; a changed layout moves thousands of pixels. */
const MAX_DIFF_SHARE = 0.002;

const { log, lines } = memoryLog();
const renderer = createRenderer({ log, timeoutMs: 60_000 });
afterAll(() => renderer.close());

async function drawn(view: View): Promise<ReplyFile> {
  const file = await renderer.draw(view);
  if (!file) throw new Error(`no picture: ${JSON.stringify(lines)}`);
  return file;
}

function compare(name: string, file: ReplyFile, update = UPDATE): { width: number; height: number; diff: number } {
  const actual = PNG.sync.read(Buffer.from(file.bytes));
  const path = join(REFERENCE, name);
  if (update || !existsSync(path)) {
    if (!update) throw new Error(`missing reference ${path}: run with STEPWISE_UPDATE_PICTURES=1 and look at it`);
    mkdirSync(REFERENCE, { recursive: true });
    writeFileSync(path, file.bytes);
  }
  const expected = PNG.sync.read(readFileSync(path));
  expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
  const diff = pixelmatch(actual.data, expected.data, undefined, actual.width, actual.height, { threshold: 0.1 });
  return { width: actual.width, height: actual.height, diff: diff / (actual.width * actual.height) };
}

describe('each picture matches its reference', () => {
  it.each([
    ['leaderboard.png', board(10_000), [800, 720]],
    ['leaderboard-empty.png', board(0), [800, 720]],
    ['weekly-summary.png', weekly, [800, 720]],
    ['report-card.png', stats, [800, 600]],
    ['reveal.png', reveal, [720, 368]],
    ['insights.png', insights, [800, 640]],
  ] as const)('%s', async (name, view, [width, height]) => {
    const file = await drawn(view);
    expect(file.kind).toBe('picture');
    expect(file.contentType).toBe('image/png');
    // Small enough for any chat: Discord takes 10 MiB a file without Nitro, Slack far more.
    expect(file.bytes.length).toBeGreaterThan(5_000);
    expect(file.bytes.length).toBeLessThan(300_000);
    const got = compare(name, file);
    expect([got.width, got.height]).toEqual([width, height]);
    expect(got.diff).toBeLessThanOrEqual(MAX_DIFF_SHARE);
  });

  it('a changed view does not match the reference (the comparison can fail)', async () => {
    const other = await drawn({ ...reveal, options: reveal.options.map((o) => ({ ...o, count: o.letter === 'D' ? 15 : o.count })), total: 34 });
    expect(compare('reveal.png', other, false).diff).toBeGreaterThan(MAX_DIFF_SHARE);
  });
});

describe('alt text says what the picture shows, from the same view', () => {
  it('names the leader, the players and the caller’s rank', async () => {
    const file = await drawn(board(10_000));
    expect(file.name).toBe('leaderboard.png');
    expect(file.description).toBe('Leaderboard, this week (since Mon 23 Nov, Europe/Berlin): Ada 🚀 leads with 40 points; top 10 of 10000 players; you are #9997.');
    expect((await drawn(reveal)).description).toBe('Question #17: 19 answers (A 3, B 11, C 5, D 0); the right answer is B.');
    expect((await drawn(stats)).description).toMatch(/^Report card for Zoë 🦊: 42 points, streak 5 \(best 9\), 75% right; \d+ answers in the last eight weeks\.$/);
    expect((await drawn(insights)).description).toBe('Insights: people per week 3, 5, 4, 8, 7, 9, 6, 10; hardest question 21% right.');
  });
});

describe('work', () => {
  it('a 10,000-player board draws the same rows as a 10-player one: the top ten, and the caller', async () => {
    await drawn(board(10));
    const small = renderer.stats.lastRows;
    await drawn(board(10_000));
    const large = renderer.stats.lastRows;
    expect(small).toBe(10);
    // The caller's own row is the one more; nothing else grows with the players.
    expect(large).toBe(11);
    // What the worker is sent is bounded too: the view holds the top ten and one own row.
    expect(JSON.stringify(board(10_000)).length).toBeLessThan(2 * JSON.stringify(board(10)).length);
  });

  it('drawing happens off the main thread: the event loop keeps turning until the picture arrives', async () => {
    const ticks = { n: 0, done: false };
    const spin = () => {
      if (ticks.done) return;
      ticks.n += 1;
      setImmediate(spin);
    };
    const pending = renderer.draw(insights);
    expect(pending).toBeInstanceOf(Promise);
    setImmediate(spin);
    const file = await pending;
    ticks.done = true;
    expect(file?.kind).toBe('picture');
    // Drawing takes tens of milliseconds in the worker; a synchronous draw would leave no turn at all.
    expect(ticks.n).toBeGreaterThan(3);
  });

  it('views without a picture resolve to nothing', async () => {
    expect(await renderer.draw({ kind: 'text', text: 'hi', tone: 'info' })).toBeUndefined();
  });
});

describe('a picture is skipped, never the reply', () => {
  it('a full queue skips the extra pictures at once', async () => {
    const { log: log2, lines: lines2 } = memoryLog();
    const small = createRenderer({ log: log2, maxQueue: 2, timeoutMs: 60_000 });
    try {
      const results = await Promise.all([1, 2, 3, 4, 5].map(() => small.draw(reveal)));
      expect(results.filter(Boolean)).toHaveLength(2);
      expect(small.stats.skipped).toBe(3);
      expect(lines2.filter((l) => l.event === 'picture.skipped')).toHaveLength(3);
    } finally {
      await small.close();
    }
  });

  it('a missed deadline skips the picture and restarts the worker, which then draws again', async () => {
    const { log: log2, lines: lines2 } = memoryLog();
    let timeoutMs = 1;
    const quick = createRenderer({ log: log2, get timeoutMs() { return timeoutMs; } });
    try {
      expect(await quick.draw(reveal)).toBeUndefined();
      expect(quick.stats.timedOut).toBe(1);
      expect(lines2.some((l) => l.event === 'picture.timed_out')).toBe(true);
    } finally {
      await quick.close();
    }
    timeoutMs = 60_000;
  });
});
