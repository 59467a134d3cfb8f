/**
 * A consistency check any test can call after a fault: it reads the database file alone and recomputes
 * what the running totals claim, so it cannot agree with a bug in the code that keeps them.
 */
import Database from 'better-sqlite3';
import { periodsOf } from '../../src/core/boards.ts';

/** What to allow: `now` decides which `posting` drops count as stuck. */
export interface CheckOptions {
  now?: number;
  /** A drop still `posting` after this long is stuck (default 10 min, the core's threshold). */
  postingGraceMs?: number;
}

/** Every broken promise found; an empty list means the file is consistent. */
export function checkConsistency(path: string, opts: CheckOptions = {}): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return [...integrity(db), ...totals(db), ...streaks(db), ...drops(db, opts), ...answers(db)];
  } finally {
    db.close();
  }
}

type Row = Record<string, unknown>;

function integrity(db: Database.Database): string[] {
  const problems: string[] = [];
  const ok = db.pragma('integrity_check', { simple: true });
  if (ok !== 'ok') problems.push(`integrity_check: ${String(ok)}`);
  for (const r of db.pragma('foreign_key_check') as Row[]) problems.push(`foreign key: ${JSON.stringify(r)}`);
  return problems;
}

/** score_totals must equal a replay of the answers, in each workspace's own zone. */
function totals(db: Database.Database): string[] {
  const zones = new Map((db.prepare('SELECT platform, workspace, tz FROM workspaces').all() as Row[]).map((r) => [`${r.platform}|${r.workspace}`, String(r.tz)]));
  const expected = new Map<string, [number, number, number]>();
  for (const a of db.prepare('SELECT platform, workspace, user_id, points, correct, answered_at FROM answers').iterate() as Iterable<Row>) {
    const tz = zones.get(`${a.platform}|${a.workspace}`);
    if (!tz) return [`answers in ${a.platform}/${a.workspace}, a workspace with no zone`];
    for (const period of periodsOf(Number(a.answered_at), tz)) {
      const key = `${a.platform}|${a.workspace}|${period}|${a.user_id}`;
      const t = expected.get(key) ?? [0, 0, 0];
      t[0] += Number(a.points);
      t[1] += Number(a.correct);
      t[2] += 1;
      expected.set(key, t);
    }
  }
  const problems: string[] = [];
  const stored = db.prepare('SELECT platform, workspace, period, user_id, points, correct, answered FROM score_totals').all() as Row[];
  for (const t of stored) {
    const key = `${t.platform}|${t.workspace}|${t.period}|${t.user_id}`;
    const want = expected.get(key);
    if (!want || want[0] !== t.points || want[1] !== t.correct || want[2] !== t.answered) {
      problems.push(`totals ${key}: stored ${t.points}/${t.correct}/${t.answered}, replay ${want?.join('/') ?? 'none'}`);
    }
    expected.delete(key);
  }
  for (const key of expected.keys()) problems.push(`totals ${key}: missing`);
  return problems;
}

/** streaks must equal a replay: drops in order, a right answer extends, a wrong one or a missed closed drop ends. */
function streaks(db: Database.Database): string[] {
  // In claim order (id): with several processes, opened_at comes from each process's own clock, taken
  // before the claim, so a drop claimed later can carry an earlier opened_at.
  const drops = db.prepare(`SELECT id, platform, workspace, state FROM drops WHERE state IN ('open', 'closed') ORDER BY platform, workspace, id`).all() as Row[];
  const byDrop = new Map<number, Map<string, number>>();
  const people = new Map<string, Set<string>>();
  for (const a of db.prepare('SELECT a.drop_id, a.user_id, a.correct, d.platform, d.workspace FROM answers a JOIN drops d ON d.id = a.drop_id').iterate() as Iterable<Row>) {
    const m = byDrop.get(Number(a.drop_id)) ?? new Map<string, number>();
    m.set(String(a.user_id), Number(a.correct));
    byDrop.set(Number(a.drop_id), m);
    const key = `${a.platform}|${a.workspace}`;
    people.set(key, (people.get(key) ?? new Set()).add(String(a.user_id)));
  }
  const runs = new Map<string, { current: number; best: number }>();
  for (const d of drops) {
    for (const user of people.get(`${d.platform}|${d.workspace}`) ?? []) {
      const key = `${d.platform}|${d.workspace}|${user}`;
      const run = runs.get(key) ?? { current: 0, best: 0 };
      const correct = byDrop.get(Number(d.id))?.get(user);
      if (correct === 1) run.current += 1;
      else if (!(d.state === 'open' && correct === undefined)) run.current = 0;
      run.best = Math.max(run.best, run.current);
      runs.set(key, run);
    }
  }
  const problems: string[] = [];
  for (const s of db.prepare('SELECT platform, workspace, user_id, current, best FROM streaks').all() as Row[]) {
    const key = `${s.platform}|${s.workspace}|${s.user_id}`;
    const want = runs.get(key) ?? { current: 0, best: 0 };
    if (want.current !== s.current || want.best !== s.best) problems.push(`streak ${key}: stored ${s.current}/${s.best}, replay ${want.current}/${want.best}`);
  }
  return problems;
}

function drops(db: Database.Database, opts: CheckOptions): string[] {
  const problems: string[] = [];
  for (const r of db.prepare('SELECT schedule_id, slot, COUNT(*) AS n FROM drops WHERE schedule_id IS NOT NULL GROUP BY schedule_id, slot HAVING n > 1').all() as Row[]) {
    problems.push(`slot ${r.schedule_id}@${r.slot} posted ${r.n} times`);
  }
  const live = `SELECT platform, workspace, channel, COUNT(*) AS n FROM drops WHERE state IN ('open', 'posting') GROUP BY platform, workspace, channel HAVING n > 1`;
  for (const r of db.prepare(live).all() as Row[]) problems.push(`channel ${r.platform}/${r.workspace}/${r.channel} has ${r.n} live drops`);
  if (opts.now !== undefined) {
    const before = opts.now - (opts.postingGraceMs ?? 10 * 60_000);
    for (const r of db.prepare(`SELECT id FROM drops WHERE state = 'posting' AND opened_at < ?`).all(before) as Row[]) problems.push(`drop ${r.id} stuck in posting`);
  }
  return problems;
}

function answers(db: Database.Database): string[] {
  const problems: string[] = [];
  const late = `SELECT a.drop_id, a.user_id, a.answered_at, d.closed_at, d.closes_at FROM answers a JOIN drops d ON d.id = a.drop_id
                WHERE a.answered_at >= d.closes_at OR (d.closed_at IS NOT NULL AND a.answered_at > d.closed_at)`;
  for (const r of db.prepare(late).all() as Row[]) problems.push(`answer ${r.drop_id}/${r.user_id} at ${r.answered_at} after its drop closed (${r.closed_at ?? r.closes_at})`);
  const cardless = `SELECT a.drop_id, a.user_id FROM answers a
                    WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE c.platform = a.platform AND c.workspace = a.workspace
                                      AND c.user_id = a.user_id AND c.question_id = a.question_id)`;
  for (const r of db.prepare(cardless).all() as Row[]) problems.push(`answer ${r.drop_id}/${r.user_id} has no review card`);
  return problems;
}
