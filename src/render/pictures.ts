/**
 * Pictures for views, drawn in one long-lived worker thread. The main thread only posts the view and gets
 * PNG bytes back, so a picture never blocks the event loop. The queue is bounded and each picture has a
 * deadline: when either is exceeded the picture is skipped (undefined) and the text goes alone.
 */
import type { Worker } from 'node:worker_threads';
import type { Logger, Pictures } from '../core/ports.ts';
import type { ReplyFile, View } from '../core/views.ts';
import { describe, fileName, hasPicture, type PictureView } from './describe.ts';
import type { RenderResponse } from './worker.ts';
import { spawnWorker } from '../threads/spawn.ts';

/** Tunables of the renderer. */
export interface RendererOptions {
  log: Logger;
  /** Pictures waiting or drawing at most; one more is skipped. */
  maxQueue?: number;
  /** A picture not drawn within this time is skipped, and the worker restarted. */
  timeoutMs?: number;
}

/** What the renderer has done, for tests, logs and the bench. */
export interface RendererStats {
  drawn: number;
  skipped: number;
  failed: number;
  timedOut: number;
  /** Board rows the worker drew for the last leaderboard (bounded by the card, not the board). */
  lastRows: number | undefined;
}

interface Job {
  resolve(file: ReplyFile | undefined): void;
  view: PictureView;
  timer: NodeJS.Timeout;
}

/** The renderer: `draw(view)` resolves to the view's picture, or undefined when it has none or it was skipped. */
export function createRenderer(options: RendererOptions): Pictures & { stats: RendererStats; warm(): void; close(): Promise<void> } {
  const { log } = options;
  const maxQueue = options.maxQueue ?? 16;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const jobs = new Map<number, Job>();
  const stats: RendererStats = { drawn: 0, skipped: 0, failed: 0, timedOut: 0, lastRows: undefined };
  let worker: Worker | undefined;
  let nextId = 1;
  let closed = false;

  function settleAll(reason: string): void {
    for (const [id, job] of jobs) {
      clearTimeout(job.timer);
      jobs.delete(id);
      stats.failed += 1;
      log.warn('picture.failed', { view: job.view.kind, reason });
      job.resolve(undefined);
    }
  }

  function start(): Worker {
    const w = spawnWorker(import.meta.url, 'worker');
    w.on('message', (res: RenderResponse) => {
      const job = jobs.get(res.id);
      if (!job) return;
      clearTimeout(job.timer);
      jobs.delete(res.id);
      if (jobs.size === 0) w.unref();
      if ('error' in res) {
        stats.failed += 1;
        log.warn('picture.failed', { view: job.view.kind, reason: res.error });
        job.resolve(undefined);
        return;
      }
      stats.drawn += 1;
      if (job.view.kind === 'leaderboard') stats.lastRows = res.rows;
      job.resolve({ kind: 'picture', name: fileName(job.view), contentType: 'image/png', bytes: res.bytes, description: describe(job.view) });
    });
    // Only the current worker's death fails the queue; a worker replaced after a timeout was settled then.
    w.on('error', (err) => {
      log.error('picture.worker_failed', { reason: err.message.split('\n')[0] });
      if (worker !== w) return;
      worker = undefined;
      settleAll('render worker failed');
    });
    w.on('exit', () => {
      if (worker !== w) return;
      worker = undefined;
      settleAll('render worker exited');
    });
    // Idle until given work: it must not keep the process alive (tests, the terminal chat's exit). After
    // the listeners: adding a 'message' listener refs the worker again.
    w.unref();
    return w;
  }

  return {
    stats,
    /** Starts the worker now (it loads Skia and the fonts at once), so the first picture does not wait for it. */
    warm(): void {
      if (!closed) worker ??= start();
    },
    draw(view: View): Promise<ReplyFile | undefined> {
      if (closed || !hasPicture(view)) return Promise.resolve(undefined);
      if (jobs.size >= maxQueue) {
        stats.skipped += 1;
        log.warn('picture.skipped', { view: view.kind, reason: 'queue full', queued: jobs.size });
        return Promise.resolve(undefined);
      }
      worker ??= start();
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          if (!jobs.delete(id)) return;
          stats.timedOut += 1;
          log.warn('picture.timed_out', { view: view.kind, ms: timeoutMs });
          resolve(undefined);
          // A worker that misses a deadline may be stuck: start afresh; what it still held is skipped.
          const stuck = worker;
          worker = undefined;
          settleAll('render worker restarted');
          void stuck?.terminate();
        }, timeoutMs);
        jobs.set(id, { resolve, view, timer });
        // Held while it has work.
        worker!.ref();
        worker!.postMessage({ id, view });
      });
    },
    async close(): Promise<void> {
      closed = true;
      settleAll('renderer closed');
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
