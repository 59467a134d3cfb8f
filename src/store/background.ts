/**
 * The SQLite store's background thread, seen from the main thread: store calls sent to it and
 * answered, and its end. See `background-thread.ts` for what it runs and why.
 */
import type { Worker } from 'node:worker_threads';
import { StoreBusyError } from '../core/errors.ts';
import { spawnWorker } from '../threads/spawn.ts';

/** What the thread is started with. */
export interface BackgroundData {
  path: string;
  /** The `-shm` file's descriptor, opened and closed by the store (see walBacklog); none: checkpoint on every look. */
  shmFd?: number;
  /** How often the thread looks at the WAL's backlog. */
  checkpointMs: number;
  /** The backlog of WAL frames from which the thread checkpoints (SQLite's automatic checkpoint: 1,000). */
  checkpointFrames: number;
  /** The main connection's `PRAGMA synchronous` (1 NORMAL, 2 FULL), which the thread's commits keep. */
  synchronous: number;
  /** How long the thread waits for another process's write lock (it blocks only itself, but the main thread's calls wait for it). */
  busyTimeoutMs: number;
}

/**
 * The store calls that run on the thread: the ones whose work grows with the data of one call (a drop
 * of 25,000 answers closed and counted, its streaks ended; a recount slice). Each is one transaction.
 */
export const BACKGROUND_CALLS = { drops: ['claim', 'close'], answers: ['tally'], workspaces: ['rebuildStep'] } as const;

export type BackgroundRequest =
  | { kind: 'call'; id: number; group: string; method: string; args: unknown[] }
  | { kind: 'sync'; id: number }
  | { kind: 'close' };
/** id 0: a problem the thread met on its own (a failed checkpoint), to be logged. */
export type BackgroundReply =
  | { id: number; result: unknown }
  | { id: number; error: string; busy: boolean; code?: string };

export interface Background {
  /** A store call, run and committed by the thread on its own connection; arguments and result are copied. */
  call(group: string, method: string, args: unknown[]): Promise<unknown>;
  /** Resolves once the -wal file is on disk (fsync), with every commit made before the call. */
  sync(): Promise<void>;
  /** False once the thread has stopped (closed, or failed): the caller then does the work itself. */
  readonly alive: boolean;
  close(): Promise<void>;
}

export interface BackgroundOptions {
  /** The thread stopped on its own, or reported a problem; `reason` is safe to log. */
  onProblem(event: 'store.background_stopped' | 'store.checkpoint_failed', reason: string): void;
  shmFd?: number;
  checkpointMs?: number;
  checkpointFrames?: number;
  busyTimeoutMs?: number;
  synchronous?: number;
}

/** Starts the thread on the database file at `path` (never ':memory:', which a second connection cannot share). */
export function startBackground(path: string, options: BackgroundOptions): Background {
  const data: BackgroundData = { path, ...(options.shmFd !== undefined ? { shmFd: options.shmFd } : {}), checkpointMs: options.checkpointMs ?? 250, checkpointFrames: options.checkpointFrames ?? 1000, busyTimeoutMs: options.busyTimeoutMs ?? 50, synchronous: options.synchronous ?? 2 };
  const worker: Worker = spawnWorker(import.meta.url, 'background-thread', { workerData: data });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 1;
  let alive = true;
  let closing = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  const stop = (reason: string) => {
    if (!alive) return;
    alive = false;
    for (const p of pending.values()) p.reject(new Error(`The store's background thread stopped: ${reason}`));
    pending.clear();
    if (!closing) options.onProblem('store.background_stopped', reason);
  };
  worker.on('message', (m: BackgroundReply) => {
    if ('error' in m && m.id === 0) return options.onProblem('store.checkpoint_failed', m.error);
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) worker.unref();
    if ('error' in m) p.reject(m.busy ? new StoreBusyError('The database is busy: another process is writing to it. Try again in a moment.') : Object.assign(new Error(m.error), m.code ? { code: m.code } : {}));
    else p.resolve(m.result);
  });
  worker.on('error', (err) => stop(err.message));
  worker.on('exit', (code) => stop(`exit code ${code}`));
  // Idle, the thread (its timer) must not keep a finished process alive. After the listeners: adding a
  // 'message' listener refs the worker again.
  worker.unref();

  function ask(request: { kind: 'call'; group: string; method: string; args: unknown[] } | { kind: 'sync' }): Promise<unknown> {
    if (!alive) return Promise.reject(new Error("The store's background thread has stopped."));
    const id = next++;
    return new Promise((resolve, reject) => {
      // A call waiting for its answer keeps the process alive; an idle thread does not.
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } satisfies BackgroundRequest);
    });
  }

  return {
    call: (group, method, args) => ask({ kind: 'call', group, method, args }),
    sync: () => ask({ kind: 'sync' }) as Promise<void>,
    get alive() {
      return alive;
    },
    async close() {
      closing = true;
      // Waiting for the thread to finish keeps the process alive, or it could end mid-close.
      worker.ref();
      if (alive) worker.postMessage({ kind: 'close' } satisfies BackgroundRequest);
      await exited;
    },
  };
}
