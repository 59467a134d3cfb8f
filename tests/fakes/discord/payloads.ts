import type {
  ChannelFlags,
  Locale,
  APIApplicationCommandInteractionDataBasicOption,
  APIApplicationCommandInteractionDataOption,
  APIBaseInteraction,
  APIChatInputApplicationCommandInteractionData,
  APIApplicationCommandAutocompleteInteraction,
  APIChatInputApplicationCommandInteraction,
  APIMessageComponentButtonInteraction,
  APIMessageComponentSelectMenuInteraction,
  APIModalSubmitInteraction,
  APIMessage,
  GatewayMessageCreateDispatchData,
  GatewayMessageReactionAddDispatchData,
  GatewayMessageReactionRemoveDispatchData,
  InteractionType,
} from 'discord.js';
import { createMessage, dmChannelPayload, interactionMemberPayload, memberPayload, userOf } from './entities.ts';
import { snowflake } from './snowflake.ts';
import { channelPermissions, guildOfChannel, isGuildChannel, memberPermissions, type FakeState } from './state.ts';

export * from './entities.ts';

/** Option values for a chat-input interaction: a name→value map or raw Discord option objects. */
export type OptionsInput = Record<string, string | number | boolean> | APIApplicationCommandInteractionDataBasicOption[];

/** Who triggers an interaction and where (the channel's server); defaults: `users.learner` in the seeded text channel. */
export interface InteractionContext {
  userId?: string;
  channelId?: string;
  /** Send from the user's DM with the bot (no guild, `user` instead of `member`, context 1). */
  inDm?: boolean;
  locale?: string;
  /** Overrides the computed `app_permissions` (bot permissions in the channel). */
  appPermissions?: bigint | string;
}

/** Input for chatInputInteraction(). */
export interface ChatInputSpec extends InteractionContext {
  commandName?: string;
  group?: string;
  subcommand?: string;
  options?: OptionsInput;
}

/** Input for autocompleteInteraction(): like chat input, plus which option is being typed. */
export interface AutocompleteSpec extends ChatInputSpec {
  focused: { name: string; value: string; type?: 3 | 4 | 10 };
}

/** Input for buttonInteraction()/stringSelectInteraction(). */
export interface ComponentSpec extends InteractionContext {
  customId: string;
  /** The message carrying the component (a stored message id or a full message). */
  message: string | APIMessage;
}

/** Maps JS values to Discord option types: string 3, integer 4, boolean 5, non-integer number 10. */
export function toOptions(input: OptionsInput | undefined): APIApplicationCommandInteractionDataBasicOption[] {
  if (!input) return [];
  if (Array.isArray(input)) return input;
  return Object.entries(input).map(([name, value]): APIApplicationCommandInteractionDataBasicOption => {
    if (typeof value === 'string') return { name, type: 3, value };
    if (typeof value === 'boolean') return { name, type: 5, value };
    return Number.isInteger(value) ? { name, type: 4, value } : { name, type: 10, value };
  });
}

function nestOptions(
  spec: ChatInputSpec,
  leaf: APIApplicationCommandInteractionDataBasicOption[],
): APIApplicationCommandInteractionDataOption[] {
  if (!spec.subcommand) return leaf;
  const sub: APIApplicationCommandInteractionDataOption = { type: 1, name: spec.subcommand, options: leaf };
  return spec.group ? [{ type: 2, name: spec.group, options: [sub] as never }] : [sub];
}

type InteractionBase<T extends InteractionType> = Omit<APIBaseInteraction<T, never>, 'data' | 'message'> &
  Required<Pick<APIBaseInteraction<T, never>, 'channel' | 'channel_id' | 'app_permissions'>>;

/** Fields every interaction shares: ids, token, who/where, permissions, locale. */
function baseInteraction<T extends InteractionType>(state: FakeState, type: T, ctx: InteractionContext): InteractionBase<T> {
  const userId = ctx.userId ?? state.users.learner.id;
  const id = snowflake();
  // Real tokens are base64url of "interaction:<id>:<secret>" — URL-safe, so they travel unencoded.
  const secret = Math.random().toString(36).slice(2).repeat(4);
  const token = Buffer.from(`interaction:${id}:${secret}`).toString('base64url');
  const common = {
    id,
    application_id: state.applicationId,
    type,
    token,
    version: 1 as const,
    locale: (ctx.locale ?? 'en-US') as Locale,
    entitlements: [],
    attachment_size_limit: state.attachmentSizeLimit,
  };
  if (ctx.inDm) {
    const channel = dmChannelPayload(state, userId);
    return {
      ...common,
      channel: { id: channel.id, type: 1 as const, last_message_id: channel.last_message_id, flags: 0 as ChannelFlags, recipients: channel.recipients },
      channel_id: channel.id,
      user: userOf(state, userId),
      app_permissions: (ctx.appPermissions ?? memberPermissions(state, state.bot.id)).toString(),
      // In a bot DM the guild-install owner is reported as "0".
      authorizing_integration_owners: { '0': '0' },
      context: 1 as const,
    };
  }
  const channelId = ctx.channelId ?? state.channel.id;
  const channel = state.channels.get(channelId);
  if (!channel || !isGuildChannel(state, channelId)) throw new Error(`fake discord: ${channelId} is not a guild channel`);
  const guild = guildOfChannel(state, channelId);
  return {
    ...common,
    guild: { id: guild.id, locale: 'en-US' as Locale, features: [] },
    guild_id: guild.id,
    guild_locale: 'en-US' as Locale,
    channel: channel as never,
    channel_id: channelId,
    member: interactionMemberPayload(state, userId, guild),
    // Interaction docs: app_permissions are the bot's permissions in the channel (overwrites included).
    app_permissions: (ctx.appPermissions ?? channelPermissions(state, state.bot.id, channelId)).toString(),
    authorizing_integration_owners: { '0': guild.id },
    context: 0 as const,
  };
}

