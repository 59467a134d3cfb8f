/** Scenario 1: the full answer path against raw better-sqlite3 inserting the same rows. */
import { dispatch, parseText } from '../src/commands/index.ts';
import { benchWorld, progress, type Figure } from './lib.ts';

const USERS_PER_DROP = 1000;

/** Runs `total` answers both ways and reports both rates and their ratio. */
export async function answerPath(total: number): Promise<Figure[]> {
  const w = benchWorld();
  const channel = { platform: 'bench', workspace: 'W', channel: 'C' };
  const t0 = Date.UTC(2026, 0, 5, 9);
  const letters = ['A', 'B', 'C', 'D'];
  const tick = progress('answer path');

  // The full path: parse the text, validate, dedupe, grade, score, store (answer, totals, card, review), build the reply.
  let now = t0;
  let replies = 0;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    if (i % USERS_PER_DROP === 0) await w.tutor.postDrop({ channel }, (now += 60_000));
    const reply = await dispatch(parseText(`answer ${letters[i % 4]}`), {
      tutor: w.tutor,
      actor: { id: `u${i % USERS_PER_DROP}`, name: `User ${i % USERS_PER_DROP}`, isAdmin: false },
      channel,
      now: now + 1000,
    });
    if (reply.view.kind === 'feedback') replies += 1;
    if (i % 5000 === 0) tick(i, total);
  }
  const pathMs = performance.now() - start;
  tick(total, total);
  if (replies !== total) throw new Error(`expected ${total} feedback replies, got ${replies}`);

  // The baseline: the same answer rows, straight into a fresh table, one transaction each.
  const raw = benchWorld();
  const rows = w.db.prepare('SELECT * FROM answers ORDER BY rowid').all() as Record<string, unknown>[];
  raw.db.pragma('foreign_keys = OFF');
  const insert = raw.db.prepare(`INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points, answered_at, elapsed_ms, via)
    VALUES (@drop_id, @user_id, @platform, @workspace, @pack_id, @question_id, @choice, @correct, @points, @answered_at, @elapsed_ms, @via)`);
  const one = raw.db.transaction((r: Record<string, unknown>) => insert.run(r));
  const tickRaw = progress('raw inserts');
  const rawStart = performance.now();
  rows.forEach((r, i) => {
    one(r);
    if (i % 5000 === 0) tickRaw(i, rows.length);
  });
  const rawMs = performance.now() - rawStart;
  tickRaw(rows.length, rows.length);
  w.cleanup();
  raw.cleanup();

  const pathRate = total / (pathMs / 1000);
  const rawRate = rows.length / (rawMs / 1000);
  return [
    {
      scenario: 'answer path',
      metric: `answers/s (${total.toLocaleString('en')})`,
      value: Math.round(pathRate),
      unit: '/s',
      baseline: Math.round(rawRate),
      ratio: pathRate / rawRate,
      target: 'ratio >= 0.5',
      pass: pathRate / rawRate >= 0.5,
    },
  ];
}
