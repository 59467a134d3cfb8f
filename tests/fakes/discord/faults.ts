import type { Reply } from './http.ts';

/** A one-shot (or n-shot) failure for matching requests; see FakeDiscord.failNext(). */
export interface FailSpec {
  /** HTTP method; any when omitted. */
  method?: string;
  /** Matched against the path after /api/v10 (a string must match exactly). */
  path: RegExp | string;
  status: number;
  /** For 429: seconds to wait (sent as Retry-After, X-RateLimit-Reset-After and body retry_after). Default 0.2. */
  retryAfterSeconds?: number;
  /** For 429: X-RateLimit-Global + body global:true, which blocks every route in discord.js. */
  global?: boolean;
  /** For 429: X-RateLimit-Scope; Discord uses 'user' (default), 'shared' or 'global'. */
  scope?: 'user' | 'shared' | 'global';
  /** How many matching requests fail before the route works again. Default 1. */
  times?: number;
  /**
   * Let the request take effect, then answer the failure anyway: what a client sees when Discord stored a
   * message but the answer was lost (a gateway timeout). A retry without a nonce then posts it twice.
   */
  afterCommit?: boolean;
  /** Discord error code / message for non-429 errors (defaults derived from status). */
  code?: number;
  message?: string;
}

/** An emulated Discord rate-limit bucket; requests past `limit` within the window get 429. */
export interface RateLimitSpec {
  method?: string;
  path: RegExp;
  limit: number;
  windowSeconds: number;
  /**
   * Discord keys most buckets per top-level resource (channel/guild/webhook id); set false to share one
   * bucket across all resources, e.g. to make a burst of DMs to different users collide.
   */
  perResource?: boolean;
}

const matches = (spec: { method?: string; path: RegExp | string }, method: string, path: string): boolean =>
  (!spec.method || spec.method.toUpperCase() === method) &&
  (typeof spec.path === 'string' ? spec.path === path : spec.path.test(path));

/** Headers + body of a Discord 429, shaped like the examples in Discord's rate-limit docs. */
export function rateLimitReply(
  retryAfterSeconds: number,
  opts: { limit?: number; bucket?: string; global?: boolean; scope?: string } = {},
): Reply {
  const retry = Math.max(0, retryAfterSeconds);
  const headers: Record<string, string> = {
    // Discord sends whole seconds here; the fake sends the exact fraction so tests stay fast.
    // @discordjs/rest reads this header (Number(value) * 1000 + 50 ms offset), not the body.
    'retry-after': String(retry),
    'x-ratelimit-limit': String(opts.limit ?? 1),
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': ((Date.now() + retry * 1000) / 1000).toFixed(3),
    'x-ratelimit-reset-after': retry.toFixed(3),
    'x-ratelimit-bucket': opts.bucket ?? 'fakebucket',
    'x-ratelimit-scope': opts.global ? 'global' : (opts.scope ?? 'user'),
  };
  if (opts.global) headers['x-ratelimit-global'] = 'true';
  return {
    status: 429,
    headers,
    body: { message: 'You are being rate limited.', retry_after: retry, global: opts.global ?? false },
  };
}

function failureReply(spec: FailSpec): Reply {
  if (spec.status === 429) {
    const scope = spec.scope ?? 'user';
    return rateLimitReply(spec.retryAfterSeconds ?? 0.2, { global: spec.global ?? false, scope });
  }
  const message = spec.message ?? (spec.status >= 500 ? `${spec.status}: Internal Server Error` : 'Injected failure');
  return { status: spec.status, body: { message, code: spec.code ?? 0 } };
}

/** Route key like @discordjs/rest builds it: ids → :id, plus the major parameter unless shared. */
function bucketKey(method: string, path: string, perResource: boolean): string {
  const template = path.replace(/\d{17,20}/g, ':id').replace(/\/reactions\/.*/, '/reactions/:reaction');
  const major = perResource ? (/^\/(?:channels|guilds|webhooks)\/(\d{17,20})/.exec(path)?.[1] ?? 'global') : 'shared';
  return `${method} ${template} ${major}`;
}

/** Discord's documented limits the fake always applies (0 switches one off). */
export interface PlatformLimits {
  /** "All bots can make up to 50 requests per second to our API"; interaction routes are exempt. */
  globalPerSecond: number;
  /** Reactions: one add or remove per this many ms per channel (Discord answers limit 1, reset-after 0.25). */
  reactionIntervalMs: number;
}

const REACTION_ROUTE = /^\/channels\/(\d{17,20})\/messages\/\d{17,20}\/reactions\//;

