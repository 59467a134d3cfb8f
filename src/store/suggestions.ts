/** Queries on `suggestions`: the approval queue of member-suggested questions. */
import type { Database } from 'better-sqlite3';
import type { NewSuggestion, Suggestion } from '../core/ports.ts';
import { suggestionFromRow, type SuggestionRow } from './rows.ts';
import type { SyncStore } from './sync-port.ts';

/** The suggestions part of the Store port. */
export function suggestionQueries(db: Database): SyncStore['suggestions'] {
  const countAuthor = db.prepare<[string, string, string], { n: number }>(
    "SELECT count(*) AS n FROM suggestions WHERE platform = ? AND workspace = ? AND author_id = ? AND status = 'pending'",
  );
  const countQueue = db.prepare<[string, string], { n: number }>("SELECT count(*) AS n FROM suggestions WHERE platform = ? AND workspace = ? AND status = 'pending'");
  const insert = db.prepare<[string, string, string, string, string | null, string, number], SuggestionRow>(
    `INSERT INTO suggestions (platform, workspace, author_id, author_name, channel, fields, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) RETURNING *`,
  );
  const get = db.prepare<[string, string, number], SuggestionRow>('SELECT * FROM suggestions WHERE platform = ? AND workspace = ? AND id = ?');
  const pending = db.prepare<[string, string, number], SuggestionRow>("SELECT * FROM suggestions WHERE platform = ? AND workspace = ? AND status = 'pending' ORDER BY id LIMIT ?");
  const edit = db.prepare("UPDATE suggestions SET fields = ?, edited_by = ? WHERE platform = ? AND workspace = ? AND id = ? AND status = 'pending'");
  const decide = db.prepare(
    "UPDATE suggestions SET status = ?, decided_by = ?, decided_at = ?, reason = ?, pack_id = ?, question_id = ? WHERE platform = ? AND workspace = ? AND id = ? AND status = 'pending'",
  );
  const approved = db.prepare<[string, string, string], { n: number }>(
    "SELECT count(*) AS n FROM suggestions WHERE platform = ? AND workspace = ? AND author_id = ? AND status = 'approved'",
  );
  const authorOf = db.prepare<[string, string, string, string], { author_name: string }>(
    "SELECT author_name FROM suggestions WHERE platform = ? AND workspace = ? AND question_id = ? AND pack_id = ? AND status = 'approved' ORDER BY id DESC LIMIT 1",
  );
  // The counts and the insert in one IMMEDIATE transaction: two submissions at once cannot pass a limit together.
  const add = db.transaction((r: NewSuggestion, limits: { perAuthor: number; perWorkspace: number }): Suggestion | { full: 'author' | 'workspace' } => {
    if (countAuthor.get(r.platform, r.workspace, r.authorId)!.n >= limits.perAuthor) return { full: 'author' };
    if (countQueue.get(r.platform, r.workspace)!.n >= limits.perWorkspace) return { full: 'workspace' };
    return suggestionFromRow(insert.get(r.platform, r.workspace, r.authorId, r.authorName, r.channel, JSON.stringify(r.fields), r.createdAt)!);
  });
  return {
    add: (r, limits) => add.immediate(r, limits),
    get: (s, id) => {
      const row = get.get(s.platform, s.workspace, id);
      return row && suggestionFromRow(row);
    },
    pending: (s, limit) => ({ items: pending.all(s.platform, s.workspace, limit).map(suggestionFromRow), total: countQueue.get(s.platform, s.workspace)!.n }),
    edit: (s, id, fields, by) => edit.run(JSON.stringify(fields), by, s.platform, s.workspace, id).changes > 0,
    decide: (s, id, d, by, at) =>
      decide.run(
        d.status,
        by,
        at,
        d.status === 'rejected' ? d.reason : null,
        d.status === 'approved' ? d.packId : null,
        d.status === 'approved' ? d.questionId : null,
        s.platform,
        s.workspace,
        id,
      ).changes > 0,
    approvedCount: (s, authorId) => approved.get(s.platform, s.workspace, authorId)!.n,
    authorOf: (s, packId, questionId) => authorOf.get(s.platform, s.workspace, questionId, packId)?.author_name,
  };
}
