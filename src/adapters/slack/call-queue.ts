/**
 * Web API calls off the channel path: one queue per workspace and method, each paced by a token bucket
 * at the method's documented tier (Slack counts limits per app per workspace), and a 429 pauses only
 * that workspace's method for its Retry-After and puts the call back at the front, so feedback never
 * delays a drop, one busy workspace never slows another, and no call is dropped after a few retries.
 */
import { webApi } from '@slack/bolt';

/** Time for the queue: `now` in ms and a sleep. Tests pass a virtual one whose sleep moves `now`. */
export interface Timer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Wall-clock time (monotonic) and setTimeout. */
export const realTimer: Timer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A token bucket: `burst` calls at once, then `perMinute`. */
export interface Limit {
  perMinute: number;
  burst: number;
}

/**
 * The documented minimum of each method's tier (docs.slack.dev/apis/web-api/rate-limits): Tier 4 is
 * "100+ per minute", Tier 3 "50+", Tier 2 "20+". Pacing at the minimum means Slack should never need
 * to answer 429; when it does anyway, its Retry-After wins.
 */
export const METHOD_LIMITS: Record<string, Limit> = {
  'chat.postEphemeral': { perMinute: 100, burst: 20 },
  'users.info': { perMinute: 100, burst: 20 },
  'views.publish': { perMinute: 100, burst: 20 },
  'conversations.open': { perMinute: 50, burst: 10 },
  // Tier 2: who is in the workspace's admin user group (admin commands only, cached).
  'usergroups.users.list': { perMinute: 20, burst: 5 },
  // DMs: one per second per channel, each DM its own channel; this caps the workspace-wide total.
  'chat.postMessage': { perMinute: 100, burst: 20 },
};

/** How many 429s one call may meet before it fails (each waits its Retry-After). */
export const MAX_RATE_LIMITED = 30;

interface Job {
  run(): Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
  limited: number;
}

/** The seconds Slack asked to wait when `err` is a 429 the client did not retry itself, else undefined. */
export function retryAfterOf(err: unknown): number | undefined {
  const e = err as { code?: unknown; retryAfter?: unknown } | undefined;
  return e?.code === webApi.ErrorCode.RateLimitedError && typeof e.retryAfter === 'number' ? e.retryAfter : undefined;
}

class MethodQueue {
  private readonly jobs: Job[] = [];
  private tokens: number;
  private at: number;
  private pausedUntil = 0;
  private pumping = false;

  constructor(
    private readonly limit: Limit,
    private readonly timer: Timer,
  ) {
    this.tokens = limit.burst;
    this.at = timer.now();
  }

  get waiting(): number {
    return this.jobs.length;
  }

  push(job: Job, front = false): void {
    if (front) this.jobs.unshift(job);
    else this.jobs.push(job);
    void this.pump();
  }

  /** Milliseconds until the next call may start (0: now). */
  private waitMs(): number {
    const now = this.timer.now();
    const perMs = this.limit.perMinute / 60_000;
    this.tokens = Math.min(this.limit.burst, this.tokens + (now - this.at) * perMs);
    this.at = now;
    if (now < this.pausedUntil) return this.pausedUntil - now;
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / perMs);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.jobs.length) {
        const wait = this.waitMs();
        if (wait > 0) {
          await this.timer.sleep(wait);
          continue;
        }
        this.tokens -= 1;
        void this.attempt(this.jobs.shift()!);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async attempt(job: Job): Promise<void> {
    try {
      job.resolve(await job.run());
    } catch (err) {
      const retryAfter = retryAfterOf(err);
      if (retryAfter === undefined || job.limited >= MAX_RATE_LIMITED) return job.reject(err);
      job.limited += 1;
      this.pausedUntil = Math.max(this.pausedUntil, this.timer.now() + retryAfter * 1000);
      this.tokens = 0;
      this.push(job, true);
    }
  }
}

/**
 * Queues per workspace and method; `run(workspace, 'users.info', () => client.users.info(...))` starts
 * when that workspace's bucket for the method allows.
 */
export function createCallQueue(timer: Timer = realTimer, limits: Record<string, Limit> = METHOD_LIMITS) {
  const queues = new Map<string, MethodQueue>();
  const queueFor = (workspace: string, method: string) => {
    const key = `${workspace} ${method}`;
    let q = queues.get(key);
    if (!q) {
      q = new MethodQueue(limits[method] ?? { perMinute: 20, burst: 5 }, timer);
      queues.set(key, q);
    }
    return q;
  };
  return {
    run<T>(workspace: string, method: string, call: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queueFor(workspace, method).push({ run: call, resolve: resolve as (v: unknown) => void, reject, limited: 0 });
      });
    },
    /** Calls waiting for their turn, per "workspace method" (for logs and benchmarks). */
    waiting(): Record<string, number> {
      return Object.fromEntries([...queues].map(([key, q]) => [key, q.waiting]));
    },
  };
}

/** The per-workspace, per-method call queue. */
export type CallQueue = ReturnType<typeof createCallQueue>;
