/** Discord's permission bits and the fake's defaults (values from the Discord permissions docs). */

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
  Perm.ViewChannel | Perm.SendMessages | Perm.EmbedLinks | Perm.AttachFiles | Perm.ReadMessageHistory |
  Perm.AddReactions | Perm.ManageMessages | Perm.SendMessagesInThreads;

/**
 * What @everyone can do. Deliberately minimal (Discord's real default also has Send Messages, Add Reactions ...)
 * so that `botPermissions` alone decides whether the bot may send, embed, react or manage messages —
 * effective permissions are @everyone | roles, exactly as Discord computes them.
 */
export const DEFAULT_EVERYONE_PERMISSIONS = Perm.ViewChannel | Perm.ReadMessageHistory | Perm.UseApplicationCommands;
