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

describe('Slack OAuth: uninstalls and rotation', () => {
  it('scheduled drops go out in both workspaces; one uninstalled pauses there, keeps its scores, and the other keeps working', async () => {
    w = await startOAuthWorld();
    const { tokenA, tokenB } = await installBoth(w);
    const { a, b } = w.teams;
    for (const t of [a, b]) {
      const added = await (await w.command(t.team, t.admin, t.adminName, t.channel, 'schedule add "0 9 * * *"')).response();
      expect(JSON.stringify(added.body)).not.toContain('⚠️');
    }
    const schedules = async (team: string) => w!.tutor.listSchedules({ platform: 'slack', workspace: team });
    const [sa] = await schedules(a.team);
    const [sb] = await schedules(b.team);
    // Scheduled drops start outside any listener: each looks up its workspace's installation.
    const slot1 = Date.UTC(2026, 10, 27, 9, 0);
    w.clock.set(slot1);
    expect(await w.tutor.fireSchedule(sa!.id, slot1, slot1)).toMatchObject({ state: 'open' });
    expect(await w.tutor.fireSchedule(sb!.id, slot1, slot1)).toMatchObject({ state: 'open' });
    const drops = w.fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === undefined);
    expect(drops.map((c) => [c.body.channel, c.token, c.response.ok])).toEqual([
      [a.channel, tokenA, true],
      [b.channel, tokenB, true],
    ]);
    // Someone in B answers, so B has a score to keep.
    const answered = await (await w.command(b.team, b.member, 'ben', b.channel, 'answer b')).response();
    expect(answered.status).toBe(200);
    const scoresB = () => w!.db.prepare("SELECT COUNT(*) AS n FROM answers WHERE platform = 'slack' AND workspace = ?").get(b.team) as { n: number };
    expect(scoresB().n).toBe(1);

    // B removes the app: Slack revokes its token and sends app_uninstalled.
    w.fake.installs!.uninstall(b.team);
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.appUninstalled(), { teamId: b.team, authorizedUserId: IDS_B.botUser }));
    await w.logs.waitFor((l) => l.event === 'slack.channel_gone' && l.fields.workspace === b.team, 'B paused');
    await w.adapter.idle();
    expect(await w.store.installations.get({ platform: 'slack', workspace: b.team })).toBeUndefined();
    expect((await schedules(b.team)).map((s) => s.paused)).toEqual([true]);
    expect((await schedules(a.team)).map((s) => s.paused)).toEqual([false]);
    expect(scoresB().n).toBe(1);

    // Next day: A's slot posts with A's token; B's paused schedule posts nothing.
    const slot2 = slot1 + 86_400_000;
    w.clock.set(slot2);
    const since = w.fake.calls.length;
    expect(await w.tutor.fireSchedule(sa!.id, slot2, slot2)).toMatchObject({ state: 'open' });
    expect(await w.tutor.fireSchedule(sb!.id, slot2, slot2)).toBeNull();
    expect(w.fake.calls.slice(since).filter((c) => c.method === 'chat.postMessage' && c.body.thread_ts === undefined).map((c) => [c.body.channel, c.token])).toEqual([[a.channel, tokenA]]);
    // A's commands still work; nothing anywhere used B's dead token after the uninstall.
    const stats = await (await w.command(a.team, a.member, 'mia', a.channel, 'stats')).response();
    expect(stats.status).toBe(200);
    expect(w.fake.calls.slice(since).filter((c) => c.token === tokenB)).toEqual([]);
  });

  it('an installation gone while the bot was down: the next slot finds no token and pauses that schedule at once', async () => {
    w = await startOAuthWorld();
    await installBoth(w);
    const { b } = w.teams;
    await (await w.command(b.team, b.admin, b.adminName, b.channel, 'schedule add "0 9 * * *"')).response();
    const [sb] = await w.tutor.listSchedules({ platform: 'slack', workspace: b.team });
    // Deleted with no app_uninstalled reaching this process: the cached client goes with it.
    await w.adapter.installations!.remove(b.team);
    const slot = Date.UTC(2026, 10, 27, 9, 0);
    w.clock.set(slot);
    const since = w.fake.calls.length;
    await w.tutor.fireSchedule(sb!.id, slot, slot);
    expect((w.db.prepare('SELECT state FROM drops WHERE schedule_id = ?').get(sb!.id) as { state: string }).state).toBe('failed');
    expect(w.fake.calls.slice(since).filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    expect((await w.tutor.listSchedules({ platform: 'slack', workspace: b.team }))[0]!.paused).toBe(true);
    expect(w.logs.entries.find((l) => l.event === 'slack.api_failed' && l.fields.workspace === b.team)?.fields).toMatchObject({ error: 'not_installed' });
  });

  it('tokens_revoked for the bot deletes that installation only', async () => {
    w = await startOAuthWorld();
    await installBoth(w);
    const { a, b } = w.teams;
    // A user token revoked in A: not ours, nothing changes.
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.tokensRevoked({ oauth: [a.admin], bot: [] }), { teamId: a.team }));
    w.fake.installs!.uninstall(b.team);
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.tokensRevoked({ bot: [IDS_B.botUser] }), { teamId: b.team, authorizedUserId: IDS_B.botUser }));
    await w.logs.waitFor((l) => l.event === 'slack.installation_deleted', 'an installation deleted');
    await w.adapter.idle();
    expect(await w.store.installations.get({ platform: 'slack', workspace: a.team })).toBeDefined();
    expect(await w.store.installations.get({ platform: 'slack', workspace: b.team })).toBeUndefined();
  });

  it('rotating STEPWISE_SECRET: the previous secret still opens old rows, which start-up seals again with the new key', async () => {
    w = await startOAuthWorld();
    const { tokenA } = await installBoth(w);
    const oldKey = (await w.store.installations.get({ platform: 'slack', workspace: IDS.team }))!.keyId;
    const { dir, fake } = w;
    await w.stop();
    // Without the previous secret the rows cannot be opened: said in the log (no value in it), and start-up goes on.
    const NEW = 'rotated-stepwise-secret-9876543210-zyxw';
    w = await startOAuthWorld({ dir, fake, secret: NEW });
    expect(w.logs.entries.filter((l) => l.event === 'slack.installation_unreadable')).toHaveLength(2);
    expect(JSON.stringify(w.logs.entries)).not.toContain('xoxb-');
    await w.stop();
    w = await startOAuthWorld({ dir, fake, secret: NEW, previousSecret: 'test-stepwise-secret-0123456789-abcdef' });
    expect(w.logs.entries.find((l) => l.event === 'slack.installations_resealed')?.fields).toMatchObject({ count: 2 });
    const rows = await w.store.installations.all('slack');
    expect(rows.map((r) => r.keyId)).toEqual([rows[0]!.keyId, rows[0]!.keyId]);
    expect(rows[0]!.keyId).not.toBe(oldKey);
    // The resealed installation still works: a drop in A with A's token.
    const { a } = w.teams;
    await (await w.command(a.team, a.admin, a.adminName, a.channel, 'drop')).response();
    expect(w.fake.callsTo('chat.postMessage').at(-1)).toMatchObject({ token: tokenA, body: { channel: a.channel } });
  });
});
