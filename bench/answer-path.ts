/** Scenario 1: the full answer path against raw better-sqlite3 inserting the same rows. */
import { dispatch, parseText } from '../src/commands/index.ts';
import { benchWorld, progress, type Figure } from './lib.ts';

const USERS_PER_DROP = 1000;

/** Runs `total` answers through the full path, `inFlight` at a time (1 = one after another). */
export async function fullPath(total: number, inFlight: number, label: string) {
  const w = benchWorld();
  // NORMAL here and in the raw baseline: this ratio is the code's cost beside bare inserts. What FULL
  // (the default) adds is the durability scenario's figure.
  w.db.pragma('synchronous = NORMAL');
  const channel = { platform: 'bench', workspace: 'W', channel: 'C' };
  const letters = ['A', 'B', 'C', 'D'];
  const tick = progress(label);
  let now = Date.UTC(2026, 0, 5, 9);
  let replies = 0;
  let ms = 0;
  // A drop per 1,000 people; each wave of `inFlight` answers arrives together, as in a busy channel.
  for (let i = 0; i < total; i += inFlight) {
    if (i % USERS_PER_DROP === 0) await w.tutor.postDrop({ channel }, (now += 60_000));
    const start = performance.now();
    const wave = await Promise.all(
      Array.from({ length: Math.min(inFlight, total - i) }, (_, k) =>
        dispatch(parseText(`answer ${letters[(i + k) % 4]}`), {
          tutor: w.tutor,
          actor: { id: `u${(i + k) % USERS_PER_DROP}`, name: `User ${(i + k) % USERS_PER_DROP}`, isAdmin: false },
          channel,
          now: now + 1000,
        }),
      ),
    );
    ms += performance.now() - start;
    replies += wave.filter((r) => r.view.kind === 'feedback').length;
    if (i % 5000 < inFlight) tick(i, total);
  }
  tick(total, total);
  if (replies !== total) throw new Error(`expected ${total} feedback replies, got ${replies}`);
  return { w, rate: total / (ms / 1000) };
}

/** The same answer rows, straight into a fresh table with raw better-sqlite3, one transaction each. */
function rawInserts(rows: Record<string, unknown>[]): number {
  const raw = benchWorld();
  raw.db.pragma('synchronous = NORMAL');
  raw.db.pragma('foreign_keys = OFF');
  const insert = raw.db.prepare(`INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points, answered_at, elapsed_ms, via)
    VALUES (@drop_id, @user_id, @platform, @workspace, @pack_id, @question_id, @choice, @correct, @points, @answered_at, @elapsed_ms, @via)`);
  const one = raw.db.transaction((r: Record<string, unknown>) => insert.run(r));
  const tick = progress('raw inserts');
  const start = performance.now();
  rows.forEach((r, i) => {
    one(r);
    if (i % 5000 === 0) tick(i, rows.length);
  });
  const ms = performance.now() - start;
  tick(rows.length, rows.length);
  raw.cleanup();
  return rows.length / (ms / 1000);
}

/**
 * Scenario 1. The full path (parse, validate, dedupe, grade, score, store the answer, totals, name and
 * review card, build the private reply) with answers arriving 100 at a time, as in a busy channel, so
 * group commit applies; and one at a time, where every answer pays for its own commit.
 */
export async function answerPath(total: number): Promise<Figure[]> {
  const burst = await fullPath(total, 100, 'answer path, 100 in flight');
  const rows = burst.w.db.prepare('SELECT * FROM answers ORDER BY rowid').all() as Record<string, unknown>[];
  burst.w.cleanup();
  const rawRate = rawInserts(rows);
  const sequential = await fullPath(Math.min(total, 20_000), 1, 'answer path, one at a time');
  sequential.w.cleanup();
  const n = total.toLocaleString('en');
  return [
    {
      scenario: 'answer path',
      metric: `answers/s, 100 in flight (${n})`,
      value: Math.round(burst.rate),
      unit: '/s',
      baseline: Math.round(rawRate),
      ratio: burst.rate / rawRate,
      target: 'ratio >= 0.5',
      pass: burst.rate / rawRate >= 0.5,
    },
    {
      scenario: 'answer path',
      metric: 'answers/s, one at a time',
      value: Math.round(sequential.rate),
      unit: '/s',
      baseline: Math.round(rawRate),
      ratio: sequential.rate / rawRate,
    },
  ];
}
