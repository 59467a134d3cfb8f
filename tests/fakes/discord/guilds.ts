/** A server of the fake: its roles, members and first channel, built from the seeded people. */
import type { APIRole, APITextChannel, APIUser, ChannelFlags, RoleFlags } from 'discord.js';
import { Perm } from './perms.ts';
import { snowflake } from './snowflake.ts';

/** A guild member as the fake stores it; serialised to APIGuildMember by payloads.ts. */
export interface FakeMember {
  userId: string;
  nick: string | null;
  roles: string[];
  joinedAt: string;
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

/** A role as Discord returns it (GET /guilds/:id/roles). */
export function role(id: string, name: string, permissions: bigint, position: number, managedBy?: string): APIRole {
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

export interface GuildSeed {
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
export function makeGuild(seed: GuildSeed): FakeGuild {
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
