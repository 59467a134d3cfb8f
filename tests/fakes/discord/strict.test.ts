/**
 * The fake refuses what Discord refuses. Each test names the documented fact it comes from; the client is
 * the real discord.js, so a refusal here is what a bot would see live.
 */
import { Client, Events, GatewayIntentBits, Partials, type TextChannel } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { commandSize } from './commands.ts';
import { nextEvent, Perm, startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from './index.ts';

let fake: FakeDiscord;
const clients: Client[] = [];

async function start(options: FakeDiscordOptions = {}, clientOptions: { shards?: 'auto' | number[]; shardCount?: number } = {}): Promise<Client> {
  fake = await startFakeDiscord(options);
  const c = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.DirectMessages],
    partials: [Partials.Message, Partials.Reaction, Partials.Channel, Partials.User],
    rest: { api: fake.apiUrl },
    ...clientOptions,
  });
  clients.push(c);
  const ready = nextEvent(c, Events.ClientReady);
  await c.login(fake.token);
  await ready;
  return c;
}

const text = (c: Client, id = fake.state.channel.id) => c.channels.fetch(id) as Promise<TextChannel>;
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${fake.apiUrl}/v10${path}`, { ...init, headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json', ...init.headers } });

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  const unknown = fake.unknownRoutes().map((c) => `${c.method} ${c.path}`);
  await fake.close();
  expect(unknown).toEqual([]);
});

describe('application commands', () => {
  it('refuses a command over 8000 characters of names, descriptions and choices, counting the longest localization (application-commands docs)', async () => {
    const c = await start();
    const subs = Array.from({ length: 25 }, (_, n) => ({ type: 1, name: `sub${n + 10}`, description: 'd'.repeat(100) }));
    /** 3 groups of 25 subcommands: 4 + 88 + 3 × (4 + 7 + 25 × 105) = 8000 with `first` (7) the first group's description. */
    const command = (first: string, localized?: string) => ({
      name: 'quiz',
      description: 'q'.repeat(88),
      options: [0, 1, 2].map((g) => ({
        type: 2,
        name: `grp${g}`,
        description: g === 0 ? first : 'g'.repeat(7),
        ...(g === 0 && localized ? { description_localizations: { fr: localized } } : {}),
        options: subs,
      })),
    });
    expect(commandSize(command('g'.repeat(7)))).toBe(8000);
    await expect(c.application!.commands.set([command('g'.repeat(7)) as never], fake.state.guild.id)).resolves.toBeDefined();
    await expect(c.application!.commands.set([command('g'.repeat(8)) as never], fake.state.guild.id)).rejects.toMatchObject({
      code: 50035,
      rawError: { errors: { 0: { _errors: [{ code: 'APPLICATION_COMMAND_TOO_LARGE', message: 'Command exceeds maximum size (8000)' }] } } },
    });
    // A localization longer than its default counts instead of it.
    await expect(c.application!.commands.set([command('g'.repeat(7), 'l'.repeat(8)) as never], fake.state.guild.id)).rejects.toMatchObject({ code: 50035 });
  });
});

describe('permissions, as Discord computes them', () => {
  it('applies channel overwrites: a role deny beats the role grant, a member allow beats the role deny (Permissions, "Permission Overwrites")', async () => {
    const c = await start();
    const { bot, everyone } = fake.state.roles;
    const quiet = fake.addChannel({ name: 'quiet', overwrites: [{ id: bot, type: 0, allow: '0', deny: String(Perm.SendMessages) }] });
    await expect((await text(c, quiet.id)).send('hi')).rejects.toMatchObject({ status: 403, code: 50013 });
    fake.setOverwrite(quiet.id, { id: fake.state.bot.id, type: 1, allow: String(Perm.SendMessages), deny: '0' });
    await expect((await text(c, quiet.id)).send('hi')).resolves.toMatchObject({ content: 'hi' });
    // Without View Channel nothing else applies ("Implicit Permissions"): 50001 Missing Access.
    fake.setOverwrite(quiet.id, { id: everyone, type: 0, allow: '0', deny: String(Perm.ViewChannel) });
    fake.setOverwrite(quiet.id, { id: bot, type: 0, allow: '0', deny: String(Perm.ViewChannel) });
    fake.setOverwrite(quiet.id, { id: fake.state.bot.id, type: 1, allow: '0', deny: '0' });
    const refused = await api(`/channels/${quiet.id}/messages`, { method: 'POST', body: JSON.stringify({ content: 'hi' }) });
    expect([refused.status, ((await refused.json()) as { code: number }).code]).toEqual([403, 50001]);
  });

  it('refuses an embed-only message without Embed Links, and drops embeds sent beside content (discord-api-docs#2601)', async () => {
    const c = await start({ botPermissions: Perm.ViewChannel | Perm.SendMessages | Perm.ReadMessageHistory });
    const channel = await text(c);
    await expect(channel.send({ embeds: [{ title: 'Question' }] })).rejects.toMatchObject({ status: 403, code: 50013 });
    const sent = await channel.send({ content: 'text', embeds: [{ title: 'Question' }] });
    expect(fake.state.messages.get(sent.id)?.embeds).toEqual([]);
  });

  it('refuses a reply without Read Message History: 160002 "Cannot reply without permission to read message history"', async () => {
    const c = await start({ botPermissions: Perm.ViewChannel | Perm.SendMessages | Perm.EmbedLinks, everyonePermissions: 0n });
    const channel = await text(c);
    const first = await channel.send('question');
    await expect(channel.send({ content: 'reveal', reply: { messageReference: first.id } })).rejects.toMatchObject({ status: 403, code: 160002 });
    await expect(channel.send('reveal')).resolves.toMatchObject({ content: 'reveal' });
  });

  it('refuses removing someone’s reaction with 60003 when the server requires 2FA and the bot owner has none (Permissions table, 2FA marks)', async () => {
    const c = await start({ requireMfa: true, ownerHasMfa: false });
    const message = await (await text(c)).send('question');
    fake.dispatch('MESSAGE_REACTION_ADD', fake.payloads.reactionAdd({ messageId: message.id, emoji: '🇦' }));
    const path = `/channels/${fake.state.channel.id}/messages/${message.id}/reactions/${encodeURIComponent('🇦')}/${fake.state.users.learner.id}`;
    const res = await api(path, { method: 'DELETE' });
    expect([res.status, ((await res.json()) as { code: number }).code]).toEqual([403, 60003]);
    // Sending needs no 2FA-marked permission.
    await expect((await text(c)).send('still fine')).resolves.toBeDefined();
  });
});

describe('threads and forums', () => {
  it('needs Send Messages in Threads in a thread; Send Messages alone is not enough (Permissions: "does not allow sending messages in threads")', async () => {
    const c = await start({ botPermissions: Perm.ViewChannel | Perm.SendMessages | Perm.EmbedLinks | Perm.ReadMessageHistory });
    const thread = fake.addThread({ parentId: fake.state.channel.id });
    const res = await api(`/channels/${thread.id}/messages`, { method: 'POST', body: JSON.stringify({ content: 'hi' }) });
    expect([res.status, ((await res.json()) as { code: number }).code]).toEqual([403, 50013]);
    fake.setBotPermissions(Perm.ViewChannel | Perm.SendMessagesInThreads);
    await expect((await text(c, thread.id)).send('hi')).resolves.toMatchObject({ content: 'hi' });
    // The thread inherits its parent's overwrites.
    fake.setOverwrite(fake.state.channel.id, { id: fake.state.roles.bot, type: 0, allow: '0', deny: String(Perm.SendMessagesInThreads) });
    const denied = await api(`/channels/${thread.id}/messages`, { method: 'POST', body: JSON.stringify({ content: 'hi' }) });
    expect(denied.status).toBe(403);
  });

  it('archived threads refuse edits and reactions (50083); a message unarchives one unless it is locked (Threads, "Active & Archived Threads")', async () => {
    const c = await start();
    const thread = fake.addThread({ parentId: fake.state.channel.id });
    const channel = await text(c, thread.id);
    const message = await channel.send('question');
    fake.setThreadArchived(thread.id, true);
    await expect(message.edit('closed')).rejects.toMatchObject({ code: 50083 });
    await expect(message.react('🇦')).rejects.toMatchObject({ code: 50083 });
    await channel.send('reveal');
    expect(fake.state.channels.get(thread.id)).toMatchObject({ thread_metadata: { archived: false } });
    await expect(message.edit('closed')).resolves.toBeDefined();
    fake.setThreadArchived(thread.id, true, true);
    await expect(channel.send('again')).rejects.toMatchObject({ code: 50083 });
  });

  it('a forum channel takes no messages itself (50008); its posts are threads', async () => {
    await start();
    const forum = fake.addChannel({ name: 'questions', type: 15 });
    const res = await api(`/channels/${forum.id}/messages`, { method: 'POST', body: JSON.stringify({ content: 'hi' }) });
    expect(((await res.json()) as { code: number }).code).toBe(50008);
    const post = fake.addThread({ parentId: forum.id });
    expect(post.type).toBe(11);
    const ok = await api(`/channels/${post.id}/messages`, { method: 'POST', body: JSON.stringify({ content: 'hi' }) });
    expect(ok.status).toBe(200);
  });

  it('a deleted channel answers 10003 Unknown Channel', async () => {
    await start();
    const gone = fake.addChannel({ name: 'gone' });
    fake.deleteChannel(gone.id);
    const res = await api(`/channels/${gone.id}/messages`, { method: 'POST', body: JSON.stringify({ content: 'hi' }) });
    expect([res.status, ((await res.json()) as { code: number }).code]).toEqual([404, 10003]);
  });
});

describe('rate limits', () => {
  it('reactions: one per 250 ms per channel, adds and removals in one bucket, 429 with retry_after and the X-RateLimit headers', async () => {
    const c = await start();
    const message = await (await text(c)).send('question');
    const put = (emoji: string) => api(`/channels/${fake.state.channel.id}/messages/${message.id}/reactions/${encodeURIComponent(emoji)}/@me`, { method: 'PUT' });
    const first = await put('🇦');
    expect(first.status).toBe(204);
    expect(Object.fromEntries(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset-after'].map((h) => [h, first.headers.get(h)]))).toEqual({
      'x-ratelimit-limit': '1',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': '0.250',
    });
    const second = await put('🇧');
    expect(second.status).toBe(429);
    const body = (await second.json()) as { retry_after: number; global: boolean };
    expect(body.global).toBe(false);
    expect(body.retry_after).toBeGreaterThan(0);
    expect(body.retry_after).toBeLessThanOrEqual(0.25);
    expect(Number(second.headers.get('retry-after'))).toBe(body.retry_after);
    // Another channel has its own bucket.
    const other = await (await text(c, fake.addChannel({ name: 'other' }).id)).send('q');
    expect((await api(`/channels/${other.channelId}/messages/${other.id}/reactions/${encodeURIComponent('🇦')}/@me`, { method: 'PUT' })).status).toBe(204);
    // discord.js waits out the bucket: four reactions in a row all land, at least 250 ms apart.
    const fresh = await (await text(c)).send('next');
    for (const e of ['🇦', '🇧', '🇨', '🇩']) await fresh.react(e);
    const landed = fake.callsTo('PUT', new RegExp(`/messages/${fresh.id}/reactions/`)).filter((x) => x.status === 204);
    expect(landed).toHaveLength(4);
    for (let i = 1; i < 4; i++) expect(landed[i]!.at - landed[i - 1]!.at).toBeGreaterThanOrEqual(240);
  });

  it('the global limit: 50 requests per second per bot token, 429 global; interaction callbacks are exempt (Rate Limits, "Global Rate Limit")', async () => {
    await start({ reactionIntervalMs: 0 });
    // 120 at once: whatever window they land in, one window gets more than 50 and refuses the rest.
    const answers = await Promise.all(Array.from({ length: 120 }, () => api('/users/@me')));
    const refused = answers.find((r) => r.status === 429);
    expect(refused).toBeDefined();
    expect(answers.filter((r) => r.status === 200).length).toBeLessThanOrEqual(100);
    expect(refused!.headers.get('x-ratelimit-global')).toBe('true');
    expect(refused!.headers.get('x-ratelimit-scope')).toBe('global');
    expect(((await refused!.json()) as { global: boolean }).global).toBe(true);
    expect(fake.limited.global).toBe(answers.filter((r) => r.status === 429).length);
    const payload = fake.interact(fake.payloads.chatInputInteraction({ subcommand: 'x' }));
    const callback = await fetch(`${fake.apiUrl}/v10/interactions/${payload.id}/${payload.token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'ok' } }),
    });
    expect(callback.status).toBe(204);
  });
});

