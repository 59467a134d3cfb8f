/**
 * The fake's OAuth: each documented refusal of oauth.v2.access (docs.slack.dev/reference/methods/oauth.v2.access:
 * invalid_client_id, bad_client_secret, invalid_code, bad_redirect_uri), tokens bound to one workspace
 * (another workspace's channel is channel_not_found, as a channel the token cannot see), revoked tokens
 * (token_revoked) and tokens never issued (invalid_auth).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { IDS, IDS_B, secondWorkspace, startFakeSlack, type FakeSlack } from './index.ts';

const APP = { clientId: '111.222', clientSecret: 'shh', redirectUri: 'https://stepwise.example/slack/oauth_redirect' };
let fake: FakeSlack;
afterEach(async () => {
  await fake.close();
});

async function api(method: string, body: Record<string, string>, token?: string) {
  const res = await fetch(`${fake.apiUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: new URLSearchParams(body).toString(),
  });
  return (await res.json()) as Record<string, unknown>;
}

/** Approves an install into `team` and returns the code Slack puts on the redirect. */
async function approve(team: string, scope = 'commands,chat:write'): Promise<string> {
  fake.installs!.installAs = { team, user: 'U0INSTALL' };
  const res = await fetch(`${fake.authorizeUrl}?client_id=${APP.clientId}&scope=${scope}&state=st8`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const to = new URL(res.headers.get('location')!);
  expect(to.origin + to.pathname).toBe(APP.redirectUri);
  expect(to.searchParams.get('state')).toBe('st8');
  return to.searchParams.get('code')!;
}

describe('fake Slack OAuth', () => {
  it('authorize refuses a wrong client id and unknown scopes; the exchange refuses as documented, and a code works once', async () => {
    fake = await startFakeSlack({ oauth: APP, teams: [secondWorkspace()] });
    expect((await fetch(`${fake.authorizeUrl}?client_id=nope&scope=chat:write`, { redirect: 'manual' })).status).toBe(400);
    expect(await (await fetch(`${fake.authorizeUrl}?client_id=${APP.clientId}&scope=chat:write,admin`, { redirect: 'manual' })).text()).toBe('invalid_scope: admin');
    const code = await approve(IDS_B.team);
    expect(await api('oauth.v2.access', { client_id: 'nope', client_secret: APP.clientSecret, code })).toEqual({ ok: false, error: 'invalid_client_id' });
    expect(await api('oauth.v2.access', { client_id: APP.clientId, client_secret: 'wrong', code })).toEqual({ ok: false, error: 'bad_client_secret' });
    expect(await api('oauth.v2.access', { client_id: APP.clientId, client_secret: APP.clientSecret, code: 'made-up' })).toEqual({ ok: false, error: 'invalid_code' });
    expect(await api('oauth.v2.access', { client_id: APP.clientId, client_secret: APP.clientSecret, code, redirect_uri: 'https://elsewhere/' })).toEqual({ ok: false, error: 'bad_redirect_uri' });
    const ok = await api('oauth.v2.access', { client_id: APP.clientId, client_secret: APP.clientSecret, code });
    expect(ok).toMatchObject({
      ok: true,
      token_type: 'bot',
      scope: 'commands,chat:write',
      bot_user_id: IDS_B.botUser,
      app_id: IDS.app,
      team: { id: IDS_B.team, name: 'Second Team' },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: 'U0INSTALL' },
    });
    expect(String(ok.access_token)).toMatch(/^xoxb-/);
    expect(await api('oauth.v2.access', { client_id: APP.clientId, client_secret: APP.clientSecret, code })).toEqual({ ok: false, error: 'invalid_code' });
    // HTTP Basic, as the docs prefer, works too.
    const basic = `Basic ${Buffer.from(`${APP.clientId}:${APP.clientSecret}`).toString('base64')}`;
    const res = await fetch(`${fake.apiUrl}oauth.v2.access`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${await approve(IDS.team)}` });
    expect(await res.json()).toMatchObject({ ok: true, team: { id: IDS.team } });
  });

  it('a token works in its own workspace only, with the scopes granted; revoked is token_revoked, never issued is invalid_auth', async () => {
    fake = await startFakeSlack({ oauth: APP, teams: [secondWorkspace()] });
    const exchange = async (team: string, scope?: string) =>
      String((await api('oauth.v2.access', { client_id: APP.clientId, client_secret: APP.clientSecret, code: await approve(team, scope) })).access_token);
    const tokenA = await exchange(IDS.team);
    const tokenB = await exchange(IDS_B.team, 'commands');
    expect(await api('auth.test', {}, tokenB)).toMatchObject({ ok: true, team_id: IDS_B.team, user_id: IDS_B.botUser });
    expect(await api('chat.postMessage', { channel: IDS.quizChannel, text: 'hi' }, tokenA)).toMatchObject({ ok: true });
    // B's channel does not exist for A's token.
    expect(await api('chat.postMessage', { channel: IDS_B.quizChannel, text: 'hi' }, tokenA)).toMatchObject({ ok: false, error: 'channel_not_found' });
    // B granted only `commands`: posting needs chat:write.
    expect(await api('chat.postMessage', { channel: IDS_B.quizChannel, text: 'hi' }, tokenB)).toMatchObject({ ok: false, error: 'missing_scope', needed: 'chat:write' });
    fake.installs!.uninstall(IDS.team);
    expect(await api('auth.test', {}, tokenA)).toEqual({ ok: false, error: 'token_revoked' });
    expect(await api('auth.test', {}, tokenB)).toMatchObject({ ok: true });
    expect(await api('auth.test', {}, 'xoxb-never-issued')).toEqual({ ok: false, error: 'invalid_auth' });
    // A reinstall issues a new token that works; the old one stays revoked.
    const again = await exchange(IDS.team);
    expect(await api('auth.test', {}, again)).toMatchObject({ ok: true, team_id: IDS.team });
    expect(await api('auth.test', {}, tokenA)).toEqual({ ok: false, error: 'token_revoked' });
  });
});
