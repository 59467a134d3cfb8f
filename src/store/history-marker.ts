/**
 * A small file beside the database that remembers the database held history. If the database file
 * is later found empty (its -wal file deleted before a checkpoint, the file replaced or truncated),
 * the marker is what tells "a new installation" apart from "a year of answers just vanished".
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/** What the marker says. */
export interface HistoryMarker {
  /** The `database_id` stored in the database's meta table. */
  database: string;
  /** Whether the database held drops, answers or schedules. */
  history: boolean;
}

/** Where the marker of the database at `dbPath` lives. Not `<db>-…`, which reads as one of SQLite's own files. */
export const markerPath = (dbPath: string): string => `${dbPath}.history.json`;

/** The marker beside `dbPath`, or undefined if there is none. An unreadable marker counts as "had history". */
export function readMarker(dbPath: string): HistoryMarker | undefined {
  let text: string;
  try {
    text = readFileSync(markerPath(dbPath), 'utf8');
  } catch (err) {
    // No marker (or no folder for one): nothing to compare with.
    if (['ENOENT', 'ENOTDIR'].includes(String((err as NodeJS.ErrnoException).code))) return undefined;
    throw err;
  }
  try {
    const raw = JSON.parse(text) as Partial<HistoryMarker>;
    return { database: String(raw.database ?? ''), history: raw.history === true };
  } catch {
    // Someone edited it by hand: err on the side of not starting over an empty file silently.
    return { database: '', history: true };
  }
}

/** Writes the marker atomically (temp file + rename), unless it already says exactly this. */
export function writeMarker(dbPath: string, marker: HistoryMarker): void {
  const current = readMarker(dbPath);
  if (current?.database === marker.database && current.history === marker.history) return;
  const body = {
    about:
      'Stepwise keeps this beside its database to notice a database file that was reset (a deleted -wal file, a replaced file). ' +
      'Keep it with the database; delete it only together with the database. See README, "Backups and the database file".',
    ...marker,
  };
  const tmp = `${markerPath(dbPath)}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`);
  renameSync(tmp, markerPath(dbPath));
}
