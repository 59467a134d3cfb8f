/** Queries on `suggestions` (PostgreSQL): the approval queue of member-suggested questions. */
import type { StoreQueries } from '../async-port.ts';
import { suggestionFromRow, type SuggestionRow } from '../rows.ts';
import type { Db } from './db.ts';

const COUNT_AUTHOR = "SELECT count(*) AS n FROM suggestions WHERE platform = $1 AND workspace = $2 AND author_id = $3 AND status = 'pending'";
const COUNT_QUEUE = "SELECT count(*) AS n FROM suggestions WHERE platform = $1 AND workspace = $2 AND status = 'pending'";

/** The suggestions part of the Store port. */
export function suggestionQueries(db: Db): StoreQueries['suggestions'] {
  const count = async (d: Db, name: string, sql: string, params: unknown[]) => Number((await d.query<{ n: string }>(name, sql, params)).rows[0]!.n);
  return {
    add: (r, limits) =>
      db.atomic(async (tx) => {
        // Serialises submissions of one workspace, so two at once cannot pass a limit together.
        await tx.query('suggestions.lock', 'SELECT pg_advisory_xact_lock(hashtext($1))', [`suggestions:${r.platform}:${r.workspace}`]);
        if ((await count(tx, 'suggestions.count_author', COUNT_AUTHOR, [r.platform, r.workspace, r.authorId])) >= limits.perAuthor) return { full: 'author' as const };
        if ((await count(tx, 'suggestions.count_queue', COUNT_QUEUE, [r.platform, r.workspace])) >= limits.perWorkspace) return { full: 'workspace' as const };
        const row = await tx.query<SuggestionRow>(
          'suggestions.add',
          `INSERT INTO suggestions (platform, workspace, author_id, author_name, channel, fields, status, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7) RETURNING *`,
          [r.platform, r.workspace, r.authorId, r.authorName, r.channel, JSON.stringify(r.fields), r.createdAt],
        );
        return suggestionFromRow(row.rows[0]!);
      }),
    get: async (s, id) => {
      const row = (await db.query<SuggestionRow>('suggestions.get', 'SELECT * FROM suggestions WHERE platform = $1 AND workspace = $2 AND id = $3', [s.platform, s.workspace, id])).rows[0];
      return row && suggestionFromRow(row);
    },
    pending: async (s, limit) => {
      const rows = await db.query<SuggestionRow>(
        'suggestions.pending',
        "SELECT * FROM suggestions WHERE platform = $1 AND workspace = $2 AND status = 'pending' ORDER BY id LIMIT $3",
        [s.platform, s.workspace, limit],
      );
      return { items: rows.rows.map(suggestionFromRow), total: await count(db, 'suggestions.count_queue', COUNT_QUEUE, [s.platform, s.workspace]) };
    },
    edit: async (s, id, fields, by) =>
      ((
        await db.query(
          'suggestions.edit',
          "UPDATE suggestions SET fields = $1, edited_by = $2 WHERE platform = $3 AND workspace = $4 AND id = $5 AND status = 'pending'",
          [JSON.stringify(fields), by, s.platform, s.workspace, id],
        )
      ).rowCount ?? 0) > 0,
    decide: async (s, id, d, by, at) =>
      ((
        await db.query(
          'suggestions.decide',
          "UPDATE suggestions SET status = $1, decided_by = $2, decided_at = $3, reason = $4, pack_id = $5, question_id = $6 WHERE platform = $7 AND workspace = $8 AND id = $9 AND status = 'pending'",
          [d.status, by, at, d.status === 'rejected' ? d.reason : null, d.status === 'approved' ? d.packId : null, d.status === 'approved' ? d.questionId : null, s.platform, s.workspace, id],
        )
      ).rowCount ?? 0) > 0,
    approvedCount: (s, authorId) =>
      count(db, 'suggestions.approved', "SELECT count(*) AS n FROM suggestions WHERE platform = $1 AND workspace = $2 AND author_id = $3 AND status = 'approved'", [s.platform, s.workspace, authorId]),
    authorOf: async (s, packId, questionId) =>
      (
        await db.query<{ author_name: string }>(
          'suggestions.author_of',
          "SELECT author_name FROM suggestions WHERE platform = $1 AND workspace = $2 AND question_id = $3 AND pack_id = $4 AND status = 'approved' ORDER BY id DESC LIMIT 1",
          [s.platform, s.workspace, questionId, packId],
        )
      ).rows[0]?.author_name,
  };
}
