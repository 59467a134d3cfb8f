/**
 * One instance holding some of the bot's shards (DISCORD_SHARDS=0, DISCORD_SHARD_COUNT=2) posts, reacts,
 * reveals and checks channels in a guild of a shard it does not hold: that guild is never in its cache, so
 * the port reads it over REST, fresh each time, and leaves the cache as the gateway made it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/core/types.ts';
import { DEFAULT_BOT_PERMISSIONS, Perm, type FakeGuild } from '../../fakes/discord/index.ts';
import { shardOf } from '../../fakes/discord/entities.ts';
import { startHarness, textOf, type Body, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

const HOUR = 3_600_000;

/** A bot holding shard 0 of 2, and a second guild on shard 1 (events there go to another instance). */
async function start(): Promise<{ other: FakeGuild; ref: ChannelRef }> {
  h = await startHarness({ guildId: null, shards: { ids: [0], count: 2 }, fake: { requiredShards: 2 } });
  const other = h.fake.addGuild({ name: 'Held elsewhere', shard: [1, 2] });
  return { other, ref: { platform: 'discord', workspace: other.id, channel: other.channel.id } };
}

describe('an instance holding shard 0 of 2', () => {
  it('identifies with its shard only and is given only that shard’s guild', async () => {
    const { other } = await start();
    expect(shardOf(h.fake.state.guild.id, 2)).toBe(0);
    expect(shardOf(other.id, 2)).toBe(1);
    const identify = await h.fake.waitForGateway('identify');
    expect((identify.detail as { shard: number[] }).shard).toEqual([0, 2]);
    expect(h.fake.identifyCount).toBe(1);
    expect(h.bot.log.find((l) => l.event === 'discord.ready')?.fields).toMatchObject({ shards: [0], shardCount: 2, guilds: 1 });
  });

  it('posts a scheduled drop, its reactions and its reveal in a guild it does not hold, over REST', async () => {
    const { other, ref } = await start();
    const { tutor, clock } = h.bot;
    const schedule = await tutor.addSchedule({ channel: ref, cron: '0 9 * * *', by: h.admin.id }, clock.t);
    const drop = await tutor.fireSchedule(schedule.id, clock.t, clock.t);
    expect(drop?.state).toBe('open');
    const posts = h.fake.callsTo('POST', `/channels/${other.channel.id}/messages`).filter((c) => c.status === 200);
    const question = posts.map((c) => c.body as Body).find((b) => b.nonce === `sw-drop-${drop!.id}`);
    expect(question?.components?.[0]?.components.map((b) => b.custom_id)).toEqual([...['A', 'B', 'C', 'D'].map((l) => `stepwise:answer:${drop!.id}:${l}`), `stepwise:hint:${drop!.id}`]);
    expect(question?.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(drop?.messageRef).toBeTruthy();
    // All four reactions, through the channel read over REST (message.react() would need it cached).
    await h.fake.waitForCall('PUT', new RegExp(`^/channels/${other.channel.id}/messages/${drop!.messageRef}/reactions/.+/@me$`), { nth: 4, where: (c) => c.status === 204 });

    clock.t += 25 * HOUR;
    await tutor.closeDue(clock.t);
    const edit = await h.fake.waitForCall('PATCH', `/channels/${other.channel.id}/messages/${drop!.messageRef}`);
    expect(edit.status).toBe(200);
    const reveal = await h.fake.waitForCall('POST', `/channels/${other.channel.id}/messages`, { where: (c) => (c.body as Body).nonce === `sw-reveal-${drop!.id}` });
    expect(reveal.status).toBe(200);
    // The bot has Read Message History there (read from the guild's roles over REST): the reveal replies to the question.
    expect((reveal.body as Body).message_reference?.message_id).toBe(drop!.messageRef);
    expect(textOf(reveal.body as Body)).toMatch(/Data Preparation/);
    // Read over REST each time: the guild, the bot's member and the channel, for the post and for the reveal.
    expect(h.fake.callsTo('GET', `/guilds/${other.id}`).length).toBeGreaterThanOrEqual(2);
    // The guild it holds still comes from the cache: no REST read of it.
    expect(h.fake.callsTo('GET', `/guilds/${h.fake.state.guild.id}`)).toEqual([]);
  });

  it('checks a channel there with permissions read fresh, so a role changed since counts at once', async () => {
    const { other, ref } = await start();
    expect(await h.bot.adapter.port.checkChannel!(ref)).toBeNull();
    // GUILD_ROLE_UPDATE goes to shard 1's instance, not this one: only a fresh read can see the change.
    h.fake.setBotPermissions(DEFAULT_BOT_PERMISSIONS & ~Perm.EmbedLinks, other.id);
    expect(await h.bot.adapter.port.checkChannel!(ref)).toBe(
      `I can't post questions in <#${other.channel.id}>: I'm missing Embed Links there. Give the Stepwise role that permission in the channel's settings, then try again.`,
    );
    // The refusal comes from the check: nothing was sent to be refused with a 403.
    expect(h.fake.callsTo('POST', `/channels/${other.channel.id}/messages`)).toEqual([]);
  });

  it('takes a thread there its parent channel’s permissions (the parent is read too)', async () => {
    const { other } = await start();
    h.fake.setOverwrite(other.channel.id, { id: other.roles.bot, type: 0, allow: '0', deny: String(Perm.SendMessagesInThreads) });
    const thread = h.fake.addThread({ parentId: other.channel.id });
    const ref = { platform: 'discord', workspace: other.id, channel: thread.id };
    expect(await h.bot.adapter.port.checkChannel!(ref)).toMatch(/I'm missing Send Messages in Threads there\. Give the Stepwise role that permission in the thread's parent channel/);
  });

  it('refuses a channel of another server named with this guild, and a guild the bot is not in', async () => {
    const { other } = await start();
    const port = h.bot.adapter.port;
    expect(await port.checkChannel!({ platform: 'discord', workspace: other.id, channel: h.fake.state.channel.id })).toMatch(/^I can't use <#\d+>: it is not a text channel/);
    expect(await port.checkChannel!({ platform: 'discord', workspace: '123456789012345678', channel: other.channel.id })).toMatch(/^I can't use <#\d+>: it is not a text channel/);
  });

  it('sends a DM for a guild it does not hold (no guild needed)', async () => {
    const { other } = await start();
    await h.bot.adapter.port.sendPrivate!({ platform: 'discord', workspace: other.id }, h.learner.id, { kind: 'text', text: 'Your review is due.', tone: 'info' });
    const dm = await h.fake.waitForCall('POST', /^\/channels\/\d+\/messages$/, { where: (c) => (c.body as Body).content === 'Your review is due.' || textOf(c.body as Body).includes('Your review is due.') });
    expect(dm.status).toBe(200);
  });
});
