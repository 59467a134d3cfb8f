import type {
  ChannelFlags,
  RoleFlags,
  UserFlags,
  APIApplicationCommand,
  APIDMChannel,
  APIGuildForumChannel,
  APIMessage,
  APINewsChannel,
  APIOverwrite,
  APIRole,
  APITextChannel,
  APIThreadChannel,
  APIUser,
} from 'discord.js';
import { DISCORD_EPOCH, snowflake } from './snowflake.ts';

/** Discord permission bits the fixture cares about (values from the Discord permissions docs). */
export const Perm = {
  AddReactions: 1n << 6n,
  Administrator: 1n << 3n,
  ManageGuild: 1n << 5n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseApplicationCommands: 1n << 31n,
  ManageThreads: 1n << 34n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/**
 * Permissions that need the acting account's owner to have 2FA when the server requires it (mfa_level 1);
 * Discord's permissions table marks them, and refuses with 60003 "Two factor is required for this operation".
 */
export const MFA_PERMISSIONS = (1n << 1n) | (1n << 2n) | (1n << 3n) | (1n << 4n) | (1n << 5n) | Perm.ManageMessages | (1n << 28n) | (1n << 29n) | (1n << 30n) | Perm.ManageThreads;

/** All permission bits defined by Discord as of API v10 (bits 0..50); what owners and Administrators get. */
export const ALL_PERMISSIONS = (1n << 51n) - 1n;

/**
 * The bot's role when no `botPermissions` is given: what Discord creates from the README's invite URL,
 * that integer and nothing more (tests/adapters/discord/invite.test.ts checks the two agree).
 */
export const DEFAULT_BOT_PERMISSIONS =
  Perm.ViewChannel | Perm.SendMessages | Perm.EmbedLinks | Perm.ReadMessageHistory |
  Perm.AddReactions | Perm.ManageMessages | Perm.SendMessagesInThreads;

/**
 * What @everyone can do. Deliberately minimal (Discord's real default also has Send Messages, Add Reactions ...)
 * so that `botPermissions` alone decides whether the bot may send, embed, react or manage messages —
 * effective permissions are @everyone | roles, exactly as Discord computes them.
 */
export const DEFAULT_EVERYONE_PERMISSIONS = Perm.ViewChannel | Perm.ReadMessageHistory | Perm.UseApplicationCommands;

/** A guild member as the fake stores it; serialised to APIGuildMember by payloads.ts. */
export interface FakeMember {
  userId: string;
  nick: string | null;
  roles: string[];
  joinedAt: string;
}

/** Bookkeeping for an interaction the fake dispatched, used to answer callbacks like Discord does. */
export interface FakeInteraction {
  id: string;
  token: string;
  type: number;
  channelId: string;
  guildId: string | null;
  userId: string;
  dispatchedAt: number;
  /** Callback type (4, 5, 6, 7, 8, 9) once acknowledged; Discord allows exactly one callback. */
  callbackType: number | null;
  originalMessageId: string | null;
  /** For component interactions: the message the component sits on (type 6/7 edit it). */
  sourceMessageId: string | null;
}

/** Extra member for `startFakeDiscord({ extraMembers })` or `fake.addMember()`. */
export interface MemberSpec {
  username: string;
  globalName?: string | null;
  nick?: string | null;
  bot?: boolean;
  manageGuild?: boolean;
}

/** Any channel the fake holds: guild text, DM, thread or forum. */
export type FakeChannel = APITextChannel | APINewsChannel | APIDMChannel | APIThreadChannel | APIGuildForumChannel;

/** Guild channel types the fake models: text 0, announcement 5, threads 10-12, forum 15. */
export const THREAD_TYPES: readonly number[] = [10, 11, 12];

/** Options that shape the seeded guild. */
export interface StateOptions {
  /** The server requires 2FA for moderation (guild mfa_level 1). Default false. */
  requireMfa?: boolean;
  /** Whether the bot owner's account has 2FA. Default true; with requireMfa, false makes 60003 happen. */
  ownerHasMfa?: boolean;
  guildName?: string;
  channelName?: string;
  botUsername?: string;
  botPermissions?: bigint | string;
  everyonePermissions?: bigint | string;
  /** Whether `users.admin` holds the Manager role (Manage Server). Default true. */
  adminHasManageGuild?: boolean;
  extraMembers?: MemberSpec[];
}

/** One server the bot is in: its settings, first text channel, roles and members. */
export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  createdAt: string;
  mfaLevel: 0 | 1;
  botOwnerHasMfa: boolean;
  /** The text channel seeded with it. */
  channel: APITextChannel;
  roles: { everyone: string; bot: string; manager: string };
  roleById: Map<string, APIRole>;
  members: Map<string, FakeMember>;
}