describe('idempotent sends', () => {
  it('enforce_nonce returns the first message for a repeated nonce instead of creating another (Create Message, enforce_nonce)', async () => {
    await start();
    const post = (body: object) => api(`/channels/${fake.state.channel.id}/messages`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ id: string }>);
    const a = await post({ content: 'once', nonce: 'n-1', enforce_nonce: true });
    const b = await post({ content: 'once', nonce: 'n-1', enforce_nonce: true });
    expect(b.id).toBe(a.id);
    // Without enforce_nonce Discord does not dedupe.
    const c = await post({ content: 'twice', nonce: 'n-2' });
    const d = await post({ content: 'twice', nonce: 'n-2' });
    expect(d.id).not.toBe(c.id);
  });

  it('afterCommit failures store the message and still answer 5xx, so only a nonce makes the retry safe', async () => {
    const c = await start();
    const path = `/channels/${fake.state.channel.id}/messages`;
    fake.failNext({ method: 'POST', path, status: 502, afterCommit: true, times: 4 });
    await expect((await text(c)).send({ content: 'lost answer' })).rejects.toMatchObject({ status: 502 });
    // discord.js retried a 5xx three times: without a nonce, four copies exist.
    expect([...fake.state.messages.values()].filter((m) => m.content === 'lost answer')).toHaveLength(4);
  });
});

