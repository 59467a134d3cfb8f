/**
 * The content loader is written once, as a generator that yields the file-system calls it needs and
 * the points where it may pause; two drivers run it. `runSync` serves start-up and content:check,
 * `runAsync` serves `/quiz reload` in a running bot: its file calls are asynchronous and it gives
 * the event loop a turn whenever it has worked for more than a slice, so gateway heartbeats and
 * answers keep flowing while a large folder is parsed.
 */
import { closeSync, fstatSync, openSync, readSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

/** What a path is, after following symlinks. */
export type Kind = 'file' | 'dir' | 'other';
/** A failed call, with Node's error code (ENOENT, EACCES, ELOOP…). */
export interface Failed {
  error: string;
}

/** One thing the loader asks of its driver. */
export type Step =
  | { op: 'pause' }
  | { op: 'stat'; path: string }
  | { op: 'realpath'; path: string }
  | { op: 'readdir'; path: string }
  | { op: 'read'; path: string; max: number };

/** Answers, by step. `read` stops after `max` bytes and then answers `tooBig` with the size it saw. */
export type StatAnswer = { kind: Kind } | Failed;
export type RealpathAnswer = { path: string } | Failed;
export type ReaddirAnswer = { entries: { name: string; kind: Kind | 'symlink' }[] } | Failed;
export type ReadAnswer = { bytes: Uint8Array } | { tooBig: number } | Failed;

/** A loader (or part of one) that returns R. */
export type Steps<R> = Generator<Step, R, unknown>;

/** Lets a long computation pause here (a no-op when run synchronously). */
export const PAUSE: Step = { op: 'pause' };

export function* statStep(path: string): Steps<StatAnswer> {
  return (yield { op: 'stat', path }) as StatAnswer;
}
export function* realpathStep(path: string): Steps<RealpathAnswer> {
  return (yield { op: 'realpath', path }) as RealpathAnswer;
}
export function* readdirStep(path: string): Steps<ReaddirAnswer> {
  return (yield { op: 'readdir', path }) as ReaddirAnswer;
}
export function* readStep(path: string, max: number): Steps<ReadAnswer> {
  return (yield { op: 'read', path, max }) as ReadAnswer;
}

const CHUNK = 64 * 1024;
const failed = (e: unknown): Failed => ({ error: (e as NodeJS.ErrnoException).code ?? String(e) });
const kindOf = (s: Stats | Dirent): Kind | 'symlink' =>
  s.isSymbolicLink() ? 'symlink' : s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other';
const entriesOf = (list: Dirent[]) => list.map((d) => ({ name: d.name, kind: kindOf(d) }));

/** Bytes read so far, joined; `tooBig` once more than `max` arrived (a file may grow or lie about its size). */
function collect(chunks: Buffer[], total: number, max: number, size: number): ReadAnswer {
  return total > max ? { tooBig: Math.max(size, total) } : { bytes: Buffer.concat(chunks, total) };
}

function readSyncCapped(path: string, max: number): ReadAnswer {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    // Checked before reading: a sparse 2 GiB file costs one stat, not 2 GiB of memory.
    if (size > max) return { tooBig: size };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(CHUNK);
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > max) break;
    }
    return collect(chunks, total, max, size);
  } catch (e) {
    return failed(e);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

async function readAsyncCapped(path: string, max: number): Promise<ReadAnswer> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const size = (await handle.stat()).size;
    if (size > max) return { tooBig: size };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(CHUNK);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > max) break;
    }
    return collect(chunks, total, max, size);
  } catch (e) {
    return failed(e);
  } finally {
    await handle?.close();
  }
}

function answerSync(step: Exclude<Step, { op: 'pause' }>): unknown {
  try {
    switch (step.op) {
      case 'stat':
        return { kind: kindOf(statSync(step.path)) };
      case 'realpath':
        return { path: realpathSync(step.path) };
      case 'readdir':
        return { entries: entriesOf(readdirSync(step.path, { withFileTypes: true })) };
      case 'read':
        return readSyncCapped(step.path, step.max);
    }
  } catch (e) {
    return failed(e);
  }
}

async function answerAsync(step: Exclude<Step, { op: 'pause' }>): Promise<unknown> {
  try {
    switch (step.op) {
      case 'stat':
        return { kind: kindOf(await stat(step.path)) };
      case 'realpath':
        return { path: await realpath(step.path) };
      case 'readdir':
        return { entries: entriesOf(await readdir(step.path, { withFileTypes: true })) };
      case 'read':
        return await readAsyncCapped(step.path, step.max);
    }
  } catch (e) {
    return failed(e);
  }
}

/** Runs a loader to the end with synchronous file calls and no pauses. */
export function runSync<R>(steps: Steps<R>): R {
  let next = steps.next();
  while (!next.done) next = steps.next(next.value.op === 'pause' ? undefined : answerSync(next.value));
  return next.value;
}

/** How long the async driver works before it gives the event loop a turn. */
export const SLICE_MS = 4;

/**
 * Runs a loader with asynchronous file calls, yielding to the event loop (setImmediate, so I/O and
 * timers run first) at a pause once it has worked for `sliceMs` since it last let go.
 */
export async function runAsync<R>(steps: Steps<R>, sliceMs = SLICE_MS): Promise<R> {
  let since = performance.now();
  let next = steps.next();
  while (!next.done) {
    const step = next.value;
    if (step.op === 'pause') {
      if (performance.now() - since >= sliceMs) {
        await new Promise((resolve) => setImmediate(resolve));
        since = performance.now();
      }
      next = steps.next();
      continue;
    }
    const answer = await answerAsync(step);
    since = performance.now();
    next = steps.next(answer);
  }
  return next.value;
}