function commandData(state: FakeState, spec: ChatInputSpec, options: APIApplicationCommandInteractionDataOption[]) {
  const name = spec.commandName ?? 'quiz';
  const guild = guildOfChannel(state, spec.channelId ?? state.channel.id);
  // Reuse the id of a registered command so the interaction matches what the bot deployed.
  const guildCommand = state.guildCommands.get(guild.id)?.find((c) => c.name === name);
  const command = guildCommand ?? state.globalCommands.find((c) => c.name === name);
  const data: APIChatInputApplicationCommandInteractionData = {
    id: command?.id ?? snowflake(),
    name,
    type: 1,
    ...(options.length ? { options } : {}),
    ...(guildCommand && !spec.inDm ? { guild_id: guild.id } : {}),
  };
  // A ROLE option (type 8) can only name a role of the server (Discord's picker offers no other); its
  // object comes in resolved.roles.
  const roles = options.flatMap(flatten).filter((o) => o.type === 8);
  for (const o of roles) if (!guild.roleById.has(String(o.value))) throw new Error(`fake discord: no role ${String(o.value)} in guild ${guild.id}`);
  if (roles.length) data.resolved = { roles: Object.fromEntries(roles.map((o) => [String(o.value), guild.roleById.get(String(o.value))!])) };
  // Attachment options carry the id; the file itself is in resolved.attachments (application-commands docs).
  const files = options.flatMap(flatten).filter((o) => o.type === 11);
  const attachments = Object.fromEntries(
    files.map((o) => {
      const file = state.attachments.get(String(o.value));
      if (!file) throw new Error(`fake discord: no attachment ${String(o.value)}; add it with addAttachment()`);
      return [file.payload.id, file.payload];
    }),
  );
  const users = options.flatMap(flatten).filter((o) => o.type === 6);
  if (files.length) data.resolved = { ...data.resolved, attachments };
  if (users.length) {
    data.resolved = {
      ...data.resolved,
      users: Object.fromEntries(users.map((o) => [String(o.value), userOf(state, String(o.value))])),
      members: spec.inDm
        ? {}
        : Object.fromEntries(
            users
              .filter((o) => guild.members.has(String(o.value)))
              .map((o) => {
                const { user: _user, deaf: _d, mute: _m, ...rest } = memberPayload(state, String(o.value), guild);
                return [String(o.value), { ...rest, permissions: memberPermissions(state, String(o.value), guild).toString() }];
              }),
          ),
    };
  }
  return data;
}

function flatten(o: APIApplicationCommandInteractionDataOption): APIApplicationCommandInteractionDataBasicOption[] {
  return 'options' in o && (o.type === 1 || o.type === 2) ? (o.options ?? []).flatMap(flatten) : [o as APIApplicationCommandInteractionDataBasicOption];
}

/** INTERACTION_CREATE data for a slash command (type 2, data.type 1), e.g. `/quiz start topic:algebra`. */
export function chatInputInteraction(state: FakeState, spec: ChatInputSpec = {}): APIChatInputApplicationCommandInteraction {
  const data = commandData(state, spec, nestOptions(spec, toOptions(spec.options)));
  return { ...baseInteraction(state, 2, spec), data };
}

/** INTERACTION_CREATE data for autocomplete (type 4): the focused option carries the partial input as a string. */
export function autocompleteInteraction(
  state: FakeState,
  spec: AutocompleteSpec,
): APIApplicationCommandAutocompleteInteraction {
  const focused = { name: spec.focused.name, type: spec.focused.type ?? 3, value: spec.focused.value, focused: true };
  const leaf = [...toOptions(spec.options), focused] as APIApplicationCommandInteractionDataBasicOption[];
  // Autocomplete option values are unvalidated user input, hence the looser data type.
  const data = commandData(state, spec, nestOptions(spec, leaf)) as APIApplicationCommandAutocompleteInteraction['data'];
  return { ...baseInteraction(state, 4, spec), data };
}

function componentMessage(state: FakeState, message: string | APIMessage): APIMessage {
  if (typeof message !== 'string') return message;
  const stored = state.messages.get(message);
  if (!stored) throw new Error(`fake discord: no stored message ${message} for the component interaction`);
  return stored;
}