/** A further server for `fake.addGuild()`: the same people as the seeded one, its own roles and channel. */
export interface GuildSpec {
  name?: string;
  channelName?: string;
  /** [shard_id, num_shards]: pick an id whose events go to that shard ((guild_id >> 22) % num_shards). */
  shard?: [number, number];
  botPermissions?: bigint | string;
}

/**
 * The fake's whole world. Tests may read it; mutate it only through FakeDiscord helpers. `guild`, `channel`,
 * `roles`, `roleById` and `members` are the seeded server's (the one most tests need); `guilds` holds it
 * and any added with `fake.addGuild()`.
 */
export interface FakeState {
  applicationId: string;
  guild: FakeGuild;
  guilds: Map<string, FakeGuild>;
  channel: APITextChannel;
  bot: APIUser;
  users: { owner: APIUser; admin: APIUser; learner: APIUser; otherBot: APIUser };
  roles: { everyone: string; bot: string; manager: string };
  roleById: Map<string, APIRole>;
  userById: Map<string, APIUser>;
  members: Map<string, FakeMember>;
  channels: Map<string, FakeChannel>;
  /** Messages the bot created with enforce_nonce: `channel:nonce` → message id (Discord keeps them a few minutes). */
  nonces: Map<string, { messageId: string; at: number }>;
  dmChannelByUser: Map<string, string>;
  /** Users whose DMs fail with 50007 "Cannot send messages to this user". */
  dmBlocked: Set<string>;
  messages: Map<string, APIMessage>;
  /** messageId → emoji key (`name` or `name:id`) → user ids, in reaction order. */
  reactionUsers: Map<string, Map<string, string[]>>;
  globalCommands: APIApplicationCommand[];
  guildCommands: Map<string, APIApplicationCommand[]>;
  interactions: Map<string, FakeInteraction>;
}

/** Builds a user object shaped like Discord's (new usernames: discriminator "0"). */
export function makeUser(username: string, globalName: string | null, bot = false, createdAt?: number): APIUser {
  return {
    id: snowflake(createdAt),
    username,
    discriminator: bot ? '0001' : '0',
    global_name: globalName,
    avatar: null,
    ...(bot ? { bot: true } : {}),
    public_flags: 0 as UserFlags,
  };
}

function role(id: string, name: string, permissions: bigint, position: number, managedBy?: string): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: managedBy !== undefined,
    mentionable: false,
    flags: 0 as RoleFlags,
    ...(managedBy !== undefined ? { tags: { bot_id: managedBy } } : {}),
  };
}

/** Adds a user + member to the state; returns the new user. */
export function addMemberToState(state: FakeState, spec: MemberSpec): APIUser {
  const user = makeUser(spec.username, spec.globalName ?? null, spec.bot ?? false);
  state.userById.set(user.id, user);
  state.members.set(user.id, {
    userId: user.id,
    nick: spec.nick ?? null,
    roles: spec.manageGuild ? [state.roles.manager] : [],
    joinedAt: new Date().toISOString(),
  });
  return user;
}

/** A text channel of `guildId` as Discord returns it. */
function textChannel(id: string, guildId: string, name: string): APITextChannel {
  return {
    id,
    type: 0,
    guild_id: guildId,
    name,
    position: 0,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0 as ChannelFlags,
  };
}

