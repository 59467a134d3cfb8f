/** Schema version 6 on PostgreSQL: each person's current and best streak, replayed once from history. */
import type { PgStep } from './step.ts';

type Run = { platform: string; workspace: string; user: string; current: number; best: number };

/** Same replay as SQLite's 0006: walk each workspace's drops in order; a right answer extends, a miss ends. */
export const up: PgStep = async (client) => {
  await client.query(`
    CREATE TABLE streaks (
      platform TEXT COLLATE "C" NOT NULL,
      workspace TEXT COLLATE "C" NOT NULL,
      user_id TEXT COLLATE "C" NOT NULL,
      current INTEGER NOT NULL DEFAULT 0,
      best INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (platform, workspace, user_id)
    )`);
  const drops = (
    await client.query<{ id: string; platform: string; workspace: string; state: string }>(
      `SELECT id, platform, workspace, state FROM drops WHERE state IN ('open', 'closed') ORDER BY platform, workspace, opened_at, id`,
    )
  ).rows;
  const answers = (await client.query<{ drop_id: string; user_id: string; correct: number }>('SELECT drop_id, user_id, correct FROM answers')).rows;
  const byDrop = new Map<string, Map<string, number>>();
  for (const a of answers) {
    const m = byDrop.get(String(a.drop_id)) ?? new Map<string, number>();
    m.set(a.user_id, a.correct);
    byDrop.set(String(a.drop_id), m);
  }
  const dropById = new Map(drops.map((d) => [String(d.id), d]));
  const people = new Map<string, Set<string>>();
  for (const a of answers) {
    const d = dropById.get(String(a.drop_id));
    if (!d) continue;
    const key = `${d.platform}\u0000${d.workspace}`;
    people.set(key, (people.get(key) ?? new Set<string>()).add(a.user_id));
  }
  const runs = new Map<string, Run>();
  for (const d of drops) {
    for (const user of people.get(`${d.platform}\u0000${d.workspace}`) ?? []) {
      const key = `${d.platform}\u0000${d.workspace}\u0000${user}`;
      const run = runs.get(key) ?? { platform: d.platform, workspace: d.workspace, user, current: 0, best: 0 };
      const correct = byDrop.get(String(d.id))?.get(user);
      if (correct === 1) run.current += 1;
      else if (!(d.state === 'open' && correct === undefined)) run.current = 0;
      run.best = Math.max(run.best, run.current);
      runs.set(key, run);
    }
  }
  for (const r of runs.values()) {
    await client.query('INSERT INTO streaks VALUES ($1, $2, $3, $4, $5)', [r.platform, r.workspace, r.user, r.current, r.best]);
  }
};
