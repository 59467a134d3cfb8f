/** What the Discord adapter's parts share: the client, the tutor, time, logs, admins, retry and in-flight work. */
import { GuildMember, PermissionFlagsBits, type APIInteractionGuildMember, type Client, type PermissionsBitField, type User } from 'discord.js';
import type { Clock, Logger } from '../../core/ports.ts';
import type { Tutor } from '../../core/tutor.ts';
import type { Actor, ChannelRef } from '../../core/types.ts';
import type { FormMemory } from './forms.ts';

/** The platform name stored with every drop, answer and schedule. */
export const PLATFORM = 'discord';

/** The answer to an interaction outside a server (a DM), where /quiz has no workspace. */
export const GUILD_ONLY = 'Stepwise works in server channels: use /quiz there.';

/** Every message the bot sends: nothing in content or names may ping anyone. */
export const NO_MENTIONS = { parse: [], repliedUser: false } as const;

/** Shared by interactions, reactions and the chat port. */
export interface DiscordContext {
  client: Client;
  tutor: Tutor;
  clock: Clock;
  log: Logger;
  /** User ids that are admins whatever their Discord permissions (STEPWISE_ADMINS). */
  admins: readonly string[];
  /** Runs a post with bounded retry for transient failures (see retry.ts). */
  retry<T>(what: string, fields: Record<string, unknown>, fn: () => Promise<T>): Promise<T>;
  /** Keeps background work (reactions, DMs) so stop() can wait for it. */
  track(work: Promise<unknown>): void;
  /**
   * Guilds where removing a reaction failed with 60003 (the server requires 2FA for moderation and the bot
   * owner has none): every later try would fail too, and each 403 counts toward Discord's invalid-request limit.
   */
  noRemoval: Set<string>;
  /** Forms sent back with errors, for their "Fix it" button (bounded, in memory). */
  forms: FormMemory;
  /** How long work that may open a form gets before a defer (which rules the modal out). */
  formWaitMs: number;
}

/** A nonce for one logical send, shared by its retries (Discord allows 25 characters). */
export function nonceFor(kind: string): string {
  return `sw-${kind}-${Math.random().toString(36).slice(2, 12)}`.slice(0, 25);
}

/** Log fields naming where something happened. */
export function where(ref: Partial<ChannelRef>): Record<string, string> {
  const out: Record<string, string> = { platform: PLATFORM };
  if (ref.workspace) out.workspace = ref.workspace;
  if (ref.channel) out.channel = ref.channel;
  return out;
}

/** Guild nickname, else global name, else username. */
export function displayName(user: User, member: GuildMember | APIInteractionGuildMember | null | undefined): string {
  const nick = member instanceof GuildMember ? member.nickname : member?.nick;
  return nick || user.globalName || user.username;
}

/** The role ids a member has (from the interaction, so a role taken away counts at once). */
export function memberRoles(member: GuildMember | APIInteractionGuildMember | null | undefined): readonly string[] {
  if (!member) return [];
  return member instanceof GuildMember ? [...member.roles.cache.keys()] : member.roles;
}

/**
 * An admin command's actor: also an admin when the member has the workspace's admin role
 * (`/quiz settings admins:`). Reads the setting only for someone not already an admin.
 */
export async function withAdminRole(ctx: DiscordContext, actor: Actor, guildId: string, member: GuildMember | APIInteractionGuildMember | null | undefined): Promise<Actor> {
  if (actor.isAdmin) return actor;
  const adminGroup = await ctx.tutor.adminGroupOf({ platform: PLATFORM, workspace: guildId });
  return adminGroup && memberRoles(member).includes(adminGroup) ? { ...actor, isAdmin: true } : actor;
}

/**
 * The actor behind an event. Admin: Manage Server in this guild (from the permissions Discord sends with
 * each interaction, so a revoked role counts at once) or listed in STEPWISE_ADMINS.
 */
export function actorOf(
  ctx: DiscordContext,
  user: User,
  member: GuildMember | APIInteractionGuildMember | null | undefined,
  permissions: Readonly<PermissionsBitField> | null | undefined,
): Actor {
  const isAdmin = ctx.admins.includes(user.id) || permissions?.has(PermissionFlagsBits.ManageGuild) === true;
  return { id: user.id, name: displayName(user, member), isAdmin };
}
