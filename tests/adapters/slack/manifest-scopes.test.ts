/** The whole Slack scenario with exactly the scopes slack/manifest.yml asks for (read from the file, not copied). */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../../src/adapters/slack/scopes.ts';
import { DISTRIBUTED_MANIFEST_PATH, manifestEvents, manifestList, manifestScopes, manifestValue } from '../../fakes/slack/manifest.ts';
import { IDS, sent, startSlackWorld, type SlackWorld } from './harness.ts';

let w: SlackWorld | undefined;
afterEach(async () => {
  await w?.cleanup();
  w = undefined;
});

describe('Slack with the manifest’s scopes', () => {
  it('schedules, drops, answers by button, reaction and command, closes, App Home and a DM: no missing_scope anywhere', async () => {
    w = await startSlackWorld({ scopesFromManifest: true });
    expect(w.fake.scopes).toEqual(manifestScopes());
    const added = await (await w.command(IDS.admin, 'schedule add "0 9 * * *"')).response();
    expect(sent(added)).not.toContain('⚠️');
    const { ts, dropId } = await w.drop(IDS.admin);
    let since = w.mark();
    await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_answer_b', value: `${dropId}:B`, userId: IDS.member, messageTs: ts }));
    await w.ephemeralTo(IDS.member, since);
    since = w.mark();
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.reactionAdded({ userId: IDS.owner, reaction: 'one', itemTs: ts })));
    await w.ephemeralTo(IDS.owner, since);
    await (await w.command(IDS.guest, 'answer c')).response();
    await (await w.command(IDS.member, 'result')).response();
    await (await w.command(IDS.admin, 'close')).response();
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.appHomeOpened({ userId: IDS.member })));
    await w.fake.waitForCall('views.publish');
    await w.port().sendPrivate!({ platform: 'slack', workspace: IDS.team }, IDS.outsider, { kind: 'text', text: 'hello', tone: 'info' });
    await w.adapter.idle();
    const refused = w.fake.calls.filter((c) => c.response.error === 'missing_scope');
    expect(refused).toEqual([]);
    expect(new Set(w.fake.calls.map((c) => c.method))).toEqual(
      new Set(['auth.test', 'users.info', 'conversations.info', 'chat.postMessage', 'reactions.add', 'chat.postEphemeral', 'chat.update', 'views.publish', 'conversations.open']),
    );
  });

  it('the manifest subscribes to every event the adapter handles', () => {
    expect(manifestEvents().sort()).toEqual(
      ['app_home_opened', 'app_uninstalled', 'channel_archive', 'channel_left', 'group_archive', 'member_left_channel', 'message.im', 'reaction_added', 'tokens_revoked'].sort(),
    );
  });

  it('the app asks the same scopes everywhere: both manifests and the OAuth install (BOT_SCOPES)', () => {
    expect(manifestScopes().sort()).toEqual([...BOT_SCOPES].sort());
    expect(manifestScopes(DISTRIBUTED_MANIFEST_PATH).sort()).toEqual([...BOT_SCOPES].sort());
    expect(manifestEvents(DISTRIBUTED_MANIFEST_PATH).sort()).toEqual(manifestEvents().sort());
  });

  it('both manifests turn interactivity on: buttons, and the view_submission of the suggestion modals (no extra scope)', () => {
    expect(manifestValue(['settings', 'interactivity', 'is_enabled'])).toBe('true');
    expect(manifestValue(['settings', 'interactivity', 'is_enabled'], DISTRIBUTED_MANIFEST_PATH)).toBe('true');
  });

  it('the distribution manifest is HTTP mode with Bolt’s redirect and events paths', () => {
    const file = DISTRIBUTED_MANIFEST_PATH;
    expect(manifestValue(['settings', 'socket_mode_enabled'], file)).toBe('false');
    expect(manifestValue(['settings', 'socket_mode_enabled'])).toBe('true');
    expect(manifestList(['oauth_config', 'redirect_urls'], file).map((u) => new URL(u).pathname)).toEqual(['/slack/oauth_redirect']);
    expect(new URL(manifestValue(['settings', 'event_subscriptions', 'request_url'], file)!).pathname).toBe('/slack/events');
    expect(new URL(manifestValue(['settings', 'interactivity', 'request_url'], file)!).pathname).toBe('/slack/events');
    // The /quiz command's url sits in a list item; read it from the text.
    expect(new URL(/^\s+url:\s*(\S+)/m.exec(readFileSync(file, 'utf8'))![1]!).pathname).toBe('/slack/events');
  });
});
