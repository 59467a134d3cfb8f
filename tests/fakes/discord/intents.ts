/** Gateway intent bits (Discord "List of Intents"). */
export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  GuildMessageTyping: 1 << 11,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  DirectMessageTyping: 1 << 14,
  MessageContent: 1 << 15,
} as const;

const GUILD_EVENTS = /^(GUILD_(CREATE|UPDATE|DELETE|ROLE_\w+)|CHANNEL_\w+|THREAD_\w+)$/;

function requiredIntent(event: string, inGuild: boolean): number | null {
  if (GUILD_EVENTS.test(event)) return Intent.Guilds;
  if (/^GUILD_MEMBER_(ADD|UPDATE|REMOVE)$/.test(event)) return Intent.GuildMembers;
  if (event === 'PRESENCE_UPDATE') return Intent.GuildPresences;
  if (/^MESSAGE_(CREATE|UPDATE|DELETE|DELETE_BULK)$/.test(event)) return inGuild ? Intent.GuildMessages : Intent.DirectMessages;
  if (event.startsWith('MESSAGE_REACTION_')) return inGuild ? Intent.GuildMessageReactions : Intent.DirectMessageReactions;
  if (event === 'TYPING_START') return inGuild ? Intent.GuildMessageTyping : Intent.DirectMessageTyping;
  // INTERACTION_CREATE, READY, RESUMED, USER_UPDATE ... need no intent.
  return null;
}

/**
 * What a session with `intents` receives for this dispatch: null when Discord would not send it,
 * and guild message content blanked without MESSAGE_CONTENT (except the bot's own messages/mentions).
 */
export function applyIntents(event: string, data: unknown, intents: number, botId: string): unknown {
  const d = (data ?? {}) as Record<string, unknown>;
  const inGuild = typeof d.guild_id === 'string';
  const required = requiredIntent(event, inGuild);
  if (required !== null && (intents & required) === 0) return null;
  if ((event === 'MESSAGE_CREATE' || event === 'MESSAGE_UPDATE') && inGuild && (intents & Intent.MessageContent) === 0) {
    const author = (d.author as { id?: string } | undefined)?.id;
    const mentioned = Array.isArray(d.mentions) && d.mentions.some((u: { id?: string }) => u.id === botId);
    if (author !== botId && !mentioned) return { ...d, content: '', embeds: [], attachments: [], components: [] };
  }
  return data;
}
