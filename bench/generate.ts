/**
 * Benchmark data with exactly the stated numbers: `answers` answers from exactly `players` players in one
 * big workspace, beside `small` smaller workspaces, with the running totals and streaks the answer path
 * would have written. Deterministic: the same shape always builds the same history.
 */
import type { Database } from 'better-sqlite3';
import { periodsOf } from '../src/core/boards.ts';
import type { Question } from '../src/core/types.ts';
import { spawnWorker } from '../src/threads/spawn.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The year of history starts on this UTC day; commands in the bench run at END, the day after it. */
export const FIRST_DAY = Date.UTC(2025, 10, 27);
export const END = FIRST_DAY + 365 * DAY + 12 * HOUR;

/** What to build. The big workspace is `BIG`; the small ones `S0`, `S1`, … each with its own sizes. */
export interface Shape {
  answers: number;
  players: number;
  small?: number;
  smallAnswers?: number;
  smallPlayers?: number;
}

/** The questions drops are made of: the real packs' questions, so commands find them in the content. */
export interface QuestionRef {
  packId: string;
  question: Question;
}

/** Counted from what was written, per workspace. */
export interface Built {
  workspaces: { id: string; answers: number; players: number; drops: number }[];
}

/** Deterministic pseudo-random integers in [0, n). */
export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return Math.floor(((s >>> 8) / 2 ** 24) * n);
  };
}

/** Drops so that no drop needs more than a quarter of the players: each draw of distinct people stays cheap. */
export function dropCount(answers: number, players: number): number {
  return Math.max(365, Math.ceil((4 * answers) / players));
}

/**
 * Writes one workspace: `players` members, `answers` answers over a year of drops in channel C. Every
 * player answers at least once (the first `players` answers go to each in turn); the rest favour a core of
 * regulars, as real teams do. Nobody answers a drop twice.
 */
function workspace(db: Database, id: string, answers: number, players: number, questions: QuestionRef[], seed: number, tick: (n: number) => void) {
  if (answers < players) throw new Error(`${id}: ${answers} answers cannot come from ${players} players (each answers at least once)`);
  const rnd = rng(seed);
  const drops = dropCount(answers, players);
  const insMember = db.prepare(`INSERT INTO members (platform, workspace, user_id, display_name, updated_at) VALUES ('bench', ?, ?, ?, 0)`);
  const insDrop = db.prepare(`INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, state, message_ref, opened_at, closes_at, closed_at)
    VALUES ('bench', ?, 'C', ?, ?, ?, 'closed', ?, ?, ?, ?) RETURNING id`);
  const insAnswer = db.prepare(`INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points, answered_at, elapsed_ms, via)
    VALUES (?, ?, 'bench', ?, ?, ?, ?, ?, ?, ?, ?, 'button')`);
  const insStreak = db.prepare(`INSERT INTO streaks (platform, workspace, user_id, current, best) VALUES ('bench', ?, ?, ?, ?)`);
  const insTotal = db.prepare(`INSERT INTO score_totals (platform, workspace, period, user_id, points, correct, answered) VALUES ('bench', ?, ?, ?, ?, ?, ?)`);
  db.prepare(`INSERT INTO workspaces (platform, workspace, tz) VALUES ('bench', ?, 'UTC')`).run(id);

  db.transaction(() => {
    for (let m = 0; m < players; m++) insMember.run(id, `u${m}`, `Member ${m}`);
  })();
  // Running totals per period key, and streaks, as the answer path keeps them; flushed per period so
  // the map stays small (weeks and months end; 'all' is kept to the end).
  const totals = new Map<string, Map<number, [number, number, number]>>();
  const streak = new Int32Array(players * 2);
  const flush = (keep: (period: string) => boolean) => {
    for (const [period, users] of totals) {
      if (keep(period)) continue;
      for (const [u, t] of users) insTotal.run(id, period, `u${u}`, t[0], t[1], t[2]);
      totals.delete(period);
    }
  };
  let given = 0;
  let lastKeys: string[] = [];
  for (let d = 0; d < drops; d++) {
    // Drops open between 02:00 and 10:00 UTC and are answered within 8 hours: every answer falls on its
    // drop's UTC day, so the drop's period keys are the answer's.
    const at0 = (d * 365) / drops;
    const opened = FIRST_DAY + Math.floor(at0) * DAY + 2 * HOUR + Math.floor((at0 - Math.floor(at0)) * 8 * HOUR);
    const n = Math.floor(((d + 1) * answers) / drops) - Math.floor((d * answers) / drops);
    const ref = questions[d % questions.length]!;
    const q = ref.question;
    const keys = periodsOf(opened, 'UTC');
    db.transaction(() => {
      // A week or month that has ended gets no more answers: write its totals out now.
      if (lastKeys.length && keys.join() !== lastKeys.join()) flush((p) => keys.includes(p));
      lastKeys = keys;
      const dropId = (insDrop.get(id, ref.packId, q.id, q.difficulty, `${id}-${d}`, opened, opened + 9 * HOUR, opened + 9 * HOUR) as { id: number }).id;
      const seen = new Set<number>();
      for (let k = 0; k < n; k++) {
        let u: number;
        if (given < players) u = given;
        else {
          // Half uniform, half a skew towards the low ids: a few people answer nearly everything.
          do u = rnd(2) ? rnd(players) : Math.floor(players * (rnd(1_000_000) / 1_000_000) ** 3);
          while (seen.has(u));
        }
        seen.add(u);
        given++;
        const correct = rnd(3) > 0;
        const points = correct ? ({ easy: 1, medium: 2, hard: 3 } as const)[q.difficulty] : 0;
        const letter = correct ? q.answer : q.answer === 'A' ? 'B' : 'A';
        const at = opened + 1000 + rnd(8 * HOUR);
        insAnswer.run(dropId, `u${u}`, id, ref.packId, q.id, letter, correct ? 1 : 0, points, at, at - opened);
        for (const period of keys) {
          const users = totals.get(period) ?? totals.set(period, new Map()).get(period)!;
          const t = users.get(u) ?? [0, 0, 0];
          t[0] += points;
          t[1] += correct ? 1 : 0;
          t[2] += 1;
          users.set(u, t);
        }
        const cur = correct ? streak[2 * u]! + 1 : 0;
        streak[2 * u] = cur;
        streak[2 * u + 1] = Math.max(streak[2 * u + 1]!, cur);
      }
      tick(n);
    })();
  }
  db.transaction(() => {
    flush(() => false);
    for (let m = 0; m < players; m++) insStreak.run(id, `u${m}`, streak[2 * m], streak[2 * m + 1]);
  })();
  return { id, answers: given, players, drops };
}

