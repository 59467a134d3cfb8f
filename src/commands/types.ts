/** The command spec: data plus a handler. Discord's JSON, Slack's text and the terminal derive from it. */
import type { Tutor } from '../core/tutor.ts';
import type { Actor, ChannelRef } from '../core/types.ts';
import type { IncomingFile } from '../core/ports.ts';
import type { Reply } from '../core/views.ts';

/**
/**
 * Option value kinds; adapters map them to platform types (Discord USER, CHANNEL, ROLE, INTEGER, STRING,
 * ATTACHMENT). A `role` is a group of people: a Discord role, a Slack user group (`<!subteam^S…>` or its id),
 * a name in the terminal. An attachment's value is what the adapter's `openFile` resolves: an attachment id, a path.
 */
export type OptionType = 'string' | 'integer' | 'user' | 'channel' | 'role' | 'attachment';

/** One option of a subcommand. */
export interface OptionSpec {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  /** Allowed values (shown as choices on Discord). */
  choices?: readonly string[];
  /**
   * Values come from a live list, offered by autocomplete where the platform has it: every pack the
   * workspace sees, or only its own (what export, remove and an approval can name).
   */
  autocomplete?: 'pack' | 'own-pack';
  /** Other names accepted in text as `name:value` (e.g. `tz` for `timezone`). */
  aliases?: readonly string[];
  /** Accepted in text without `name:`, in declaration order. */
  positional?: boolean;
  /** In text, an unquoted cron expression spans several words. */
  spansWords?: boolean;
  /** How the option looks in usage lines, e.g. `<A-D>` or `"<cron>"`. */
  placeholder: string;
  maxLength?: number;
}

/** What a handler gets: the tutor, who asked, where, when, and validated options. */
export interface CommandContext {
  tutor: Tutor;
  actor: Actor;
  channel: ChannelRef;
  now: number;
  options: Record<string, string | number | undefined>;
  /** Resolves an attachment option's value to the file, where the platform lets a command carry one. */
  openFile?: (value: string) => IncomingFile | undefined;
}

/** A subcommand: `/quiz <name>` or `/quiz <group> <name>`. */
export interface CommandSpec {
  name: string;
  description: string;
  admin: boolean;
  options: readonly OptionSpec[];
  run(ctx: CommandContext): Reply | Promise<Reply>;
  /**
   * Its reply may be a form (Reply.form). A platform that can open a form only as its first response
   * (Discord's modal) waits longer before it defers such a command.
   */
  opensForm?: true;
}

/** A group of subcommands, such as `schedule`. */
export interface CommandGroup {
  name: string;
  description: string;
  admin: boolean;
  subcommands: readonly CommandSpec[];
  /** In text, `/quiz <group>` alone runs this subcommand (Discord always names one). */
  defaultSubcommand?: string;
}

/** A parsed call, from any platform, before validation. */
export interface Invocation {
  path: string[];
  options: Record<string, string>;
}

/** The top-level command name on every platform. */
export const ROOT = 'quiz';

/** True for a group entry of the registry. */
export function isGroup(entry: CommandSpec | CommandGroup): entry is CommandGroup {
  return 'subcommands' in entry;
}
