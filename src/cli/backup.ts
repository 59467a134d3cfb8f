/**
 * `npm run backup -- <file>`: a consistent copy of the database (STEPWISE_DB) while the bot runs,
 * with SQLite's online backup. A plain `cp stepwise.db` is not one: recent commits live in
 * stepwise.db-wal until a checkpoint, and a copy taken mid-write can be torn.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config.ts';
import { StoreError } from '../core/errors.ts';

/** What a finished backup holds. */
export interface BackupSummary {
  dest: string;
  schemaVersion: number;
  answers: number;
  drops: number;
  bytes: number;
  /** How often the copy started over because the database changed under it. */
  restarts: number;
}

/** Pages copied per step; between steps the bot's writes go on. */
const PAGES_PER_STEP = 256;

/**
 * Copies the Stepwise database at `source` to a new file `dest` (never overwriting), checks the copy
 * (integrity, schema version) and leaves it as one self-contained file in rollback-journal mode.
 */
export async function backupDatabase(source: string, dest: string, progress: (done: number, total: number) => void = () => {}): Promise<BackupSummary> {
  if (!existsSync(source)) throw new StoreError(`There is no database at ${source}. Set STEPWISE_DB to the bot's database file.`);
  if (resolve(source) === resolve(dest)) throw new StoreError('The backup must go to another file than the database itself.');
  if (existsSync(dest)) throw new StoreError(`${dest} already exists. A backup never overwrites a file: choose a new name.`);
  const db = new Database(source, { fileMustExist: true });
  const partial = `${dest}.partial`;
  let restarts = 0;
  try {
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0) throw new StoreError(`${source} is not a Stepwise database (it has no Stepwise schema version). Nothing was copied.`);
    mkdirSync(dirname(resolve(dest)), { recursive: true });
    rmSync(partial, { force: true });
    let remaining = Infinity;
    await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        progress(totalPages - remainingPages, totalPages);
        // A write by another connection (the bot) makes SQLite start the copy over. Under a steady
        // stream of answers that could go on for ever, so after a restart the rest goes in one step
        // (one read transaction; in WAL mode the bot keeps writing meanwhile).
        const restarted = remainingPages > remaining;
        remaining = remainingPages;
        if (restarted) restarts++;
        return restarts > 0 ? 0x7fffffff : PAGES_PER_STEP;
      },
    });
  } catch (err) {
    rmSync(partial, { force: true });
    throw err instanceof StoreError ? err : new StoreError(`The backup of ${source} failed: ${(err as Error).message}. Nothing was written to ${dest}.`);
  } finally {
    db.close();
  }
  return { ...verify(partial, dest), restarts };
}

/** Checks the copy and moves it into place, so a half-written backup never carries the final name. */
function verify(partial: string, dest: string): Omit<BackupSummary, 'restarts'> {
  const copy = new Database(partial);
  let summary: Omit<BackupSummary, 'restarts'>;
  try {
    // One file to carry off-site: no -wal beside it to forget.
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new StoreError(`The copy failed its integrity check (${String(check)}).`);
    summary = {
      dest,
      schemaVersion: copy.pragma('user_version', { simple: true }) as number,
      answers: copy.prepare('SELECT COUNT(*) FROM answers').pluck().get() as number,
      drops: copy.prepare('SELECT COUNT(*) FROM drops').pluck().get() as number,
      bytes: 0,
    };
  } catch (err) {
    copy.close();
    rmSync(partial, { force: true });
    throw err instanceof StoreError ? err : new StoreError(`The copy could not be checked: ${(err as Error).message}.`);
  }
  copy.close();
  renameSync(partial, dest);
  return { ...summary, bytes: statSync(dest).size };
}

async function main(): Promise<void> {
  const dest = process.argv[2];
  if (!dest || dest.startsWith('-')) {
    process.stderr.write('Usage: npm run backup -- <file>   (copies STEPWISE_DB, default ./data/stepwise.db, while the bot runs)\n');
    process.exitCode = 1;
    return;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const source = loadConfig(process.env).db;
  const started = performance.now();
  let shown = -1;
  const summary = await backupDatabase(source, dest, (done, total) => {
    const pct = Math.floor((done / Math.max(total, 1)) * 100);
    if (pct === shown) return;
    shown = pct;
    process.stderr.write(`\rBacking up ${source}: ${pct}% (${done.toLocaleString('en')}/${total.toLocaleString('en')} pages)`);
  });
  process.stderr.write(`\rBacking up ${source}: 100%${' '.repeat(30)}\n`);
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  const mib = (summary.bytes / 2 ** 20).toFixed(1);
  console.log(
    `Backed up ${source} to ${dest}: schema version ${summary.schemaVersion}, ${summary.answers.toLocaleString('en')} answers, ` +
      `${summary.drops.toLocaleString('en')} drops, ${mib} MiB, integrity ok, in ${secs} s` +
      (summary.restarts ? ` (started over ${summary.restarts} time(s) as the bot wrote; the copy is as of its end)` : '') +
      '.',
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    const known = err instanceof StoreError || err instanceof ConfigError;
    process.stderr.write(`backup: ${known ? (err as Error).message : `unexpected error: ${err instanceof Error ? err.stack : String(err)}`}\n`);
    process.exitCode = 1;
  });
}