/** INTERACTION_CREATE data for a button click (type 3, component_type 2) on a stored or given message. */
export function buttonInteraction(state: FakeState, spec: ComponentSpec): APIMessageComponentButtonInteraction {
  const message = componentMessage(state, spec.message);
  const ctx = { channelId: message.channel_id, ...spec };
  return { ...baseInteraction(state, 3, ctx), data: { custom_id: spec.customId, component_type: 2 }, message };
}

/** INTERACTION_CREATE data for a string select (type 3, component_type 3) with the chosen `values`. */
export function stringSelectInteraction(
  state: FakeState,
  spec: ComponentSpec & { values: string[] },
): APIMessageComponentSelectMenuInteraction {
  const message = componentMessage(state, spec.message);
  const ctx = { channelId: message.channel_id, ...spec };
  const data = { custom_id: spec.customId, component_type: 3 as const, values: spec.values };
  return { ...baseInteraction(state, 3, ctx), data, message };
}

/** One submitted text input: its custom id and what the person typed ('' for an optional input left empty). */
export interface SubmittedInput {
  customId: string;
  value: string;
  /** Inside a Label component (type 18) instead of an action row, as the modal had it. */
  inLabel?: boolean;
}

/**
 * INTERACTION_CREATE data for a modal submit (type 5) as Discord sends it: each text input in its action row
 * (or Label), with the component ids Discord numbers from 1 when the bot gave none; `message` when the modal
 * was opened from a component on that message. `fields` is shorthand for inputs in action rows.
 */
export function modalSubmitInteraction(
  state: FakeState,
  spec: InteractionContext & { customId: string; fields?: Record<string, string>; inputs?: SubmittedInput[]; message?: string | APIMessage },
): APIModalSubmitInteraction {
  const inputs: SubmittedInput[] = spec.inputs ?? Object.entries(spec.fields ?? {}).map(([customId, value]) => ({ customId, value }));
  let id = 0;
  const components = inputs.map((input) => {
    const outer = ++id;
    const inner = { type: 4 as const, id: ++id, custom_id: input.customId, value: input.value };
    return input.inLabel ? { type: 18 as const, id: outer, component: inner } : { type: 1 as const, id: outer, components: [inner] };
  });
  const message = spec.message === undefined ? undefined : componentMessage(state, spec.message);
  const ctx = message ? { channelId: message.channel_id, ...spec } : spec;
  const data = { custom_id: spec.customId, components } as unknown as APIModalSubmitInteraction['data'];
  return { ...baseInteraction(state, 5, ctx), data, ...(message ? { message } : {}) } as APIModalSubmitInteraction;
}

/** Input for reactionAdd()/reactionRemove(). */
export interface ReactionSpec {
  userId?: string;
  messageId: string;
  channelId?: string;
  /** Unicode emoji, or `{ id, name }` for a custom emoji. */
  emoji: string | { id: string; name: string };
  /** Author of the reacted message; defaults to the stored message's author, else the bot. */
  messageAuthorId?: string;
}

/** MESSAGE_REACTION_ADD data as Discord sends it in a guild (with member, message_author_id, burst, type). */
export function reactionAdd(state: FakeState, spec: ReactionSpec): GatewayMessageReactionAddDispatchData {
  const userId = spec.userId ?? state.users.learner.id;
  const channelId = spec.channelId ?? state.messages.get(spec.messageId)?.channel_id ?? state.channel.id;
  const inGuild = isGuildChannel(state, channelId);
  const authorId = spec.messageAuthorId ?? state.messages.get(spec.messageId)?.author.id ?? state.bot.id;
  return {
    user_id: userId,
    channel_id: channelId,
    message_id: spec.messageId,
    ...(inGuild ? { guild_id: guildOfChannel(state, channelId).id, member: memberPayload(state, userId, guildOfChannel(state, channelId)) } : {}),
    emoji: typeof spec.emoji === 'string' ? { id: null, name: spec.emoji } : { ...spec.emoji, animated: false },
    message_author_id: authorId,
    burst: false,
    burst_colors: [],
    type: 0,
  };
}

/** MESSAGE_REACTION_REMOVE data (no member field, as on Discord). */
export function reactionRemove(state: FakeState, spec: ReactionSpec): GatewayMessageReactionRemoveDispatchData {
  const { member: _member, message_author_id: _a, burst_colors: _b, ...rest } = reactionAdd(state, spec);
  return rest;
}

/** MESSAGE_CREATE data for a user message (stored, so the bot can fetch it afterwards). */
export function messageCreate(
  state: FakeState,
  spec: { userId?: string; channelId?: string; content: string },
): GatewayMessageCreateDispatchData {
  const userId = spec.userId ?? state.users.learner.id;
  const channelId = spec.channelId ?? state.channel.id;
  const inGuild = isGuildChannel(state, channelId);
  const message = createMessage(state, channelId, { content: spec.content }, { author: userOf(state, userId) });
  if (!inGuild) return { ...message, mentions: [] };
  const guild = guildOfChannel(state, channelId);
  const { user: _user, ...member } = memberPayload(state, userId, guild);
  return { ...message, guild_id: guild.id, member, mentions: [] };
}
