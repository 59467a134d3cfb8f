/** `/quiz pack add` with a Discord attachment, through the real discord.js against the fake Discord and its CDN. */
import { afterEach, describe, expect, it } from 'vitest';
import { PACK_LIMITS } from '../../../src/core/workspace-packs.ts';
import { packMarkdown } from '../../helpers/workspace-pack.ts';
import { startHarness, textOf, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

const ONBOARDING = packMarkdown('onboarding', 'Onboarding', [{ id: 'door-one' }, { id: 'door-two' }]);

/** `/quiz pack add` from the admin with `file` attached, in `channelId` (default: the seeded server's channel). */
async function addPack(filename: string, content: string | Uint8Array, channelId?: string) {
  const { fake } = h;
  const file = fake.addAttachment({ filename, content, contentType: 'text/markdown; charset=utf-8', ...(channelId ? { channelId } : {}) });
  const payload = fake.interact(
    fake.payloads.chatInputInteraction({ userId: h.admin.id, group: 'pack', subcommand: 'add', options: [{ name: 'file', type: 11, value: file.id }], ...(channelId ? { channelId } : {}) }),
  );
  return { file, reply: await h.reply(payload) };
}

describe('/quiz pack on Discord', () => {
  it('adds a pack from an attachment (fetched from the CDN without the bot token) for that server only: list, autocomplete and drop', async () => {
    h = await startHarness();
    const { fake } = h;
    const other = fake.addGuild({ name: 'Other server' });
    const { file, reply } = await addPack('onboarding.md', ONBOARDING);
    expect(reply.flags).toBe(64);
    expect(textOf(reply.body)).toContain('Added pack "onboarding" (Onboarding): 2 question(s), for this workspace only.');
    const cdn = fake.calls.filter((c) => c.path.startsWith('/attachments/'));
    expect(cdn.map((c) => [c.path, c.status, c.headers.authorization])).toEqual([[`/attachments/${fake.state.channel.id}/${file.id}/onboarding.md`, 200, null]]);

    const packsIn = async (channelId?: string) => {
      const payload = fake.interact(fake.payloads.chatInputInteraction({ userId: h.learner.id, subcommand: 'packs', ...(channelId ? { channelId } : {}) }));
      return textOf((await h.reply(payload)).body);
    };
    expect(await packsIn()).toContain('Onboarding');
    expect(await packsIn(other.channel.id)).not.toContain('Onboarding');

    const complete = async (value: string, channelId?: string, where: { group?: string; subcommand: string; option: string } = { subcommand: 'drop', option: 'pack' }) => {
      const { option, ...path } = where;
      const payload = fake.interact(fake.payloads.autocompleteInteraction({ userId: h.admin.id, ...path, focused: { name: option, value }, ...(channelId ? { channelId } : {}) }));
      const call = await fake.waitForCall('POST', `/interactions/${payload.id}/${payload.token}/callback`);
      return (call.body as { data: { choices: { value: string }[] } }).data.choices.map((c) => c.value);
    };
    expect(await complete('onb')).toEqual(['onboarding']);
    expect(await complete('onb', other.channel.id)).toEqual([]);
    // Export, removal and an approval's target offer the server's own packs only, never a built-in.
    expect(await complete('')).toContain('ml-lifecycle');
    expect(await complete('', undefined, { group: 'pack', subcommand: 'export', option: 'id' })).toEqual(['onboarding']);
    expect(await complete('', undefined, { group: 'suggestions', subcommand: 'approve', option: 'pack' })).toEqual(['onboarding']);
    expect(await complete('', other.channel.id, { group: 'pack', subcommand: 'remove', option: 'id' })).toEqual([]);

    const refused = await h.reply(fake.interact(fake.payloads.chatInputInteraction({ userId: h.admin.id, subcommand: 'drop', options: { pack: 'onboarding' }, channelId: other.channel.id })));
    expect(textOf(refused.body)).toContain('There is no pack "onboarding"');
    const { reply: dropped } = await h.drop('onboarding');
    expect(dropped.flags).toBe(64);
    const posted = fake.callsTo('POST', h.channelMessages).map((c) => JSON.stringify(c.body));
    expect(posted.some((b) => b.includes('Onboarding') && b.includes('Which badge opens door'))).toBe(true);
  });

  it('a bad file is refused with its line numbers, privately, and nothing is stored', async () => {
    h = await startHarness();
    const broken = ONBOARDING.replace('answer: B', 'answer: Z');
    const { reply } = await addPack('broken.md', broken);
    const line = broken.split('\n').indexOf('answer: Z') + 1;
    expect(reply.flags).toBe(64);
    expect(textOf(reply.body)).toContain('broken.md was not added: 1 error(s). Nothing was stored.');
    expect(textOf(reply.body)).toContain(`line ${line}: `);
    expect(await h.bot.tutor.deps.store.packs.list(h.bot.channel)).toEqual([]);
  });

  it('an attachment over the size limit is refused by its announced size, without downloading it', async () => {
    h = await startHarness();
    const { reply } = await addPack('big.md', new Uint8Array(PACK_LIMITS.bytes + 1).fill(65));
    expect(textOf(reply.body)).toContain('a pack file may be at most 1.0 MiB');
    expect(h.fake.calls.filter((c) => c.path.startsWith('/attachments/'))).toEqual([]);
  });

  it('members cannot add packs; the fake CDN refuses a URL without its signature', async () => {
    h = await startHarness();
    const { fake } = h;
    const file = fake.addAttachment({ filename: 'x.md', content: ONBOARDING });
    const payload = fake.interact(fake.payloads.chatInputInteraction({ userId: h.learner.id, group: 'pack', subcommand: 'add', options: [{ name: 'file', type: 11, value: file.id }] }));
    expect(textOf((await h.reply(payload)).body)).toContain('/quiz pack add is for admins');
    const unsigned = await fetch(file.url.replace(/hm=[0-9a-f]+/, 'hm=00'));
    expect([unsigned.status, await unsigned.text()]).toEqual([404, 'This content is no longer available.']);
  });
});
