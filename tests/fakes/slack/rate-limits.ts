/**
 * Slack's per-method rate limits, enforced like Slack: HTTP 429 with Retry-After (seconds).
 *
 * Facts (docs.slack.dev/apis/web-api/rate-limits): limits apply "per API method per workspace per app";
 * Tier 1 1+/min, Tier 2 20+/min, Tier 3 50+/min, Tier 4 100+/min, each tolerating some bursts;
 * chat.postMessage is "special": about one message per second per channel, short bursts allowed.
 * Each method's tier is on its reference page (docs.slack.dev/reference/methods/<method>).
 * Slack does not publish burst sizes; the buckets below are small on purpose (the strictest fake).
 */

/** A token bucket: `burst` requests at once, refilled at `perMinute`. */
export interface Limit {
  perMinute: number;
  burst: number;
}

/** The documented tiers, with the fake's burst allowance. */
export const TIERS = {
  1: { perMinute: 1, burst: 1 },
  2: { perMinute: 20, burst: 5 },
  3: { perMinute: 50, burst: 10 },
  4: { perMinute: 100, burst: 20 },
} as const satisfies Record<number, Limit>;

/** chat.postMessage: about 1 per second per channel, with a short burst. */
export const POST_MESSAGE_PER_CHANNEL: Limit = { perMinute: 60, burst: 3 };

/** Each method's tier, from its reference page. Methods not listed are not limited by the fake. */
export const METHOD_TIERS: Record<string, keyof typeof TIERS> = {
  'auth.test': 4, // "Special" in the docs, but generous; a tier 4 bucket is stricter than Slack
  'chat.postEphemeral': 4,
  'chat.update': 3,
  'chat.delete': 3,
  'conversations.info': 3,
  'conversations.open': 3,
  'conversations.members': 4,
  'reactions.add': 3,
  'reactions.remove': 2,
  'users.info': 4,
  'views.publish': 4,
  'views.open': 4,
  'apps.connections.open': 1,
};

interface Bucket {
  tokens: number;
  at: number;
}

/** Per-key token buckets on an injectable clock (milliseconds), so tests advance time instead of sleeping. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  /** Off when false (a test of something else may turn it off; it is on by default). */
  enabled = true;

  constructor(now: () => number) {
    this.now = now;
  }

  /**
   * Takes one request for `method` in `team` (and `channel`, for chat.postMessage). Returns 0 when the
   * request may go through, else the seconds to wait (Slack's Retry-After, at least 1).
   */
  take(team: string, method: string, channel: string | undefined): number {
    if (!this.enabled) return 0;
    if (method === 'chat.postMessage') return channel === undefined ? 0 : this.takeFrom(`${team}|${method}|${channel}`, POST_MESSAGE_PER_CHANNEL);
    const tier = METHOD_TIERS[method];
    return tier === undefined ? 0 : this.takeFrom(`${team}|${method}`, TIERS[tier]);
  }

  private takeFrom(key: string, limit: Limit): number {
    const now = this.now();
    const perMs = limit.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  /** Forgets every bucket (all full again). */
  reset(): void {
    this.buckets.clear();
  }
}
