/** The whole Slack scenario with exactly the scopes slack/manifest.yml asks for (read from the file, not copied). */
import { afterEach, describe, expect, it } from 'vitest';
import { manifestEvents, manifestScopes } from '../../fakes/slack/manifest.ts';
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
});
