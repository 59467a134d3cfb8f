/**
 * Slack's OAuth v2 install flow, for apps distributed to many workspaces, and the tokens it hands out:
 *
 * - GET /oauth/v2/authorize?client_id&scope&state[&redirect_uri] (docs.slack.dev/authentication/installing-with-oauth):
 *   the person approves in their browser (here: whoever `installAs` names) and Slack redirects to the
 *   redirect URL with `code` and the same `state`. A wrong client id or an unknown scope is refused.
 * - oauth.v2.access (docs.slack.dev/reference/methods/oauth.v2.access): exchanges the code, once, given
 *   the app's client id and secret (form fields or HTTP Basic). Errors as documented: invalid_client_id,
 *   bad_client_secret, invalid_code, bad_redirect_uri. The answer has access_token, token_type "bot",
 *   scope, bot_user_id, app_id, team {id, name}, enterprise null, is_enterprise_install, authed_user {id}.
 * - Each bot token belongs to one workspace and works only there: a channel of another workspace is
 *   `channel_not_found`. Uninstalling revokes every token of the workspace (`token_revoked`); a token
 *   Slack never issued is `invalid_auth`.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ALL_BOT_SCOPES } from './scopes.ts';
import type { SlackState } from './state.ts';

/** The distributed app's credentials, as on its Basic Information page. */
export interface FakeOAuthApp {
  clientId: string;
  clientSecret: string;
  /** The redirect URL configured on the app (used when the authorize request names none). */
  redirectUri?: string;
}

interface Grant {
  team: string;
  user: string;
  scopes: string[];
  /** The redirect_uri of the authorize request, which oauth.v2.access must repeat. */
  redirectUri: string | undefined;
  used: boolean;
}

/** A bot token the fake issued: its workspace and scopes. */
export interface IssuedToken {
  state: SlackState;
  scopes: readonly string[];
}

/** The install flow and the tokens of every workspace the fake knows. */
export class FakeInstalls {
  readonly app: FakeOAuthApp;
  /** Workspaces by team id. */
  readonly teams = new Map<string, SlackState>();
  private readonly live = new Map<string, IssuedToken>();
  private readonly revoked = new Set<string>();
  private readonly grants = new Map<string, Grant>();
  private issued = 0;
  /** Who approves the next authorize request (the person signed in to Slack in the browser). */
  installAs: { team: string; user: string } | undefined;

  constructor(app: FakeOAuthApp, teams: SlackState[]) {
    this.app = { ...app };
    for (const t of teams) this.teams.set(t.workspace.teamId, t);
  }

  /** The workspace and scopes of a live bot token. */
  token(token: string): IssuedToken | undefined {
    return this.live.get(token);
  }

  isRevoked(token: string): boolean {
    return this.revoked.has(token);
  }

  /** Live bot tokens of a workspace (tests compare them with the calls the app made). */
  tokensOf(team: string): string[] {
    return [...this.live].filter(([, t]) => t.state.workspace.teamId === team).map(([k]) => k);
  }

  /** The app is removed from a workspace: every token issued there is revoked. */
  uninstall(team: string): void {
    for (const token of this.tokensOf(team)) {
      this.live.delete(token);
      this.revoked.add(token);
    }
  }

  /** GET /oauth/v2/authorize. */
  authorize(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const page = (status: number, text: string) => void res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    if (req.method !== 'GET') return page(405, 'method not allowed');
    const q = url.searchParams;
    if (q.get('client_id') !== this.app.clientId) return page(400, 'invalid_client_id');
    const scopes = (q.get('scope') ?? '').split(',').filter(Boolean);
    const unknown = scopes.filter((s) => !(ALL_BOT_SCOPES as readonly string[]).includes(s));
    if (unknown.length) return page(400, `invalid_scope: ${unknown.join(',')}`);
    const redirect = q.get('redirect_uri') ?? this.app.redirectUri;
    if (!redirect) return page(400, 'bad_redirect_uri: the app has no redirect URL');
    if (this.app.redirectUri && redirect !== this.app.redirectUri) return page(400, 'bad_redirect_uri');
    const who = this.installAs;
    if (!who || !this.teams.has(who.team)) return page(400, 'nobody is signed in to a workspace the fake knows (set installAs)');
    const code = `${who.team}.${randomBytes(16).toString('hex')}`;
    this.grants.set(code, { team: who.team, user: who.user, scopes, redirectUri: q.get('redirect_uri') ?? undefined, used: false });
    const to = new URL(redirect);
    to.searchParams.set('code', code);
    const state = q.get('state');
    if (state !== null) to.searchParams.set('state', state);
    res.writeHead(302, { location: to.toString() }).end();
  }

  /** oauth.v2.access. */
  access(body: Record<string, unknown>, authorization: string | undefined): Record<string, unknown> {
    let id = typeof body.client_id === 'string' ? body.client_id : undefined;
    let secret = typeof body.client_secret === 'string' ? body.client_secret : undefined;
    const basic = authorization && /^Basic\s+(.+)$/i.exec(authorization.trim());
    if (basic) [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') as [string, string];
    if (id !== this.app.clientId) return { ok: false, error: 'invalid_client_id' };
    if (secret !== this.app.clientSecret) return { ok: false, error: 'bad_client_secret' };
    const grant = typeof body.code === 'string' ? this.grants.get(body.code) : undefined;
    if (!grant || grant.used) return { ok: false, error: 'invalid_code' };
    const redirect = typeof body.redirect_uri === 'string' && body.redirect_uri !== '' ? body.redirect_uri : undefined;
    if (grant.redirectUri !== redirect) return { ok: false, error: 'bad_redirect_uri' };
    grant.used = true;
    const state = this.teams.get(grant.team)!;
    const ws = state.workspace;
    this.issued += 1;
    const token = `xoxb-${ws.teamId}-${this.issued}-${randomBytes(6).toString('hex')}`;
    this.live.set(token, { state, scopes: grant.scopes });
    // A reinstall brings the bot back.
    state.tokensRevoked = false;
    return {
      ok: true,
      access_token: token,
      token_type: 'bot',
      scope: grant.scopes.join(','),
      bot_user_id: ws.botUserId,
      app_id: ws.appId,
      team: { id: ws.teamId, name: ws.teamName },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: grant.user },
    };
  }
}