interface GuildSeed {
  id: string;
  name: string;
  channelName: string;
  at: number;
  people: { bot: APIUser; owner: APIUser; admin: APIUser; learner: APIUser; otherBot: APIUser };
  botPermissions: bigint;
  everyonePermissions: bigint;
  adminHasManageGuild: boolean;
  mfaLevel: 0 | 1;
  botOwnerHasMfa: boolean;
}

/** A server with one text channel, @everyone (id = guild id, as on Discord), Manager and the bot's role, and the seeded people. */
function makeGuild(seed: GuildSeed): FakeGuild {
  const { people, at } = seed;
  const roles = { everyone: seed.id, bot: snowflake(at), manager: snowflake(at) };
  const roleById = new Map<string, APIRole>([
    [roles.everyone, role(roles.everyone, '@everyone', seed.everyonePermissions, 0)],
    [roles.manager, role(roles.manager, 'Manager', Perm.ManageGuild, 1)],
    [roles.bot, role(roles.bot, people.bot.username, seed.botPermissions, 2, people.bot.id)],
  ]);
  const joinedAt = new Date(at).toISOString();
  const member = (u: APIUser, nick: string | null, roleIds: string[]): [string, FakeMember] => [u.id, { userId: u.id, nick, roles: roleIds, joinedAt }];
  return {
    id: seed.id,
    name: seed.name,
    ownerId: people.owner.id,
    createdAt: joinedAt,
    mfaLevel: seed.mfaLevel,
    botOwnerHasMfa: seed.botOwnerHasMfa,
    channel: textChannel(snowflake(at), seed.id, seed.channelName),
    roles,
    roleById,
    members: new Map([
      member(people.owner, null, []),
      member(people.admin, 'Quizmaster', seed.adminHasManageGuild ? [roles.manager] : []),
      member(people.learner, null, []),
      member(people.otherBot, null, []),
      member(people.bot, null, [roles.bot]),
    ]),
  };
}

/** Seeds the guild: owner, admin (nickname + Manage Server), learner (global_name only), another bot, our bot. */
export function createState(options: StateOptions = {}): FakeState {
  // Seed entities get ids from a fixed past date so they sort before anything created during a test.
  const seedAt = Date.parse('2024-01-01T00:00:00Z');
  const bot = makeUser(options.botUsername ?? 'stepwise', null, true, seedAt);
  const owner = makeUser('owner', 'Guild Owner', false, seedAt);
  const admin = makeUser('alice', 'Alice A.', false, seedAt);
  const learner = makeUser('bob', 'Bob B.', false, seedAt);
  const otherBot = makeUser('helper-bot', null, true, seedAt);
  const guild = makeGuild({
    id: snowflake(seedAt),
    name: options.guildName ?? 'Stepwise Test Guild',
    channelName: options.channelName ?? 'quiz',
    at: seedAt,
    people: { bot, owner, admin, learner, otherBot },
    botPermissions: BigInt(options.botPermissions ?? DEFAULT_BOT_PERMISSIONS),
    everyonePermissions: BigInt(options.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS),
    adminHasManageGuild: options.adminHasManageGuild !== false,
    mfaLevel: options.requireMfa ? 1 : 0,
    botOwnerHasMfa: options.ownerHasMfa ?? true,
  });
  const state: FakeState = {
    applicationId: bot.id,
    guild,
    guilds: new Map([[guild.id, guild]]),
    channel: guild.channel,
    bot,
    users: { owner, admin, learner, otherBot },
    roles: guild.roles,
    roleById: guild.roleById,
    userById: new Map([bot, owner, admin, learner, otherBot].map((u) => [u.id, u])),
    members: guild.members,
    channels: new Map([[guild.channel.id, guild.channel]]),
    nonces: new Map(),
    dmChannelByUser: new Map(),
    dmBlocked: new Set(),
    messages: new Map(),
    reactionUsers: new Map(),
    globalCommands: [],
    guildCommands: new Map(),
    interactions: new Map(),
  };
  for (const spec of options.extraMembers ?? []) addMemberToState(state, spec);
  return state;
}

/**
 * Adds a server with the seeded people in it (admin with Manage Server) and one text channel. With `shard`,
 * its id is picked so that its events go to that shard, as Discord routes them.
 */
