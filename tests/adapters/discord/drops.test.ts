import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, textOf, type Body, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

const isDrop = (c: { body: unknown }) => Boolean((c.body as Body).embeds?.length);

describe('/quiz drop on Discord', () => {
  it('an admin posts the intro, then the embed with A-D buttons, then 🇦 🇧 🇨 🇩 in order', async () => {
    h = await startHarness();
    const { fake, admin } = h;
    const { dropId, messageId, reply } = await h.drop();

    // The command waited on the network, so it was deferred (ephemeral) and edited afterwards.
    expect(reply.deferred).toBe(true);
    expect(reply.flags).toBe(64);
    expect(reply.ms).toBeLessThan(3000);
    expect(textOf(reply.body)).toBe(`Posted question #${dropId} (easy) from “Why ML lifecycle stages in MLOps?”.`);

    const posts = fake.callsTo('POST', h.channelMessages);
    expect(posts.map((p) => (isDrop(p) ? 'drop' : 'intro'))).toEqual(['intro', 'drop']);
    const intro = posts[0]!.body as Body;
    expect(intro.content).toContain('📖 **New lesson: Why ML lifecycle stages in MLOps?**');
    expect(intro.content).toContain('What if you could stop guessing and start building ML models with confidence every time?');
    expect(intro.content).toContain('`/quiz learn pack:ml-lifecycle`');

    const body = posts[1]!.body as Body;
    const embed = body.embeds![0]!;
    expect(embed.title).toBe(`Question #${dropId} · easy`);
    expect(embed.author?.name).toBe('📝 Why ML lifecycle stages in MLOps?');
    expect(embed.description).toBe(
      'Which stage in the ML lifecycle involves collecting and preparing data for training?\n\n**A)** Model Training\n**B)** Data Preparation\n**C)** Model Monitoring\n**D)** Model Deployment',
    );
    expect(embed.fields?.[0]?.value).toMatch(/^Tap a letter, react with 🇦 🇧 🇨 🇩, or use `\/quiz answer`\. Closes <t:\d+:f>/);
    expect(body.components).toHaveLength(1);
    expect(body.components![0]!.components.map((b) => [b.label, b.custom_id])).toEqual([
      ...['A', 'B', 'C', 'D'].map((l) => [l, `stepwise:answer:${dropId}:${l}`]),
      ['Hint', `stepwise:hint:${dropId}`],
    ]);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body.nonce).toBe(`sw-drop-${dropId}`);

    await h.reactions(messageId);
    // The reaction bucket (one per 250 ms per channel) may answer one 429 that discord.js waits out.
    const reactions = fake.callsTo('PUT', new RegExp(`/messages/${messageId}/reactions/`)).filter((c) => c.status === 204).map((c) => c.path.split('/')[6]);
    expect(reactions).toEqual(['🇦', '🇧', '🇨', '🇩']);
    expect(fake.state.messages.get(messageId)?.reactions?.map((r) => r.emoji.name)).toEqual(['🇦', '🇧', '🇨', '🇩']);

    const row = h.bot.db.prepare('SELECT state, message_ref, created_by FROM drops WHERE id = ?').get(dropId);
    expect(row).toEqual({ state: 'open', message_ref: messageId, created_by: admin.id });
  });

  it('refuses a member without Manage Server and posts nothing; the check runs on every call', async () => {
    h = await startHarness();
    const { fake, learner } = h;
    const refused = await h.reply(h.slash(learner.id, 'drop'));
    expect(refused).toMatchObject({ deferred: false, flags: 64 });
    expect(refused.body.content).toBe('/quiz drop is for admins. Ask an admin, or get your id added to STEPWISE_ADMINS.');
    expect(fake.callsTo('POST', h.channelMessages)).toEqual([]);
    expect(h.bot.db.prepare('SELECT COUNT(*) AS n FROM drops').get()).toEqual({ n: 0 });

    // Granting Manage Server takes effect on the next call, and so does taking it away.
    fake.setManageGuild(learner.id, true);
    const allowed = await h.reply(h.slash(learner.id, 'drop'));
    expect(textOf(allowed.body)).toMatch(/^Posted question #1 /);
    fake.setManageGuild(learner.id, false);
    const again = await h.reply(h.slash(learner.id, 'close'));
    expect(again.body.content).toBe('/quiz close is for admins. Ask an admin, or get your id added to STEPWISE_ADMINS.');
    expect((await h.bot.tutor.openDrop(h.bot.channel))?.id).toBe(1);
  });

  it('treats a user listed in STEPWISE_ADMINS as an admin without any Discord permission', async () => {
    h = await startHarness({ admins: (fake) => [fake.state.users.learner.id] });
    const reply = await h.reply(h.slash(h.learner.id, 'drop'));
    expect(textOf(reply.body)).toMatch(/^Posted question #1 /);
    expect(h.fake.callsTo('POST', h.channelMessages).filter(isDrop)).toHaveLength(1);
  });

  it('posts an intro only before a pack’s first drop in the channel', async () => {
    h = await startHarness();
    await h.drop();
    await h.drop();
    const posts = h.fake.callsTo('POST', h.channelMessages).filter((c) => !(c.body as Body).message_reference);
    expect(posts.map((p) => (isDrop(p) ? 'drop' : 'intro'))).toEqual(['intro', 'drop', 'drop']);
  });
});
