/** A pack file shared with the bot in a Slack DM ("pack add"), through the real Bolt against the fake Slack. */
import { afterEach, describe, expect, it } from 'vitest';
import { packMarkdown } from '../../helpers/workspace-pack.ts';
import { IDS, sent, startSlackWorld, type SlackWorld } from './harness.ts';

let w: SlackWorld | undefined;
afterEach(async () => {
  await w?.cleanup();
  w = undefined;
});

const ONBOARDING = packMarkdown('onboarding', 'Onboarding', [{ id: 'door-one' }, { id: 'door-two' }]);

/** Shares `content` as `name` in `userId`'s DM with the bot, with `comment`; returns the bot's answer in that DM. */
async function share(world: SlackWorld, userId: string, name: string, content: string, comment = 'pack add') {
  const file = world.fake.addFile({ name, content, mimetype: 'text/markdown' });
  const dm = world.fake.state.dmWith(userId).id;
  const since = world.fake.calls.length;
  await world.sender.sendEvent(world.fake.payloads.eventEnvelope(world.fake.payloads.fileShareMessage({ text: comment, files: [file], userId, channelId: dm })));
  const posted = await world.fake.waitForCall('chat.postMessage', (c) => c.body.channel === dm, { since, timeoutMs: 5000 });
  return { file, text: JSON.stringify(posted.body) };
}

describe('/quiz pack add on Slack: a file shared in the bot’s DM', () => {
  it('an admin’s file becomes the workspace’s pack (downloaded with the bot token); /quiz packs shows it', async () => {
    w = await startSlackWorld();
    const { file, text } = await share(w, IDS.admin, 'onboarding.md', ONBOARDING);
    expect(text).toContain('Added pack \\"onboarding\\" (Onboarding): 2 question(s), for this workspace only.');
    expect(w.fake.downloads).toEqual([{ fileId: file.id, authorization: `Bearer ${w.fake.botToken}`, served: true }]);
    expect(sent((await (await w.command(IDS.member, 'packs')).response()))).toContain('Onboarding');
    expect((await w.tutor.packsIn({ platform: 'slack', workspace: IDS.team })).get('onboarding')!.questions).toHaveLength(2);
    // Another workspace on the same database never sees it.
    expect((await w.tutor.packsIn({ platform: 'slack', workspace: 'T0OTHER01' })).get('onboarding')).toBeUndefined();
  });

  it('a bad file is answered in the DM with its line numbers, and nothing is stored', async () => {
    w = await startSlackWorld();
    const broken = ONBOARDING.replace('answer: B', 'answer: Z');
    const { text } = await share(w, IDS.admin, 'broken.md', broken);
    expect(text).toContain('broken.md was not added: 1 error(s). Nothing was stored.');
    expect(text).toContain(`line ${broken.split('\n').indexOf('answer: Z') + 1}: `);
    expect(await w.tutor.deps.store.packs.list({ platform: 'slack', workspace: IDS.team })).toEqual([]);
  });

  it('a member may not add packs; a file without the "pack add" comment is left alone', async () => {
    w = await startSlackWorld();
    expect((await share(w, IDS.member, 'onboarding.md', ONBOARDING)).text).toContain('/quiz pack add is for admins');
    const dm = w.fake.state.dmWith(IDS.admin).id;
    const other = w.fake.addFile({ name: 'notes.md', content: 'hello' });
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.fileShareMessage({ text: 'my notes', files: [other], userId: IDS.admin, channelId: dm })));
    await w.adapter.idle();
    expect(w.fake.downloads.map((d) => d.fileId)).not.toContain(other.id);
  });

  it('without files:read Slack serves its sign-in page instead of the file: the admin is told which scope is missing', async () => {
    w = await startSlackWorld({ scopesFromManifest: true });
    expect(w.fake.scopes).toContain('files:read');
    await w.cleanup();
    w = await startSlackWorld({ scopes: ['commands', 'chat:write', 'users:read', 'im:history'] });
    const { text } = await share(w, IDS.admin, 'onboarding.md', ONBOARDING);
    expect(text).toContain('The app needs the files:read scope');
    expect(w.fake.downloads.map((d) => d.served)).toEqual([false]);
    expect(await w.tutor.deps.store.packs.list({ platform: 'slack', workspace: IDS.team })).toEqual([]);
  });

  it('/quiz pack add as a slash command says how to send the file', async () => {
    w = await startSlackWorld();
    expect(sent(await (await w.command(IDS.admin, 'pack add')).response())).toContain('on Slack share the file with me in a direct message with the comment');
  });
});
