/** Slack installed into any workspace: Bolt's OAuth flow, sealed installations, the right token for each workspace, uninstalls. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../../src/adapters/slack/scopes.ts';
import { IDS, IDS_B, startOAuthWorld, T0, type OAuthWorld } from './oauth-harness.ts';

let w: OAuthWorld | undefined;
afterEach(async () => {
  await w?.stop(true);
  w = undefined;
});

/** Installs both workspaces; returns each one's bot token as the fake issued it. */
async function installBoth(world: OAuthWorld) {
  const a = await world.install(IDS.team, IDS.admin);
  const b = await world.install(IDS_B.team, IDS_B.admin);
  expect([a.status, b.status]).toEqual([200, 200]);
  const [tokenA] = world.fake.installs!.tokensOf(IDS.team);
  const [tokenB] = world.fake.installs!.tokensOf(IDS_B.team);
  return { tokenA: tokenA!, tokenB: tokenB!, a, b };
}

describe('Slack OAuth distribution', () => {
  it('installs through /slack/install → Slack → /slack/oauth_redirect, and stores the installation sealed', async () => {
    w = await startOAuthWorld();
    const first = await w.install(IDS.team, IDS.admin);
    expect(first.status).toBe(200);
    const authorize = new URL(first.authorizeUrl);
    expect(authorize.origin + authorize.pathname).toBe(w.fake.authorizeUrl);
    expect(authorize.searchParams.get('client_id')).toBe('1111111111.2222222222');
    expect(authorize.searchParams.get('scope')?.split(',')).toEqual([...BOT_SCOPES]);
    expect(new URL(first.redirect).pathname).toBe('/slack/oauth_redirect');
    // The code went back to Slack once, with the app's credentials.
    const exchange = w.fake.callsTo('oauth.v2.access');
    expect(exchange).toHaveLength(1);
    expect(exchange[0]!.response).toMatchObject({ ok: true, token_type: 'bot', team: { id: IDS.team } });
    const [token] = w.fake.installs!.tokensOf(IDS.team);
    const row = await w.store.installations.get({ platform: 'slack', workspace: IDS.team });
    expect(row?.keyId).toMatch(/^[0-9a-f]{12}$/);
    // Sealed: neither the token nor the team's name is readable in the row, the database file or the logs.
    expect(row!.sealed).not.toContain(token!);
    expect(row!.sealed).not.toContain('xoxb-');
    w.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(w.dir, 'stepwise.db')).includes(Buffer.from('xoxb-'))).toBe(false);
    expect(JSON.stringify(w.logs.entries)).not.toContain('xoxb-');
    expect(w.logs.entries.find((l) => l.event === 'slack.installed')?.fields).toMatchObject({ workspace: IDS.team });
    // The same code a second time, or a forged state, installs nothing.
    const replay = await fetch(first.redirect);
    expect(replay.status).toBeGreaterThanOrEqual(400);
    expect(w.fake.callsTo('oauth.v2.access')).toHaveLength(1);
  });

  it('two workspaces installed: commands, drops and reveals in each use that workspace’s own token', async () => {
    w = await startOAuthWorld();
    const { tokenA, tokenB } = await installBoth(w);
    expect(tokenA).not.toBe(tokenB);
    const { a, b } = w.teams;
    for (const t of [a, b]) {
      const reply = await (await w.command(t.team, t.admin, t.adminName, t.channel, 'drop')).response();
      expect(JSON.stringify(reply.body)).not.toContain('⚠️');
    }
    const posts = w.fake.callsTo('chat.postMessage').filter((c) => c.response.ok);
    expect(posts.map((c) => [c.body.channel, c.token])).toEqual([
      [a.channel, tokenA],
      [b.channel, tokenB],
    ]);
    // Admin rights were asked of each workspace with its own token.
    expect(w.fake.callsTo('users.info').map((c) => [c.body.user, c.token])).toEqual([
      [a.admin, tokenA],
      [b.admin, tokenB],
    ]);
    // Reveals are outside any listener: the core closes the drops when their window ends.
    const since = w.fake.calls.length;
    w.clock.set(T0 + 2 * 3_600_000);
    await w.tutor.closeDue(T0 + 2 * 3_600_000);
    const updates = w.fake.calls.slice(since).filter((c) => c.method === 'chat.update');
    expect(updates.map((c) => [c.body.channel, c.token, c.response.ok])).toEqual(expect.arrayContaining([
      [a.channel, tokenA, true],
      [b.channel, tokenB, true],
    ]));
    expect(w.fake.calls.filter((c) => c.response.ok === false).map((c) => `${c.method}:${String(c.response.error)}`)).toEqual([]);
  });
});
