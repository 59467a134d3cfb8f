/**
 * What synchronous = FULL costs on the answer path, against NORMAL measured in the same run.
 *
 * In WAL mode NORMAL skips the fsync of the -wal file at each commit (SQLite syncs only at
 * checkpoints), so a power cut or kernel crash can lose the last commits although the bot said
 * "recorded"; FULL syncs the -wal at every commit. Group commit means a burst pays one fsync per
 * batch, so the figure that matters is answers/s with 100 in flight; one at a time shows the worst case.
 */
import { dispatch, parseText } from '../src/commands/index.ts';
import { benchWorld, progress, type Figure } from './lib.ts';

const USERS_PER_DROP = 1000;

/** Milliseconds for `total` answers through the full path with the given synchronous setting, `inFlight` at a time. */
async function timed(mode: 'FULL' | 'NORMAL', total: number, inFlight: number): Promise<number> {
  const w = benchWorld();
  w.db.pragma(`synchronous = ${mode}`);
  const channel = { platform: 'bench', workspace: 'W', channel: 'C' };
  const tick = progress(`synchronous = ${mode}, ${inFlight} in flight`);
  let now = Date.UTC(2026, 0, 5, 9);
  let ms = 0;
  for (let i = 0; i < total; i += inFlight) {
    if (i % USERS_PER_DROP === 0) await w.tutor.postDrop({ channel }, (now += 60_000));
    const start = performance.now();
    const wave = await Promise.all(
      Array.from({ length: Math.min(inFlight, total - i) }, (_, k) =>
        dispatch(parseText(`answer ${'ABCD'[(i + k) % 4]}`), {
          tutor: w.tutor,
          actor: { id: `u${(i + k) % USERS_PER_DROP}`, name: `User ${(i + k) % USERS_PER_DROP}`, isAdmin: false },
          channel,
          now: now + 1000,
        }),
      ),
    );
    ms += performance.now() - start;
    if (wave.some((r) => r.view.kind !== 'feedback')) throw new Error('an answer was not recorded');
    if (i % 2000 < inFlight) tick(i, total);
  }
  tick(total, total);
  w.cleanup();
  return ms;
}

/** Answers/s for both settings, alternating in `rounds` rounds so drift on a noisy machine hits both alike. */
async function rates(total: number, inFlight: number, rounds = 3): Promise<{ FULL: number; NORMAL: number }> {
  const ms = { FULL: 0, NORMAL: 0 };
  const each = Math.ceil(total / rounds);
  for (let r = 0; r < rounds; r++) {
    for (const mode of r % 2 ? (['FULL', 'NORMAL'] as const) : (['NORMAL', 'FULL'] as const)) ms[mode] += await timed(mode, each, inFlight);
  }
  return { FULL: (each * rounds) / (ms.FULL / 1000), NORMAL: (each * rounds) / (ms.NORMAL / 1000) };
}

/** FULL against NORMAL, in a burst (group commit) and one answer at a time; NORMAL is the baseline. */
export async function durability(total: number): Promise<Figure[]> {
  const { FULL: burstFull, NORMAL: burstNormal } = await rates(total, 100);
  const { FULL: oneFull, NORMAL: oneNormal } = await rates(Math.min(total, 6_000), 1);
  return [
    {
      scenario: 'durability',
      metric: `answers/s with synchronous = FULL, 100 in flight (${total.toLocaleString('en')}), vs NORMAL`,
      value: Math.round(burstFull),
      unit: '/s',
      baseline: Math.round(burstNormal),
      ratio: burstFull / burstNormal,
      target: 'ratio >= 0.8',
      pass: burstFull / burstNormal >= 0.8,
    },
    {
      scenario: 'durability',
      metric: 'answers/s with synchronous = FULL, one at a time, vs NORMAL',
      value: Math.round(oneFull),
      unit: '/s',
      baseline: Math.round(oneNormal),
      ratio: oneFull / oneNormal,
    },
  ];
}
