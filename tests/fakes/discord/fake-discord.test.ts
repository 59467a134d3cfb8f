import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  RESTEvents,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextEvent, Perm, startFakeDiscord, type FakeDiscord } from './index.ts';

let fake: FakeDiscord;
let client: Client | null = null;

async function login(): Promise<Client> {
  const c = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.DirectMessages],
    partials: [Partials.Message, Partials.Reaction, Partials.Channel, Partials.User],
    rest: { api: fake.apiUrl },
  });
  client = c;
  const ready = nextEvent(c, Events.ClientReady);
  await c.login(fake.token);
  await ready; // login() resolves before GUILD_CREATE is processed; ClientReady comes after it.
  return c;
}

const quizChannel = (c: Client): TextChannel => c.channels.cache.get(fake.state.channel.id) as TextChannel;

beforeEach(async () => {
  fake = await startFakeDiscord();
});

afterEach(async () => {
  await client?.destroy();
  client = null;
  const unknown = fake.unknownRoutes().map((c) => `${c.method} ${c.path}`);
  await fake.close();
  expect(unknown).toEqual([]);
});

describe('fake discord with the real discord.js client', () => {
  it('logs in and caches the guild, channel and members', async () => {
    const c = await login();
    const guild = c.guilds.cache.get(fake.state.guild.id);
    expect(guild?.name).toBe('Stepwise Test Guild');
    expect(quizChannel(c).name).toBe('quiz');
    const { admin, learner, otherBot } = fake.state.users;
    expect(guild?.members.cache.get(admin.id)?.nickname).toBe('Quizmaster');
    expect(guild?.members.cache.get(admin.id)?.permissions.has('ManageGuild')).toBe(true);
    expect(guild?.members.cache.get(learner.id)?.nickname).toBeNull();
    expect(guild?.members.cache.get(learner.id)?.displayName).toBe('Bob B.');
    expect(guild?.members.cache.get(otherBot.id)?.user.bot).toBe(true);
    expect(c.user?.id).toBe(fake.state.bot.id);
    expect(c.application?.id).toBe(fake.state.applicationId);
    expect(fake.identifyCount).toBe(1);
    expect(fake.connectedSessions).toBe(1);
    const discovery = await fake.waitForCall('GET', '/gateway/bot');
    expect(discovery.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(fake.state.users.learner.id).toMatch(/^\d{17,19}$/);
    // The client did not ask for GuildMessages, so Discord (and the fake) would not send it guild messages.
    expect(fake.dispatch('MESSAGE_CREATE', fake.payloads.messageCreate({ content: 'hi' }))).toBe(0);
  });

  it('records channel.send with embeds and components', async () => {
    const c = await login();
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('quiz:answer:a').setLabel('A').setStyle(ButtonStyle.Primary),
    );
    const sent = await quizChannel(c).send({ embeds: [new EmbedBuilder().setTitle('Question 1')], components: [row] });
    const call = await fake.waitForCall('POST', `/channels/${fake.state.channel.id}/messages`);
    const body = call.body as { embeds: Array<{ title: string }>; components: Array<{ components: Array<{ custom_id: string }> }> };
    expect(body.embeds[0]?.title).toBe('Question 1');
    expect(body.components[0]?.components[0]?.custom_id).toBe('quiz:answer:a');
    expect(sent.author.id).toBe(fake.state.bot.id);
    expect(fake.state.messages.get(sent.id)?.embeds[0]?.title).toBe('Question 1');
  });

  it('records a guild bulk command overwrite and rejects invalid names like Discord', async () => {
    const c = await login();
    const body = [{ name: 'quiz', description: 'Quiz commands', options: [{ type: 1, name: 'start', description: 'Start' }] }];
    const commands = await c.application!.commands.set(body, fake.state.guild.id);
    const call = await fake.waitForCall('PUT', /^\/applications\/\d+\/guilds\/\d+\/commands$/);
    expect(call.body).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'quiz' })]));
    expect(commands.first()?.id).toMatch(/^\d{17,19}$/);
    expect(fake.state.guildCommands.get(fake.state.guild.id)?.[0]?.name).toBe('quiz');
    await expect(c.application!.commands.set([{ name: 'Quiz', description: 'x' }])).rejects.toMatchObject({ code: 50035 });
  });

  it('delivers a chat-input interaction and records an ephemeral reply', async () => {
    const c = await login();
    const received = nextEvent(c, Events.InteractionCreate);
    const payload = fake.interact(
      fake.payloads.chatInputInteraction({ subcommand: 'start', options: { topic: 'algebra', count: 3 } }),
    );
    const [interaction] = (await received) as [Interaction];
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
    expect(interaction.commandName).toBe('quiz');
    expect(interaction.options.getSubcommand()).toBe('start');
    expect(interaction.options.getString('topic')).toBe('algebra');
    expect(interaction.options.getInteger('count')).toBe(3);
    expect(interaction.user.id).toBe(fake.state.users.learner.id);
    expect(interaction.memberPermissions?.has('ManageGuild')).toBe(false);
    await interaction.reply({ content: 'Started!', flags: MessageFlags.Ephemeral });
    const call = await fake.waitForCall('POST', `/interactions/${payload.id}/${payload.token}/callback`);
    expect(call.headers.authorization).toBeNull();
    expect(call.query).toEqual({ with_response: 'false' });
    expect(call.status).toBe(204);
    expect(call.body).toMatchObject({ type: 4, data: { content: 'Started!', flags: 64 } });
  });

  it('handles a button interaction with deferReply + editReply', async () => {
    const c = await login();
    const message = await quizChannel(c).send('Question with a button');
    const received = nextEvent(c, Events.InteractionCreate);
    const payload = fake.interact(fake.payloads.buttonInteraction({ customId: 'quiz:answer:b', message: message.id }));
    const [interaction] = (await received) as [Interaction];
    if (!interaction.isButton()) throw new Error('expected a button');
    expect(interaction.customId).toBe('quiz:answer:b');
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const edited = await interaction.editReply({ content: 'Correct!' });
    const defer = await fake.waitForCall('POST', `/interactions/${payload.id}/${payload.token}/callback`);
    expect(defer.body).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await fake.waitForCall('PATCH', `/webhooks/${fake.state.applicationId}/${payload.token}/messages/@original`);
    expect(edit.body).toMatchObject({ content: 'Correct!' });
    expect(edited.content).toBe('Correct!');
    expect(fake.state.messages.get(edited.id)?.flags).toBe(64); // loading flag cleared, still ephemeral
    const followUp = await interaction.followUp({ content: 'One more thing' });
    const post = await fake.waitForCall('POST', `/webhooks/${fake.state.applicationId}/${payload.token}`);
    expect(post.query).toEqual({ wait: 'true' });
    expect(followUp.content).toBe('One more thing');
  });

  it('returns the created message for reply({ withResponse: true })', async () => {
    const c = await login();
    const received = nextEvent(c, Events.InteractionCreate);
    const payload = fake.interact(fake.payloads.chatInputInteraction({ subcommand: 'start' }));
    const [interaction] = (await received) as [Interaction];
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
    const response = await interaction.reply({ content: 'Question 1', withResponse: true });
    const call = await fake.waitForCall('POST', `/interactions/${payload.id}/${payload.token}/callback`);
    expect(call).toMatchObject({ status: 200, query: { with_response: 'true' } });
    expect(response.resource?.message?.content).toBe('Question 1');
    expect(fake.state.messages.get(response.resource!.message!.id)?.type).toBe(20);
  });

  it('updates the source message from a select menu with update()', async () => {
    const c = await login();
    const message = await quizChannel(c).send('Pick an answer');
    const received = nextEvent(c, Events.InteractionCreate);
    fake.interact(fake.payloads.stringSelectInteraction({ customId: 'quiz:pick', values: ['b'], message: message.id }));
    const [interaction] = (await received) as [Interaction];
    if (!interaction.isStringSelectMenu()) throw new Error('expected a string select');
    expect(interaction.values).toEqual(['b']);
    await interaction.update({ content: 'You picked B', components: [] });
    expect(fake.state.messages.get(message.id)?.content).toBe('You picked B');
  });

  it('handles a slash command sent from a DM', async () => {
    const c = await login();
    const received = nextEvent(c, Events.InteractionCreate);
    const payload = fake.interact(fake.payloads.chatInputInteraction({ inDm: true, subcommand: 'start' }));
    const [interaction] = (await received) as [Interaction];
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.channel?.isDMBased()).toBe(true);
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
    await interaction.reply('Hi in DM');
    const call = await fake.waitForCall('POST', `/interactions/${payload.id}/${payload.token}/callback`);
    expect(call.body).toMatchObject({ type: 4, data: { content: 'Hi in DM' } });
  });

  it('applies per-test permissions: missing Send Messages and Manage Server', async () => {
    const c = await login();
    const { learner } = fake.state.users;
    fake.setManageGuild(learner.id, true);
    const received = nextEvent(c, Events.InteractionCreate);
    fake.interact(fake.payloads.chatInputInteraction({ userId: learner.id, subcommand: 'config' }));
    const [interaction] = await received;
    expect(interaction.memberPermissions?.has('ManageGuild')).toBe(true);

    fake.setBotPermissions(Perm.ViewChannel); // no SendMessages
    await expect(quizChannel(c).send('hello')).rejects.toMatchObject({ code: 50013, status: 403 });
  });

  it('answers autocomplete with choices', async () => {
    const c = await login();
    const received = nextEvent(c, Events.InteractionCreate);
    const payload = fake.interact(
      fake.payloads.autocompleteInteraction({ subcommand: 'start', focused: { name: 'topic', value: 'alg' } }),
    );
    const [interaction] = (await received) as [Interaction];
    if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
    expect(interaction.options.getFocused()).toBe('alg');
    await interaction.respond([{ name: 'Algebra', value: 'algebra' }]);
    const call = await fake.waitForCall('POST', `/interactions/${payload.id}/${payload.token}/callback`);
    expect(call.body).toEqual({ type: 8, data: { choices: [{ name: 'Algebra', value: 'algebra' }] } });
  });

  it('delivers a reaction on an uncached message via partials and removes it', async () => {
    const c = await login();
    const old = fake.seedMessage({ authorId: fake.state.bot.id, content: 'Yesterday’s question' });
    const { learner } = fake.state.users;
    const received = nextEvent(c, Events.MessageReactionAdd, (_r, user) => user.id === learner.id);
    fake.dispatch('MESSAGE_REACTION_ADD', fake.payloads.reactionAdd({ messageId: old.id, emoji: '✅' }));
    const [reaction, user] = await received;
    expect(reaction.partial).toBe(true);
    expect(reaction.message.partial).toBe(true);
    expect(reaction.emoji.name).toBe('✅');
    const full = await reaction.message.fetch();
    expect(full.content).toBe('Yesterday’s question');
    await reaction.users.remove(user.id);
    const path = `/channels/${fake.state.channel.id}/messages/${old.id}/reactions/✅/${learner.id}`;
    const call = await fake.waitForCall('DELETE', path);
    expect(call.status).toBe(204);
    expect(fake.state.reactionUsers.get(old.id)?.get('✅') ?? []).toEqual([]);
  });

  it('sends DMs and surfaces 50007 for users who block them', async () => {
    const c = await login();
    const { learner, admin } = fake.state.users;
    await c.users.send(learner.id, 'Your daily question is ready');
    const open = await fake.waitForCall('POST', '/users/@me/channels');
    expect(open.body).toEqual({ recipient_id: learner.id });
    const dmId = fake.state.dmChannelByUser.get(learner.id);
    const post = await fake.waitForCall('POST', `/channels/${dmId}/messages`);
    expect(post.body).toMatchObject({ content: 'Your daily question is ready' });

    fake.setDmBlocked(admin.id);
    const error = await c.users.send(admin.id, 'hello').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50007, status: 403 });
  });

  it('lets discord.js retry a 429 after retry-after and succeed', async () => {
    const c = await login();
    const path = /^\/channels\/\d+\/messages$/;
    fake.failNext({ method: 'POST', path, status: 429, retryAfterSeconds: 0.2 });
    const rateLimited = new Promise((resolve) => c.rest.once(RESTEvents.RateLimited, resolve));
    const sent = await quizChannel(c).send('after the rate limit');
    await rateLimited;
    const attempts = fake.callsTo('POST', path);
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(200);
    expect(sent.content).toBe('after the rate limit');
  });

  it('emulated shared bucket: a DM burst gets 429s that discord.js waits out', async () => {
    await fake.close();
    fake = await startFakeDiscord({
      extraMembers: [{ username: 'carol' }, { username: 'dave' }, { username: 'erin' }],
      // One bucket across all DM channels, 2 sends per 0.3 s: discord.js tracks buckets per channel, so it collides.
      rateLimits: [{ method: 'POST', path: /^\/channels\/\d+\/messages$/, limit: 2, windowSeconds: 0.3, perResource: false }],
    });
    const c = await login();
    const humans = [...fake.state.members.values()].map((m) => fake.state.userById.get(m.userId)!).filter((u) => !u.bot);
    await Promise.all(humans.map((u) => c.users.send(u.id, 'Daily question')));
    const sends = fake.callsTo('POST', /^\/channels\/\d+\/messages$/);
    expect(sends.filter((s) => s.status === 429).length).toBeGreaterThan(0);
    expect(sends.filter((s) => s.status === 200).length).toBe(humans.length);
  });

  it('retries a 500 once and succeeds', async () => {
    const c = await login();
    fake.failNext({ method: 'POST', path: /\/messages$/, status: 500 });
    await quizChannel(c).send('after a 500');
    expect(fake.callsTo('POST', /\/messages$/).map((a) => a.status)).toEqual([500, 200]);
    expect(fake.pendingFailures).toBe(0);
  });

  it('resumes after a gateway disconnect and replays/handles later events', async () => {
    const c = await login();
    const resumed = nextEvent(c, Events.ShardResume);
    await fake.disconnect(); // close code 4000: discord.js reconnects to resume_gateway_url and sends RESUME
    expect(fake.connectedSessions).toBe(0);
    // Dispatched while the socket is down: buffered and replayed on RESUME, like Discord does.
    const missed = fake.payloads.chatInputInteraction({ subcommand: 'start' });
    const gotMissed = nextEvent(c, Events.InteractionCreate, (i) => i.id === missed.id);
    expect(fake.dispatch('INTERACTION_CREATE', missed)).toBe(1);
    await resumed;
    await gotMissed;
    expect(fake.resumeCount).toBe(1);
    expect(fake.identifyCount).toBe(1);
    const connect = await fake.waitForGateway('connect', { nth: 2 });
    expect(connect.detail).toMatchObject({ path: '/gateway/resume', query: '?v=10&encoding=json' });

    const later = fake.payloads.chatInputInteraction({ subcommand: 'stop' });
    const gotLater = nextEvent(c, Events.InteractionCreate, (i) => i.id === later.id);
    fake.interact(later);
    const [interaction] = await gotLater;
    expect(interaction.isChatInputCommand() && interaction.options.getSubcommand()).toBe('stop');
  });

  it('acks heartbeats and resumes after an op 7 Reconnect', async () => {
    await fake.close();
    fake = await startFakeDiscord({ heartbeatIntervalMs: 200 });
    const c = await login();
    await fake.waitForGateway('heartbeat', { nth: 2 }); // a missing op 11 ack would make discord.js reconnect
    const resumed = nextEvent(c, Events.ShardResume);
    fake.requestReconnect();
    await resumed;
    expect(fake.identifyCount).toBe(1);
    expect(fake.resumeCount).toBeGreaterThanOrEqual(1);
  });
});
