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
  /** Its rows belong to one workspace (columns platform and workspace): erasing a workspace deletes them. */
  workspace?: true;
}

export const TABLES: TableInfo[] = [
  { name: 'members', key: ['platform', 'workspace', 'user_id'], workspace: true },
  { name: 'schedules', key: ['id'], identity: 'id', workspace: true },
  { name: 'drops', key: ['id'], identity: 'id', workspace: true },
  { name: 'answers', key: ['drop_id', 'user_id'], workspace: true },
  { name: 'score_totals', key: ['platform', 'workspace', 'period', 'user_id'], workspace: true },
  { name: 'meta', key: ['key'], history: "key NOT IN ('database_id', 'opens')" },
  { name: 'cards', key: ['platform', 'workspace', 'user_id', 'question_id'], workspace: true },
  { name: 'reviews', key: ['id'], identity: 'id', workspace: true },
  { name: 'pending_reviews', key: ['platform', 'workspace', 'user_id'], workspace: true },
  { name: 'reminders', key: ['platform', 'workspace', 'user_id'], workspace: true },
  { name: 'streaks', key: ['platform', 'workspace', 'user_id'], workspace: true },
  { name: 'workspaces', key: ['platform', 'workspace'], workspace: true },
  { name: 'deliveries', key: ['platform', 'id'] },
  { name: 'hints', key: ['platform', 'workspace', 'user_id', 'target'], workspace: true },
  { name: 'choice_counts', key: ['platform', 'workspace', 'pack_id', 'question_id', 'choice', 'correct'], workspace: true },
  { name: 'pack_totals', key: ['platform', 'workspace', 'period', 'user_id', 'pack_id'], workspace: true },
  // Kept by triggers from score_totals, pack_totals and drops: the target's triggers rebuild them as
  // those rows are copied, so their own rows are neither copied nor counted.
  { name: 'score_points', key: ['platform', 'workspace', 'period', 'points'], history: 'FALSE', workspace: true },
  { name: 'week_activity', key: ['platform', 'workspace', 'period', 'pack_id'], history: 'FALSE', workspace: true },
  { name: 'channel_usage', key: ['platform', 'workspace', 'channel', 'question_id'], history: 'FALSE', workspace: true },
  { name: 'installations', key: ['platform', 'workspace'], workspace: true },
  { name: 'workspace_packs', key: ['platform', 'workspace', 'pack_id'], workspace: true },
  { name: 'workspace_pack_versions', key: ['platform', 'workspace'], workspace: true },
  { name: 'weekly_posts', key: ['platform', 'workspace', 'channel'], workspace: true },
  { name: 'suggestions', key: ['id'], identity: 'id', workspace: true },
];

/**
 * The tables erasing a workspace deletes from: children before parents, and the trigger-kept summaries
 * (history 'FALSE') last, so their sources' delete triggers find them still there and leave nothing behind.
 */
export const ERASE_ORDER: readonly TableInfo[] = [
  ...[...TABLES].reverse().filter((t) => t.workspace && t.history !== 'FALSE'),
  ...TABLES.filter((t) => t.workspace && t.history === 'FALSE'),
];
