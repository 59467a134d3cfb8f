/** `/quiz` as Discord slash-command JSON, derived from the one command spec, and its registration. */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  ApplicationIntegrationType,
  Routes,
  type APIApplicationCommand,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
  type Client,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { COMMANDS, isGroup, ROOT, type CommandGroup, type CommandSpec, type OptionSpec } from '../../commands/index.ts';
import { clip, LIMITS } from './limits.ts';

const describe = (text: string) => clip(text, LIMITS.commandDescription);

/** One option: typed, with choices or autocomplete, text channels only for a channel. */
export function optionJson(o: OptionSpec): APIApplicationCommandBasicOption {
  const base = { name: o.name, description: describe(o.description), required: o.required ?? false };
  switch (o.type) {
    case 'user':
      return { ...base, type: ApplicationCommandOptionType.User };
    case 'role':
      return { ...base, type: ApplicationCommandOptionType.Role };
    case 'channel':
      // Threads and forum posts take questions too (Send Messages in Threads is in the invite).
      return {
        ...base,
        type: ApplicationCommandOptionType.Channel,
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread],
      };
    case 'attachment':
      return { ...base, type: ApplicationCommandOptionType.Attachment };
    case 'integer':
      // The same range dispatch accepts (up to nine digits), so Discord's own validation never disagrees.
      return { ...base, type: ApplicationCommandOptionType.Integer, min_value: 0, max_value: 999_999_999 };
    case 'string': {
      const text = { ...base, type: ApplicationCommandOptionType.String as const, ...(o.maxLength ? { max_length: o.maxLength } : {}) };
      // Discord allows choices or autocomplete, never both; fixed choices win.
      if (o.choices) return { ...text, choices: o.choices.map((c) => ({ name: c, value: c })) };
      return o.autocomplete ? { ...text, autocomplete: true } : text;
    }
  }
}

/** A subcommand; Discord wants required options before optional ones. */
export function subcommandJson(spec: CommandSpec): APIApplicationCommandSubcommandOption {
  const ordered = [...spec.options].sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false));
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: spec.name,
    description: describe(spec.description),
    ...(ordered.length ? { options: ordered.map(optionJson) } : {}),
  };
}

function groupJson(group: CommandGroup): APIApplicationCommandSubcommandGroupOption {
  return { type: ApplicationCommandOptionType.SubcommandGroup, name: group.name, description: describe(group.description), options: group.subcommands.map(subcommandJson) };
}

/**
 * `/quiz` with every subcommand. Open to everyone and usable in servers only: Discord cannot hide single
 * subcommands, and members need `/quiz answer`, so admin rights are checked on each call instead.
 */
export function quizCommandJson(entries: readonly (CommandSpec | CommandGroup)[] = COMMANDS): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    type: ApplicationCommandType.ChatInput,
    name: ROOT,
    description: 'Stepwise: quiz questions with worked solutions',
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: entries.map((e) => (isGroup(e) ? groupJson(e) : subcommandJson(e))),
  };
}

/** One bulk overwrite (idempotent): on `guildId` when given (instant), else globally. */
export async function registerCommands(client: Client<true>, guildId?: string): Promise<void> {
  const appId = client.application.id;
  const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
  await client.rest.put(route, { body: [quizCommandJson()] });
}

/** Guilds checked for a stale guild-scoped /quiz after switching DISCORD_GUILD_ID off (one request each). */
export const STALE_GUILD_CHECK_LIMIT = 200;

/** Deletes /quiz from one scope if it is there; true when it was. */
async function removeQuiz(client: Client<true>, route: `/${string}`, commandRoute: (id: string) => `/${string}`): Promise<boolean> {
  const list = (await client.rest.get(route)) as APIApplicationCommand[];
  const stale = list.filter((c) => c.name === ROOT);
  for (const c of stale) await client.rest.delete(commandRoute(c.id));
  return stale.length > 0;
}

/**
 * Removes /quiz from the scope not in use, so switching DISCORD_GUILD_ID on or off never leaves two /quiz
 * in a server (Discord shows a guild command beside a global one of the same name). With a guild id: the
 * global /quiz. Without: a guild-scoped /quiz in each server the bot is in (up to the limit, one request
 * each, in order, so discord.js paces them). Returns the scopes cleared.
 */
export async function clearOtherScope(client: Client<true>, guildId?: string, limit = STALE_GUILD_CHECK_LIMIT): Promise<{ cleared: string[]; unchecked: number }> {
  const appId = client.application.id;
  if (guildId) {
    const removed = await removeQuiz(client, Routes.applicationCommands(appId), (id) => Routes.applicationCommand(appId, id));
    return { cleared: removed ? ['global'] : [], unchecked: 0 };
  }
  const guilds = [...client.guilds.cache.keys()];
  const cleared: string[] = [];
  for (const id of guilds.slice(0, limit)) {
    if (await removeQuiz(client, Routes.applicationGuildCommands(appId, id), (cmd) => Routes.applicationGuildCommand(appId, id, cmd))) cleared.push(id);
  }
  return { cleared, unchecked: Math.max(0, guilds.length - limit) };
}
