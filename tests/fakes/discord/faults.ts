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

/** Holds injected failures and emulated rate-limit buckets. */
export class Faults {
  private pending: Array<FailSpec & { left: number }> = [];
  private buckets = new Map<string, { used: number; resetAt: number }>();

  constructor(private readonly rateLimits: RateLimitSpec[] = []) {}

  /** Queues a failure; matching requests consume it in order. */
  failNext(spec: FailSpec): void {
    this.pending.push({ ...spec, left: spec.times ?? 1 });
  }

  /** Number of queued failures not yet consumed (tests can assert they all fired). */
  get pendingCount(): number {
    return this.pending.reduce((n, f) => n + f.left, 0);
  }

  /** Returns an injected failure for this request, consuming it, or null. */
  takeFailure(method: string, path: string): Reply | null {
    const spec = this.pending.find((f) => matches(f, method, path));
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