export function addGuildToState(state: FakeState, spec: GuildSpec = {}): FakeGuild {
  let at = Date.now() - state.guilds.size;
  while (spec.shard && Number((BigInt(Math.floor(at)) - DISCORD_EPOCH) % BigInt(spec.shard[1])) !== spec.shard[0]) at -= 1;
  const { owner, admin, learner, otherBot } = state.users;
  const guild = makeGuild({
    id: snowflake(at),
    name: spec.name ?? `Stepwise Test Guild ${state.guilds.size + 1}`,
    channelName: spec.channelName ?? 'quiz',
    at,
    people: { bot: state.bot, owner, admin, learner, otherBot },
    botPermissions: BigInt(spec.botPermissions ?? DEFAULT_BOT_PERMISSIONS),
    everyonePermissions: DEFAULT_EVERYONE_PERMISSIONS,
    adminHasManageGuild: true,
    mfaLevel: 0,
    botOwnerHasMfa: true,
  });
  state.guilds.set(guild.id, guild);
  state.channels.set(guild.channel.id, guild.channel);
  return guild;
}

/** The server a channel (or thread) belongs to; the seeded one for DMs and unknown ids. */
export function guildOfChannel(state: FakeState, channelId: string): FakeGuild {
  const channel = state.channels.get(channelId);
  const guildId = channel && 'guild_id' in channel ? channel.guild_id : undefined;
  return (guildId && state.guilds.get(guildId)) || state.guild;
}

/** Guild-level permissions of a member: owner and Administrator get everything, like Discord computes it. */
export function memberPermissions(state: FakeState, userId: string, guild: FakeGuild = state.guild): bigint {
  if (userId === guild.ownerId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  if (!member) return 0n;
  let perms = BigInt(guild.roleById.get(guild.roles.everyone)?.permissions ?? '0');
  for (const id of member.roles) perms |= BigInt(guild.roleById.get(id)?.permissions ?? '0');
  return perms & Perm.Administrator ? ALL_PERMISSIONS : perms;
}

/** Whether the channel is one of the guild's (text, announcement, thread, forum), not a DM. */
export function isGuildChannel(state: FakeState, channelId: string): boolean {
  const channel = state.channels.get(channelId);
  return channel !== undefined && channel.type !== 1;
}

/** A thread channel, or undefined. */
export function threadOf(state: FakeState, channelId: string): APIThreadChannel | undefined {
  const channel = state.channels.get(channelId);
  return channel && THREAD_TYPES.includes(channel.type) ? (channel as APIThreadChannel) : undefined;
}

function applyOverwrite(perms: bigint, o: Pick<APIOverwrite, 'allow' | 'deny'> | undefined): bigint {
  return o ? (perms & ~BigInt(o.deny)) | BigInt(o.allow) : perms;
}

/**
 * A member's permissions in a channel, computed as Discord's "Permission Overwrites" pseudocode does:
 * guild base (Administrator → all), then the @everyone overwrite, then role overwrites (all denies, then
 * all allows), then the member's own. A thread takes its parent's overwrites. Without View Channel,
 * nothing else applies ("Implicit Permissions").
 */
export function channelPermissions(state: FakeState, userId: string, channelId: string): bigint {
  const guild = guildOfChannel(state, channelId);
  const base = memberPermissions(state, userId, guild);
  if (base & Perm.Administrator) return ALL_PERMISSIONS;
  const thread = threadOf(state, channelId);
  const channel = state.channels.get(thread?.parent_id ?? channelId);
  const overwrites = (channel && 'permission_overwrites' in channel ? channel.permission_overwrites : undefined) ?? [];
  let perms = applyOverwrite(base, overwrites.find((o) => o.id === guild.roles.everyone));
  const roles = guild.members.get(userId)?.roles ?? [];
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && o.id !== guild.roles.everyone && roles.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  perms = applyOverwrite(perms, { allow: allow.toString(), deny: deny.toString() });
  perms = applyOverwrite(perms, overwrites.find((o) => o.type === 1 && o.id === userId));
  return perms & Perm.ViewChannel ? perms : 0n;
}