/** Holds injected failures, emulated rate-limit buckets and Discord's global and reaction limits. */
export class Faults {
  private pending: Array<FailSpec & { left: number }> = [];
  private buckets = new Map<string, { used: number; resetAt: number }>();
  private global = { used: 0, resetAt: 0 };
  private reactionNext = new Map<string, number>();
  /** 429s the platform limits answered, by kind, for tests and benchmarks. */
  readonly limited = { global: 0, reaction: 0 };

  constructor(
    private readonly rateLimits: RateLimitSpec[] = [],
    private readonly limits: PlatformLimits = { globalPerSecond: 50, reactionIntervalMs: 250 },
  ) {}

  /**
   * The global limit (fixed 1 s windows, bot-token routes only) and the per-channel reaction bucket.
   * Returns a 429 to send, or the headers of the reaction bucket to add to the normal answer.
   */
  applyPlatformLimits(method: string, path: string, authed: boolean): { reject: Reply | null; headers: Record<string, string> } {
    const now = Date.now();
    if (authed && this.limits.globalPerSecond > 0) {
      if (now >= this.global.resetAt) this.global = { used: 0, resetAt: now + 1000 };
      if (this.global.used >= this.limits.globalPerSecond) {
        this.limited.global += 1;
        return { reject: rateLimitReply((this.global.resetAt - now) / 1000, { global: true, limit: this.limits.globalPerSecond }), headers: {} };
      }
      this.global.used += 1;
    }
    const channel = REACTION_ROUTE.exec(path)?.[1];
    const interval = this.limits.reactionIntervalMs;
    if (!channel || interval <= 0 || (method !== 'PUT' && method !== 'DELETE')) return { reject: null, headers: {} };
    const next = this.reactionNext.get(channel) ?? 0;
    // Adds and removals share one bucket per channel: the same X-RateLimit-Bucket hash for both routes.
    const bucket = 'reactions-per-channel';
    if (now < next) {
      this.limited.reaction += 1;
      return { reject: rateLimitReply((next - now) / 1000, { limit: 1, bucket }), headers: {} };
    }
    this.reactionNext.set(channel, now + interval);
    const resetAfter = interval / 1000;
    return {
      reject: null,
      headers: {
        'x-ratelimit-limit': '1',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': ((now + interval) / 1000).toFixed(3),
        'x-ratelimit-reset-after': resetAfter.toFixed(3),
        'x-ratelimit-bucket': bucket,
      },
    };
  }

  /** Queues a failure; matching requests consume it in order. */
  failNext(spec: FailSpec): void {
    this.pending.push({ ...spec, left: spec.times ?? 1 });
  }

  /** Number of queued failures not yet consumed (tests can assert they all fired). */
  get pendingCount(): number {
    return this.pending.reduce((n, f) => n + f.left, 0);
  }

  /** Returns an injected failure for this request (before or after it takes effect), consuming it, or null. */
  takeFailure(method: string, path: string, afterCommit = false): Reply | null {
    const spec = this.pending.find((f) => matches(f, method, path) && (f.afterCommit ?? false) === afterCommit);
    if (!spec) return null;
    spec.left -= 1;
    if (spec.left <= 0) this.pending.splice(this.pending.indexOf(spec), 1);
    return failureReply(spec);
  }

  /**
   * Applies the emulated buckets: returns a 429 when the bucket is exhausted,
   * otherwise the X-RateLimit-* headers to add to the normal response.
   */
  applyRateLimit(method: string, path: string): { reject: Reply | null; headers: Record<string, string> } {
    const spec = this.rateLimits.find((r) => matches(r, method, path));
    if (!spec) return { reject: null, headers: {} };
    const key = bucketKey(method, path, spec.perResource ?? true);
    const now = Date.now();
    let bucket = this.buckets.get(key);
    if (!bucket || now >= bucket.resetAt) {
      bucket = { used: 0, resetAt: now + spec.windowSeconds * 1000 };
      this.buckets.set(key, bucket);
    }
    const resetAfter = (bucket.resetAt - now) / 1000;
    const hash = Buffer.from(key.split(' ').slice(0, 2).join(' ')).toString('base64url').slice(0, 16);
    if (bucket.used >= spec.limit) {
      const scope = spec.perResource === false ? 'shared' : 'user';
      return { reject: rateLimitReply(resetAfter, { limit: spec.limit, bucket: hash, scope }), headers: {} };
    }
    bucket.used += 1;
    return {
      reject: null,
      headers: {
        'x-ratelimit-limit': String(spec.limit),
        'x-ratelimit-remaining': String(spec.limit - bucket.used),
        'x-ratelimit-reset': (bucket.resetAt / 1000).toFixed(3),
        'x-ratelimit-reset-after': resetAfter.toFixed(3),
        'x-ratelimit-bucket': hash,
      },
    };
  }
}
