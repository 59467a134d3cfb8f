/**
 * Pictures: p50/p95 time to draw each picture in the render worker (from the call to the PNG in hand),
 * the longest the main event loop was held meanwhile, and the Slack burst's ack p99 with leaderboard cards
 * being drawn throughout it against the same burst without (the bound: within 10%).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { View } from '../src/core/views.ts';
import { createRenderer } from '../src/render/pictures.ts';
import { board, insights, reveal, stats } from '../tests/render/fixtures.ts';
import { countingLog } from './platform-world.ts';
import { quantile, type Figure } from './lib.ts';
import { slackBurst } from './slack-burst.ts';

const PICTURES: [string, View][] = [
  ['leaderboard card (10,000 players)', board(10_000)],
  ['report card', stats],
  ['reveal chart', reveal],
  ['insights chart', insights],
];

/** Draws each picture `n` times after a warm-up; returns its figures and the main loop's worst delay. */
async function renderTimes(n: number): Promise<Figure[]> {
  const renderer = createRenderer({ log: countingLog().log, timeoutMs: 60_000 });
  const figures: Figure[] = [];
  try {
    // Warm-up: the worker's start, font registration and Skia's first frames are paid once, not per picture.
    for (const [, view] of PICTURES) await renderer.draw(view);
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const started = performance.now();
    for (const [name, view] of PICTURES) {
      const ms: number[] = [];
      for (let i = 0; i < n; i += 1) {
        const t = performance.now();
        if (!(await renderer.draw(view))) throw new Error(`${name}: not drawn`);
        ms.push(performance.now() - t);
      }
      figures.push({ scenario: 'pictures', metric: `${name}: draw p50`, value: quantile(ms, 0.5), unit: 'ms' });
      figures.push({ scenario: 'pictures', metric: `${name}: draw p95`, value: quantile(ms, 0.95), unit: 'ms', target: '< 1000 ms', pass: quantile(ms, 0.95) < 1000 });
    }
    loop.disable();
    // The same watch over an idle loop for as long: what the machine (other processes, GC, timers) costs alone.
    const idle = monitorEventLoopDelay({ resolution: 1 });
    idle.enable();
    const until = performance.now() + (performance.now() - started);
    while (performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    idle.disable();
    const worst = loop.max / 1e6;
    const floor = idle.max / 1e6;
    figures.push({
      scenario: 'pictures',
      metric: 'main event loop, longest delay while drawing',
      value: worst,
      unit: 'ms',
      baseline: floor,
      ratio: floor / worst,
      target: '< 10 ms above the idle loop',
      pass: worst - floor < 10,
    });
  } finally {
    await renderer.close();
  }
  return figures;
}

/** The Slack burst's ack p99 with the render worker drawing leaderboard cards non-stop, against without. */
async function burstWithCards(members: number): Promise<Figure[]> {
  const ackP99 = (figures: Figure[]) => figures.find((f) => f.metric.startsWith('ack p99'))!.value;
  const without = ackP99(await slackBurst(members));
  const renderer = createRenderer({ log: countingLog().log, timeoutMs: 60_000 });
  let running = true;
  let drawn = 0;
  const cards = (async () => {
    while (running) if (await renderer.draw(board(10_000))) drawn += 1;
  })();
  let withCards: number;
  try {
    withCards = ackP99(await slackBurst(members));
  } finally {
    running = false;
    await cards;
    await renderer.close();
  }
  process.stderr.write(`  pictures: ${drawn} leaderboard cards drawn during the burst\n`);
  const count = members.toLocaleString('en');
  return [
    {
      scenario: 'pictures',
      metric: `slack burst ack p99 (${count}) with cards drawn throughout`,
      value: withCards,
      unit: 'ms',
      baseline: without,
      ratio: without / withCards,
      target: 'within 10% of without (ratio ≥ 0.91)',
      pass: withCards <= without * 1.1,
    },
    { scenario: 'pictures', metric: 'cards drawn during that burst', value: drawn, unit: '' },
  ];
}

/** The pictures scenario; `quick` shrinks the repeats and the burst. */
export async function pictures(quick: boolean): Promise<Figure[]> {
  return [...(await renderTimes(quick ? 10 : 50)), ...(await burstWithCards(quick ? 300 : 2_000))];
}
