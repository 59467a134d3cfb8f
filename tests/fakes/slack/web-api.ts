import type { IncomingMessage, ServerResponse } from 'node:http';
import { extractToken, formToObject, parseApiBody, readBody, sendJson } from './http-body.ts';
import type { Fault, FaultQueue } from './faults.ts';
import type { MethodHandler } from './methods.ts';
import type { FakeInstalls } from './oauth.ts';
import type { RateLimiter } from './rate-limits.ts';
import { Recorder } from './recorder.ts';
import { acceptedScopes } from './scopes.ts';
import type { SlackState } from './state.ts';

/** One recorded Web API call, whatever the fake answered. */
export interface ApiCall {
  method: string;
  /** Decoded arguments (form scalars stay strings; `blocks`, `view`, … are parsed JSON). */
  body: Record<string, unknown>;
  /** Token from `Authorization: Bearer` or the `token` field; undefined if none was sent. */
  token: string | undefined;
  /** Date.now() when the request arrived. */
  at: number;
  /** HTTP status the fake answered with. */
  status: number;
  /** JSON body the fake answered with. */
  response: Record<string, unknown>;
}

/** Settings for the Web API part of the fake. */
export interface WebApiOptions {
  state: SlackState;
  /** Queued faults, shared with the response_url endpoints. */
  faults: FaultQueue;
  methods: Record<string, MethodHandler>;
  /** Bot tokens accepted for ordinary methods. */
  botTokens: string[];
  /** App-level tokens (xapp-…) accepted only for apps.connections.open. */
  appTokens: string[];
  /** The bot token's scopes; a method needing another answers `missing_scope`. */
  scopes: readonly string[];
  /** Per-method rate limits (429 with Retry-After). */
  limiter: RateLimiter;
  /** The fake's clock (ms), for `at` on recorded calls. */
  now: () => number;
  /** OAuth: oauth.v2.access, and the bot tokens it issued (each for its own workspace). */
  installs?: FakeInstalls;
}

const APP_TOKEN_METHODS = new Set(['apps.connections.open']);

/** The fake Web API: routes `/api/<method>`, checks tokens, injects faults, records every call. */
export class FakeWebApi {
  readonly recorder = new Recorder<ApiCall>((c) => `${c.method}(${c.status}${c.response.ok === false ? ` ${String(c.response.error)}` : ''})`);
  private readonly options: WebApiOptions;

  constructor(options: WebApiOptions) {
    this.options = options;
  }

  /** Handles one HTTP request whose path starts with /api/. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = { ...formToObject(url.searchParams), ...(await parseApiBody(req, raw)) };
    } catch {
      body = { _unparsed: raw.toString('utf8') };
    }
    const token = extractToken(req, body);
    const call: ApiCall = { method, body, token, at: this.options.now(), status: 200, response: {} };

    let fault: Fault | undefined = this.options.faults.take(method);
    if (fault !== undefined && 'delayMs' in fault) {
      const { delayMs } = fault;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      fault = undefined;
    }
    const headers: Record<string, string> = {};
    if (fault !== undefined && 'status' in fault) {
      call.status = fault.status;
      if (fault.status === 429) {
        // Slack answers rate-limited calls with HTTP 429 and the wait in seconds in Retry-After.
        headers['retry-after'] = String(fault.retryAfterSeconds);
        call.response = { ok: false, error: 'ratelimited' };
      } else {
        call.response = { ok: false, error: 'fatal_error' };
      }
    } else if (fault !== undefined && 'error' in fault) {
      call.response = { ok: false, error: fault.error, ...fault.extra };
    } else {
      const answered = this.answer(method, body, token, req.headers.authorization);
      call.response = answered.response;
      call.status = answered.status;
      Object.assign(headers, answered.headers);
    }
    // Record before answering so a waiter wakes no later than the client sees the reply.
    this.recorder.push(call);
    if (fault !== undefined && 'status' in fault && fault.status !== 429 && fault.body !== undefined) {
      res.writeHead(fault.status, { 'content-type': 'text/plain' });
      res.end(fault.body);
      return;
    }
    sendJson(res, call.status, call.response, headers);
  }

  private answer(
    method: string,
    body: Record<string, unknown>,
    token: string | undefined,
    authorization: string | undefined,
  ): { status: number; response: Record<string, unknown>; headers: Record<string, string> } {
    const { botTokens, appTokens, methods, limiter, installs } = this.options;
    const plain = (response: Record<string, unknown>, headers: Record<string, string> = {}) => ({ status: 200, response, headers });
    // The code exchange needs no token: the app's client id and secret stand for it.
    if (method === 'oauth.v2.access' && installs) return plain(installs.access(body, authorization?.startsWith('Basic') ? authorization : undefined));
    if (token === undefined) return plain({ ok: false, error: 'not_authed' });
    // A token the install flow issued belongs to its own workspace, with the scopes it was granted.
    const issued = installs?.token(token);
    if (installs?.isRevoked(token)) return plain({ ok: false, error: 'token_revoked' });
    const state = issued?.state ?? this.options.state;
    const scopes = issued?.scopes ?? this.options.scopes;
    const tokenKind = botTokens.includes(token) || issued ? 'bot' : appTokens.includes(token) ? 'app' : undefined;
    if (tokenKind === undefined) return plain({ ok: false, error: 'invalid_auth' });
    // After app_uninstalled / tokens_revoked the token is dead: "token_revoked" on every method.
    if (tokenKind === 'bot' && !issued && state.tokensRevoked) return plain({ ok: false, error: 'token_revoked' });
    const handler = methods[method];
    if (handler === undefined) return plain({ ok: false, error: 'unknown_method', req_method: method });
    if ((tokenKind === 'app') !== APP_TOKEN_METHODS.has(method)) return plain({ ok: false, error: 'not_allowed_token_type' });
    const channel = typeof body.channel === 'string' ? body.channel : undefined;
    const wait = limiter.take(state.workspace.teamId, method, channel);
    // Rate-limited calls: HTTP 429 with the wait in seconds in Retry-After (docs: rate limits, "Responding to rate limiting conditions").
    if (wait > 0) return { status: 429, response: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(wait) } };
    if (tokenKind === 'app') return plain(handler(body, { state, token, tokenKind }));
    const provided = scopes.join(',');
    const accepted = acceptedScopes(method, body, state);
    const scopeHeaders = { 'x-oauth-scopes': provided, 'x-accepted-oauth-scopes': accepted.join(',') };
    if (accepted.length > 0 && !accepted.some((s) => scopes.includes(s))) {
      return plain({ ok: false, error: 'missing_scope', needed: accepted.join(','), provided }, scopeHeaders);
    }
    return plain(handler(body, { state, token, tokenKind }), scopeHeaders);
  }
}
