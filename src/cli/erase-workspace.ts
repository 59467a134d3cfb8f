/**
 * `npm run erase-workspace -- <platform> <workspace> --confirm <workspace>`: deletes every row of one
 * workspace (answers, scores, streaks, schedules, drops, names, review cards, reminders, hints, its
 * installation) from STEPWISE_DB, SQLite or PostgreSQL, in one transaction. Other workspaces are not
 * touched. Without the confirmation it erases nothing and says how to confirm.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StepwiseError } from '../core/errors.ts';
import { writeMarker } from '../store/history-marker.ts';
import { isPostgresUrl, openStore } from '../store/open-store.ts';

/**
 * The file's history marker must follow the erase: a database left with no drops, answers or schedules
 * would otherwise look reset at the next start (the marker remembers it had history).
 */
function updateMarker(path: string): void {
  const db = new Database(path, { readonly: true });
  try {
    const left = db.prepare('SELECT EXISTS (SELECT 1 FROM drops) OR EXISTS (SELECT 1 FROM answers) OR EXISTS (SELECT 1 FROM schedules) AS h').get() as { h: number };
    const id = db.prepare("SELECT value FROM meta WHERE key = 'database_id'").get() as { value: string } | undefined;
    if (!left.h && id) writeMarker(path, { database: id.value, history: false });
  } finally {
    db.close();
  }
}

const USAGE = 'Usage: npm run erase-workspace -- <platform> <workspace> --confirm <workspace>   (platform: slack, discord or terminal; workspace: a Slack team id T…, a Discord server id)';

const argv = process.argv.slice(2);
let confirm: string | undefined;
const positional: string[] = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]!;
  if (a === '--confirm') confirm = argv[++i];
  else if (a.startsWith('--confirm=')) confirm = a.slice('--confirm='.length);
  else if (!a.startsWith('--')) positional.push(a);
}
const [platform, workspace] = positional;
if (!platform || !workspace || !/^[a-z]+$/.test(platform)) {
  console.error(USAGE);
  process.exit(2);
}
if (confirm !== workspace) {
  console.error(`Nothing was erased. This deletes every score, answer and schedule of ${platform} workspace ${workspace} for good; to go ahead, add --confirm ${workspace}.`);
  process.exit(2);
}

if (existsSync('.env')) process.loadEnvFile('.env');
const db = process.env.STEPWISE_DB?.trim() || './data/stepwise.db';
try {
  if (!isPostgresUrl(db) && !existsSync(db)) throw new StepwiseError(`There is no SQLite database at ${db}.`);
  const store = await openStore(db);
  try {
    const counts = await store.erasure.workspace({ platform, workspace });
    const total = Object.values(counts).reduce((n, c) => n + c, 0);
    for (const [table, n] of Object.entries(counts)) console.log(`${table.padEnd(16)} ${n.toLocaleString('en')}`);
    console.log(total ? `Erased ${total.toLocaleString('en')} rows of ${platform} workspace ${workspace}.` : `No rows of ${platform} workspace ${workspace}; nothing to erase.`);
  } finally {
    await store.close();
  }
  if (!isPostgresUrl(db)) updateMarker(db);
} catch (err) {
  // One clear line, never a stack trace.
  console.error(err instanceof StepwiseError ? err.message : `erase-workspace failed: ${(err as Error).message}`);
  process.exitCode = 1;
}