/** Builds every workspace of `shape` into a migrated, empty database; `tick(done, total)` shows progress. */
export function generate(db: Database, shape: Shape, questions: QuestionRef[], tick: (done: number, total: number) => void = () => {}): Built {
  const small = shape.small ?? 50;
  const smallAnswers = shape.smallAnswers ?? 2_000;
  const smallPlayers = shape.smallPlayers ?? 200;
  const total = shape.answers + small * smallAnswers;
  let done = 0;
  const step = (n: number) => tick((done += n), total);
  // Bench data need not survive a power cut while it is written: no fsync per drop.
  const sync = db.pragma('synchronous', { simple: true });
  const cache = db.pragma('cache_size', { simple: true });
  db.pragma('synchronous = OFF');
  // The answers' user index takes rows in random order: a large page cache keeps that from thrashing.
  db.pragma('cache_size = -1000000');
  // Secondary indexes are dropped while rows go in and built again at the end: one sort instead of
  // millions of random index inserts.
  const indexes = db
    .prepare<[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('answers', 'score_totals', 'drops', 'members', 'streaks')`)
    .all();
  for (const i of indexes) db.exec(`DROP INDEX "${i.name}"`);
  try {
    const built: Built = { workspaces: [workspace(db, 'BIG', shape.answers, shape.players, questions, shape.answers ^ shape.players, step)] };
    for (let i = 0; i < small; i++) built.workspaces.push(workspace(db, `S${i}`, smallAnswers, smallPlayers, questions, 7919 * (i + 1), step));
    return built;
  } finally {
    for (const i of indexes) db.exec(i.sql);
    db.pragma(`synchronous = ${Number(sync)}`);
    db.pragma(`cache_size = ${Number(cache)}`);
  }
}

/** `generate` into the file at `path`, on a thread of its own (see generate-thread.ts); resolves once the thread has closed the file. */
export function generateFile(path: string, shape: Shape, questions: QuestionRef[], tick: (done: number, total: number) => void = () => {}): Promise<Built> {
  const worker = spawnWorker(import.meta.url, 'generate-thread', { workerData: { path, shape, questions } });
  let built: Built | undefined;
  return new Promise((resolve, reject) => {
    worker.on('message', (m: { built: Built } | { done: number; total: number }) => ('built' in m ? (built = m.built) : tick(m.done, m.total)));
    worker.on('error', reject);
    worker.on('exit', (code) => (built ? resolve(built) : reject(new Error(`The generator's thread stopped (exit code ${code}).`))));
  });
}
