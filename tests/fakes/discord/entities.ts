import type {
  ChannelFlags,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  Locale,
  UserFlags,
  APIDMChannel,
  APIEmbed,
  APIGuild,
  APIGuildMember,
  APIInteractionGuildMember,
  APIMessage,
  APIUser,
  GatewayGuildCreateDispatchData,
  GatewayReadyDispatchData,
} from 'discord.js';
import { snowflake } from './snowflake.ts';
import { memberPermissions, type FakeChannel, type FakeGuild, type FakeState } from './state.ts';

/** Looks up a user or throws, so a typo in a test fails loudly instead of sending `undefined`. */
export function userOf(state: FakeState, userId: string): APIUser {
  const user = state.userById.get(userId);
  if (!user) throw new Error(`fake discord: unknown user ${userId}`);
  return user;
}

/** APIGuildMember for a user of the seeded guild (or of `guild`). */
export function memberPayload(state: FakeState, userId: string, guild: FakeGuild = state.guild): APIGuildMember {
  const member = guild.members.get(userId);
  if (!member) throw new Error(`fake discord: ${userId} is not a member of the guild`);
  return {
    user: userOf(state, userId),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

/** Member as embedded in interactions: Discord adds the computed guild `permissions` string. */
export function interactionMemberPayload(state: FakeState, userId: string, guild: FakeGuild = state.guild): APIInteractionGuildMember {
  return { ...memberPayload(state, userId, guild), permissions: memberPermissions(state, userId, guild).toString() };
}

/** GET /guilds/:id body. */
export function guildPayload(state: FakeState, guild: FakeGuild = state.guild): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles: [...guild.roleById.values()],
    emojis: [],
    features: [],
    mfa_level: guild.mfaLevel,
    application_id: null,
    system_channel_id: guild.channel.id,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US' as Locale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
  };
}

/** The guild's channels and threads (DMs have no guild_id). */
export function channelsOf(state: FakeState, guild: FakeGuild): FakeChannel[] {
  return [...state.channels.values()].filter((c) => 'guild_id' in c && c.guild_id === guild.id);
}

/** GUILD_CREATE data: the guild plus the gateway-only fields (members, channels, ...). */
export function guildCreatePayload(state: FakeState, guild: FakeGuild = state.guild): GatewayGuildCreateDispatchData {
  const channels = channelsOf(state, guild);
  return {
    ...guildPayload(state, guild),
    joined_at: guild.createdAt,
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [],
    members: [...guild.members.keys()].map((id) => memberPayload(state, id, guild)),
    channels: channels.filter((c) => [0, 5, 15].includes(c.type)),
    // Threads docs: GUILD_CREATE's `threads` holds "all active threads in the guild" the bot can view.
    threads: channels.filter((c) => [10, 11, 12].includes(c.type) && !(c as { thread_metadata?: { archived?: boolean } }).thread_metadata?.archived),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  } as GatewayGuildCreateDispatchData;
}

/** The shard a guild's events go to: "shard_id = (guild_id >> 22) % num_shards" (Gateway docs, Sharding). */
export function shardOf(guildId: string, numShards: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(numShards));
}

// 1<<23 APPLICATION_COMMAND_BADGE | 1<<19 GATEWAY_MESSAGE_CONTENT_LIMITED: typical for a small unverified bot.
const APP_FLAGS = (1 << 23) | (1 << 19);

/** The guilds whose events go to a shard. */
export function guildsOfShard(state: FakeState, shard: [number, number]): FakeGuild[] {
  return [...state.guilds.values()].filter((g) => shardOf(g.id, shard[1]) === shard[0]);
}

/** READY data; the shard's guilds are listed as unavailable and arrive later via GUILD_CREATE, as on Discord. */
export function readyPayload(state: FakeState, sessionId: string, resumeGatewayUrl: string, shard: [number, number] = [0, 1]): GatewayReadyDispatchData {
  return {
    v: 10,
    user: { ...state.bot, verified: true, mfa_enabled: false, flags: 0 as UserFlags },
    // Gateway docs: a shard receives the guilds with shard_id = (guild_id >> 22) % num_shards.
    guilds: guildsOfShard(state, shard).map((g) => ({ id: g.id, unavailable: true })),
    session_id: sessionId,
    resume_gateway_url: resumeGatewayUrl,
    shard,
    application: { id: state.applicationId, flags: APP_FLAGS, flags_new: String(APP_FLAGS) },
  };
}

/** DM channel object, as returned by POST /users/@me/channels. */
export function dmChannelPayload(state: FakeState, userId: string): APIDMChannel {
  const existing = state.dmChannelByUser.get(userId);
  if (existing) return state.channels.get(existing) as APIDMChannel;
  const channel: APIDMChannel = {
    id: snowflake(),
    type: 1,
    name: null,
    last_message_id: null,
    recipients: [userOf(state, userId)],
    flags: 0 as ChannelFlags,
  };
  state.channels.set(channel.id, channel);
  state.dmChannelByUser.set(userId, channel.id);
  return channel;
}

/** The subset of a message create/edit body the fake understands. */
export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: unknown[];
  flags?: number;
  tts?: boolean;
  nonce?: string | number;
  message_reference?: { message_id?: string; channel_id?: string };
}

/** Builds and stores a message authored by `authorId` (the bot unless a test says otherwise). */
export function createMessage(
  state: FakeState,
  channelId: string,
  body: MessageBody,
  extra: Partial<APIMessage> = {},
): APIMessage {
  const message: APIMessage = {
    id: snowflake(),
    channel_id: channelId,
    author: state.bot,
    content: body.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: body.tts ?? false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    // Discord fills in the embed type; discord.js tolerates it missing but real payloads always have it.
    embeds: (body.embeds ?? []).map((e) => ({ type: 'rich', ...e }) as APIEmbed),
    components: (body.components ?? []) as APIMessage['components'],
    pinned: false,
    type: body.message_reference ? 19 : 0,
    flags: body.flags ?? 0,
    ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
    ...(body.message_reference
      ? { message_reference: { type: 0, channel_id: channelId, ...body.message_reference } }
      : {}),
    ...extra,
  };
  state.messages.set(message.id, message);
  const channel = state.channels.get(channelId);
  if (channel) channel.last_message_id = message.id;
  return message;
}

/** Applies a PATCH body to a stored message (only the fields present change, as on Discord). */
export function editMessage(message: APIMessage, body: MessageBody): APIMessage {
  if (body.content !== undefined) message.content = body.content ?? '';
  if (body.embeds !== undefined) message.embeds = (body.embeds ?? []).map((e) => ({ type: 'rich', ...e }) as APIEmbed);
  if (body.components !== undefined) message.components = (body.components ?? []) as APIMessage['components'];
  if (body.flags !== undefined) message.flags = body.flags;
  message.edited_timestamp = new Date().toISOString();
  return message;
}