describe('sharding', () => {
  it('closes an unsharded IDENTIFY with 4011 when Discord requires shards (Gateway close codes: "Sharding required")', async () => {
    fake = await startFakeDiscord({ requiredShards: 2 });
    const c = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    clients.push(c);
    const disconnected = nextEvent(c, Events.ShardDisconnect);
    void c.login(fake.token).catch(() => undefined);
    const [event] = await disconnected;
    expect(event.code).toBe(4011);
  });

  it('with shards: "auto" the client opens the recommended shards and the guild arrives on shard (guild_id >> 22) % 2', async () => {
    // max_concurrency 2 lets both shards identify at once (with 1, discord.js waits 5 s between them).
    const c = await start({ requiredShards: 2, maxConcurrency: 2 }, { shards: 'auto' });
    expect(fake.identifyCount).toBe(2);
    const identified = fake.gatewayEvents.filter((e) => e.kind === 'identify').map((e) => (e.detail as { shard: number[] }).shard);
    expect(identified).toEqual(expect.arrayContaining([[0, 2], [1, 2]]));
    const guild = c.guilds.cache.get(fake.state.guild.id);
    expect(guild?.shardId).toBe(Number((BigInt(fake.state.guild.id) >> 22n) % 2n));
    expect((await fake.waitForCall('GET', '/gateway/bot')).status).toBe(200);
  });

  it('routes each guild to its own shard: two clients holding one shard each see only their guild (Gateway, "Sharding")', async () => {
    const c0 = await start({ requiredShards: 2 }, { shards: [0], shardCount: 2 });
    // Added while shard 1 is not connected: its GUILD_CREATE will come with shard 1's IDENTIFY.
    const g2 = fake.addGuild({ shard: [1, 2] });
    const c1 = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl }, shards: [1], shardCount: 2 });
    clients.push(c1);
    const ready = nextEvent(c1, Events.ClientReady);
    await c1.login(fake.token);
    await ready;
    expect([...c0.guilds.cache.keys()]).toEqual([fake.state.guild.id]);
    expect([...c1.guilds.cache.keys()]).toEqual([g2.id]);
    // A shard gets no events of guilds not on it (Gateway docs, Sharding): an interaction in the second guild reaches shard 1 only.
    const got = nextEvent(c1, Events.InteractionCreate);
    const payload = fake.payloads.chatInputInteraction({ channelId: g2.channel.id, subcommand: 'help' });
    expect(fake.dispatch('INTERACTION_CREATE', payload)).toBe(1);
    const [interaction] = await got;
    expect(interaction.guildId).toBe(g2.id);
    // Over REST either client reads either guild, with its own roles and channels.
    const fetched = await c0.guilds.fetch({ guild: g2.id, cache: false, force: true });
    expect([...fetched.roles.cache.keys()].sort()).toEqual([g2.roles.everyone, g2.roles.bot, g2.roles.manager].sort());
    expect((await c0.channels.fetch(g2.channel.id, { allowUnknownGuild: true, cache: false }))?.id).toBe(g2.channel.id);
    expect(c0.guilds.cache.has(g2.id)).toBe(false);
  });
});
