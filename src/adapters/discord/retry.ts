/**
 * Bounded retry for posts, on top of discord.js's own: it already waits out every 429 (Retry-After) and
 * retries a 5xx three times at once. This adds a few slower attempts for outages that outlast that.
 */
import { DiscordAPIError, HTTPError } from 'discord.js';
import { reasonOf } from '../../core/deps.ts';
import type { Logger } from '../../core/ports.ts';

/** Default waits before the 2nd and 3rd attempt. */
export const RETRY_DELAYS_MS: readonly number[] = [1000, 5000];

const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

/** Worth another try: a 5xx after discord.js gave up, or a network failure. A 4xx never is. */
export function isTransient(err: unknown): boolean {
  if (err instanceof HTTPError) return err.status >= 500;
  if (err instanceof DiscordAPIError) return err.status >= 500;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code ?? (err.cause as { code?: unknown } | undefined)?.code;
  return err.name === 'AbortError' || err.name === 'TimeoutError' || (typeof code === 'string' && NETWORK.has(code));
}

/** Runs `fn`, retrying transient failures after each of `delaysMs`; logs every retry with its reason. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  opts: { what: string; fields: Record<string, unknown>; log: Logger; delaysMs: readonly number[] },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const delay = opts.delaysMs[attempt - 1];
      if (delay === undefined || !isTransient(err)) throw err;
      opts.log.warn('discord.retry', { ...opts.fields, what: opts.what, attempt, delayMs: delay, reason: reasonOf(err) });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
