import type { APIPartialEmoji } from 'discord.js';
import type { FakeState } from './state.ts';

/** Parses the (already decoded) `:emoji` path segment: a unicode emoji, or `name:id` for a custom emoji. */
export function parseEmojiSegment(decoded: string): APIPartialEmoji | null {
  const custom = /^a?:?([\w~-]{2,32}):(\d{17,20})$/.exec(decoded);
  if (custom) return { id: custom[2] ?? null, name: custom[1] ?? null };
  // Anything with a non-ASCII char passes for a unicode emoji (keycaps like 1️⃣ start with an ASCII digit);
  // plain ASCII such as "check" is what Discord answers with 10014 Unknown Emoji.
  return /[^\x00-\x7f]/.test(decoded) ? { id: null, name: decoded } : null;
}

/** Key used for reaction bookkeeping: the unicode emoji itself, or `name:id`. */
export function emojiKey(emoji: { id?: string | null; name?: string | null }): string {
  return emoji.id ? `${emoji.name ?? ''}:${emoji.id}` : (emoji.name ?? '');
}

/** Users who reacted with `emoji` on a message, in reaction order. */
export function reactionUsers(state: FakeState, messageId: string, key: string): string[] {
  return state.reactionUsers.get(messageId)?.get(key) ?? [];
}

/** Adds or removes one user's reaction and rebuilds the stored message's `reactions` array. */
export function applyReaction(
  state: FakeState,
  messageId: string,
  emoji: APIPartialEmoji,
  userId: string,
  add: boolean,
): boolean {
  const key = emojiKey(emoji);
  const byEmoji = state.reactionUsers.get(messageId) ?? new Map<string, string[]>();
  state.reactionUsers.set(messageId, byEmoji);
  const users = byEmoji.get(key) ?? [];
  const had = users.includes(userId);
  if (add && !had) users.push(userId);
  if (!add && had) users.splice(users.indexOf(userId), 1);
  if (users.length) byEmoji.set(key, users);
  else byEmoji.delete(key);
  emojis.set(key, emoji);
  syncMessage(state, messageId);
  return add !== had;
}

/** Removes every reaction (or every reaction of one emoji) from a message. */
export function clearReactions(state: FakeState, messageId: string, key?: string): void {
  const byEmoji = state.reactionUsers.get(messageId);
  if (!byEmoji) return;
  if (key === undefined) byEmoji.clear();
  else byEmoji.delete(key);
  syncMessage(state, messageId);
}

// Remembers the emoji object for each key so `reactions[].emoji` keeps custom emoji ids.
const emojis = new Map<string, APIPartialEmoji>();

function syncMessage(state: FakeState, messageId: string): void {
  const message = state.messages.get(messageId);
  if (!message) return;
  const byEmoji = state.reactionUsers.get(messageId) ?? new Map<string, string[]>();
  const reactions = [...byEmoji.entries()].map(([key, users]) => ({
    count: users.length,
    count_details: { burst: 0, normal: users.length },
    me: users.includes(state.bot.id),
    me_burst: false,
    emoji: emojis.get(key) ?? { id: null, name: key },
    burst_colors: [],
  }));
  if (reactions.length) message.reactions = reactions;
  else delete message.reactions;
}
