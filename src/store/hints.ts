/** Queries on `hints`: who asked for which question's hint, and when. */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';

/** The hints part of the Store port. */
export function hintQueries(db: Database): SyncStore['hints'] {
  const ask = db.prepare(`
    INSERT INTO hints (platform, workspace, user_id, target, question_id, pack_id, asked_at)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const asked = db.prepare<unknown[], { one: number }>('SELECT 1 AS one FROM hints WHERE platform = ? AND workspace = ? AND user_id = ? AND target = ?');
  const counts = db.prepare<Record<string, unknown>, { question_id: string; pack_id: string; n: number }>(`
    SELECT question_id, pack_id, COUNT(*) AS n FROM hints
    WHERE platform = @platform AND workspace = @workspace AND (@packId IS NULL OR pack_id = @packId)
    GROUP BY question_id, pack_id ORDER BY question_id, pack_id`);
  return {
    ask: (s, userId, target, questionId, packId, at) => ask.run(s.platform, s.workspace, userId, target, questionId, packId, at).changes === 1,
    asked: (s, userId, target) => asked.get(s.platform, s.workspace, userId, target) !== undefined,
    counts: (s, packId) =>
      counts.all({ platform: s.platform, workspace: s.workspace, packId: packId ?? null }).map((r) => ({ questionId: r.question_id, packId: r.pack_id, n: r.n })),
  };
}
