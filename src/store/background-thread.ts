/**
 * The SQLite store's background thread: its own connection to the bot's file and its own copy of the
 * store's queries, for work whose cost the event loop must not pay. It runs the store calls that grow
 * with the data (`BACKGROUND_CALLS` in background.ts: a drop's close, its tally, the recount's slices),
 * each with its statements, commit and fsync, and the WAL checkpoints, which SQLite would otherwise run
 * inside whichever main-thread commit crosses the WAL's size limit. Started by `background.ts`.
 */
import Database from 'better-sqlite3';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { quarterHourKeys } from '../core/zones.ts';
import type { BackgroundData, BackgroundReply, BackgroundRequest } from './background.ts';
import { isBusy } from './busy.ts';
import { readMarker } from './history-marker.ts';
import { createSqliteStore } from './index.ts';
import { noteFirstHistory } from './open.ts';
import { walBacklog } from './wal-backlog.ts';

const { path, shmFd, checkpointMs, checkpointFrames, busyTimeoutMs, synchronous } = workerData as BackgroundData;
const db = openFile();
function openFile(): Database.Database {
  try {
    return new Database(path, { fileMustExist: true });
  } catch (err) {
    // better-sqlite3's error reaches the main thread without its message unless it is a plain Error.
    throw new Error(`Cannot open the database at ${path}: ${(err as Error).message}`);
  }
}
// Only this thread waits for another process's lock: nothing here freezes the event loop.
db.pragma(`busy_timeout = ${busyTimeoutMs}`);
db.pragma('foreign_keys = ON');
// As durable as the main connection's commits (a drop claimed here is as safe as one claimed there)...
db.pragma(`synchronous = ${synchronous}`);
// ...except a recount slice, which needs no fsync of its own: a power cut may lose the last slices, and
// with them the cursor that counted them (one transaction each), so the recount redoes them; the next
// durable commit's fsync covers the slices written before it.
const RELAXED = 'workspaces.rebuildStep';
const NORMAL = 1;
// Drops this thread adds flip the history marker too (see noteFirstHistory), unless it already says so.
const id = db.prepare("SELECT value FROM meta WHERE key = 'database_id'").pluck().get() as string | undefined;
const marker = (() => {
  try {
    return readMarker(path);
  } catch {
    return undefined;
  }
})();
if (id && !(marker?.history && marker.database === id)) noteFirstHistory(db, path, id);
const store = createSqliteStore(db) as unknown as Record<string, Record<string, (...args: unknown[]) => unknown>>;
// A function cannot cross threads: the recount's period keys are the core's own (`quarterHourKeys()`
// over `periodsOf`), which is what the core passes on the main thread.
const keysOf = quarterHourKeys();
const port = parentPort!;
const send = (reply: BackgroundReply) => port.postMessage(reply);

port.on('message', (m: BackgroundRequest) => {
  if (m.kind === 'close') {
    clearInterval(timer);
    checkpoint();
    db.close();
    port.close();
    return;
  }
  try {
    if (m.kind === 'sync') return send({ id: m.id, result: syncWal() });
    const relaxed = `${m.group}.${m.method}` === RELAXED;
    const args = relaxed ? [m.args[0], keysOf, m.args[2]] : m.args;
    if (relaxed) db.pragma(`synchronous = ${Math.min(NORMAL, synchronous)}`);
    try {
      send({ id: m.id, result: store[m.group]![m.method]!(...args) });
    } finally {
      if (relaxed) db.pragma(`synchronous = ${synchronous}`);
    }
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    send({ id: m.id, error: (err as Error).message, busy: isBusy(err), ...(typeof code === 'string' ? { code } : {}) });
  }
});

/**
 * fsync of the -wal file, for the main connection's commits (made without one): any descriptor of a
 * file flushes all of its written pages. No -wal yet means nothing to flush. Opening and closing it is
 * safe, unlike the database file or the -shm: SQLite holds no locks on the -wal file.
 */
function syncWal(): null {
  let fd: number;
  try {
    fd = openSync(`${path}-wal`, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return null;
}

// PASSIVE: copies what it can without waiting for, or blocking, the main thread's readers and writer.
function checkpoint(): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    if (!isBusy(err)) send({ id: 0, error: (err as Error).message, busy: false });
  }
}

const timer = setInterval(() => {
  if (shmFd === undefined || walBacklog(shmFd) >= checkpointFrames) checkpoint();
}, checkpointMs);
