/**
 * Schema versions 10 to 12 on PostgreSQL belong to work on other branches (as SQLite's reserved.ts);
 * until those merge, steps that change nothing keep their places. The merge replaces these entries.
 */
export async function reserved(): Promise<void> {}
