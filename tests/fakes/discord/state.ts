import type {
  UserFlags,
  APIApplicationCommand,
  APIAttachment,
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
import type { ModalData } from './modals.ts';
import { makeGuild, type FakeGuild, type FakeMember, type GuildSpec } from './guilds.ts';
import { ALL_PERMISSIONS, DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, Perm } from './perms.ts';
import { DISCORD_EPOCH, snowflake } from './snowflake.ts';

export { ALL_PERMISSIONS, DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, MFA_PERMISSIONS, Perm } from './perms.ts';
export type { FakeGuild, FakeMember, GuildSpec } from './guilds.ts';

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
  /** The modal shown in answer (callback type 9), as the bot sent it. */
  modal?: ModalData;
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
  /** Largest file a message may carry, in bytes. Default 10 MiB, Discord's limit for a server without boosts. */
  attachmentSizeLimit?: number;
}

/** Uploading files docs: 10 MiB per file unless the server's boost level (or the user's Nitro) raises it. */
export const DEFAULT_ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;


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
  attachments: Map<string, FakeAttachment>;
  /** Largest file a message may carry (also sent as interactions' `attachment_size_limit`). */
  attachmentSizeLimit: number;
  /** The files each message carries, by message id, as uploaded: for assertions on their bytes. */
  uploads: Map<string, { name: string; contentType: string; bytes: Buffer; attachmentId: string }[]>;
}

/** An uploaded file: its payload (as in `resolved.attachments`), its bytes, and the CDN signature in its URL. */
export interface FakeAttachment {
  payload: APIAttachment;
  bytes: Uint8Array;
  hm: string;
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
    attachments: new Map(),
    attachmentSizeLimit: options.attachmentSizeLimit ?? DEFAULT_ATTACHMENT_SIZE_LIMIT,
    uploads: new Map(),
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
