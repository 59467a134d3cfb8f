/**
 * A fault to inject into the next call(s) of a method:
 * - `{ error }`: HTTP 200 `{ ok: false, error }` (a Slack platform error; WebClient throws, never retries).
 * - `{ status: 429, retryAfterSeconds }`: HTTP 429 with `Retry-After`; WebClient waits, then retries
 *   if its retryConfig allows (with `rejectRateLimitedCalls: true` it throws WebAPIRateLimitedError).
 * - `{ status: 5xx }`: an HTTP error; WebClient throws WebAPIHTTPError, which its retry policy retries.
 * - `{ delayMs }`: answer normally but late (to test ack timing against a slow Web API).
 */
export type Fault =
  | { error: string; extra?: Record<string, unknown> }
  | { status: 429; retryAfterSeconds: number }
  | { status: 500 | 502 | 503 | 504; body?: string }
  | { delayMs: number };

interface Pending {
  fault: Fault;
  remaining: number;
}

/** FIFO queues of faults per method name. */
export class FaultQueue {
  private readonly queues = new Map<string, Pending[]>();

  /** Queues `fault` for the next `times` calls of `method`. */
  add(method: string, fault: Fault, times = 1): void {
    const queue = this.queues.get(method) ?? [];
    queue.push({ fault, remaining: times });
    this.queues.set(method, queue);
  }

  /** Takes the fault for this call of `method`, if any is queued. */
  take(method: string): Fault | undefined {
    const queue = this.queues.get(method);
    const head = queue?.[0];
    if (queue === undefined || head === undefined) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.fault;
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queues.clear();
  }
}
