/** Schema version 6: each person's current and best streak, kept as answers and closings happen. */
import type { Database } from 'better-sqlite3';

/**
 * Walking back through a long streak on every leaderboard cost time in proportion to the streak;
 * a row per person costs one lookup. Existing histories are replayed once, here, in drop order.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE streaks (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      user_id TEXT NOT NULL,
      current INTEGER NOT NULL DEFAULT 0,
      best INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (platform, workspace, user_id)
    ) WITHOUT ROWID;
  `);
  const drops = db
    .prepare(`SELECT id, platform, workspace, state FROM drops WHERE state IN ('open', 'closed') ORDER BY platform, workspace, opened_at, id`)
    .all() as { id: number; platform: string; workspace: string; state: string }[];
  const answers = db.prepare('SELECT drop_id, user_id, correct FROM answers').all() as { drop_id: number; user_id: string; correct: number }[];
  const byDrop = new Map<number, Map<string, number>>();
  for (const a of answers) {
    const m = byDrop.get(a.drop_id) ?? new Map<string, number>();
    m.set(a.user_id, a.correct);
    byDrop.set(a.drop_id, m);
  }
  const dropById = new Map(drops.map((d) => [d.id, d]));
  const runs = new Map<string, { platform: string; workspace: string; user: string; current: number; best: number }>();
  const people = new Map<string, Set<string>>();
  for (const a of answers) {
    const d = dropById.get(a.drop_id);
    if (!d) continue;
    const key = `${d.platform}\u0000${d.workspace}`;
    const set = people.get(key) ?? new Set<string>();
    set.add(a.user_id);
    people.set(key, set);
  }
  for (const d of drops) {
    for (const user of people.get(`${d.platform}\u0000${d.workspace}`) ?? []) {
      const key = `${d.platform}\u0000${d.workspace}\u0000${user}`;
      const run = runs.get(key) ?? { platform: d.platform, workspace: d.workspace, user, current: 0, best: 0 };
      const correct = byDrop.get(d.id)?.get(user);
      if (correct === 1) run.current += 1;
      else if (!(d.state === 'open' && correct === undefined)) run.current = 0;
      run.best = Math.max(run.best, run.current);
      runs.set(key, run);
    }
  }
  const put = db.prepare('INSERT INTO streaks VALUES (?, ?, ?, ?, ?)');
  for (const r of runs.values()) put.run(r.platform, r.workspace, r.user, r.current, r.best);
}
