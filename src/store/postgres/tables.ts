/**
 * Every table of the schema, in an order that satisfies foreign keys (parents first), with its key
 * (for reading in pages) and its identity column if it has one. Both engines share these names and
 * columns; db:copy walks this list, and a test checks that it names every table of both schemas.
 */
export interface TableInfo {
  name: string;
  key: string[];
  /** A generated id column whose sequence must move past copied ids (PostgreSQL). */
  identity?: string;
  /**
   * Which rows are history, when not all are: rows a database keeps about itself (its id, how often it
   * was opened) are neither copied nor counted when db:copy checks that the target is empty.
   */
  history?: string;
}

export const TABLES: TableInfo[] = [
  { name: 'members', key: ['platform', 'workspace', 'user_id'] },
  { name: 'schedules', key: ['id'], identity: 'id' },
  { name: 'drops', key: ['id'], identity: 'id' },
  { name: 'answers', key: ['drop_id', 'user_id'] },
  { name: 'score_totals', key: ['platform', 'workspace', 'period', 'user_id'] },
  { name: 'meta', key: ['key'], history: "key NOT IN ('database_id', 'opens')" },
  { name: 'cards', key: ['platform', 'workspace', 'user_id', 'question_id'] },
  { name: 'reviews', key: ['id'], identity: 'id' },
  { name: 'pending_reviews', key: ['platform', 'workspace', 'user_id'] },
  { name: 'reminders', key: ['platform', 'workspace', 'user_id'] },
  { name: 'streaks', key: ['platform', 'workspace', 'user_id'] },
  { name: 'workspaces', key: ['platform', 'workspace'] },
  { name: 'deliveries', key: ['platform', 'id'] },
  { name: 'hints', key: ['platform', 'workspace', 'user_id', 'target'] },
  { name: 'weekly_posts', key: ['platform', 'workspace', 'channel'] },
];
