/** The Discord adapter over a real SQLite file, the real content and a fixed clock, against the fake Discord. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { APIEmbed } from 'discord.js';
import { createDiscordAdapter } from '../../../src/adapters/discord/index.ts';
import { createFolderSource } from '../../../src/content/folder.ts';
import { PackRegistry } from '../../../src/core/packs.ts';
import type { PlatformAdapter } from '../../../src/core/ports.ts';
import { createTutor, type Tutor } from '../../../src/core/tutor.ts';
import type { ChannelRef } from '../../../src/core/types.ts';
import { nodeCronCalendar } from '../../../src/scheduler/calendar.ts';
import { openDatabase } from '../../../src/store/index.ts';
import { createAsyncSqliteStore } from '../../../src/store/sqlite-async.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type RecordedCall } from '../../fakes/discord/index.ts';
import { CONTENT, memoryLog, T0 } from '../../helpers/world.ts';

export { T0 };
/** A pack whose title, prompt, options and solution carry @everyone, a role mention and code fences. */
export const PINGS_PACK = join(import.meta.dirname, 'fixtures', '00-mentions.md');

/** How a bot in a test is set up. */
export interface BotOptions {
  content?: string;
  /** STEPWISE_ADMINS, picked from the fake's seeded users. */
  admins?: (fake: FakeDiscord) => string[];
  /** Register per guild (default) or globally (null). */
  guildId?: string | null;
  retryDelaysMs?: number[];
  /** How long form-opening work gets before a defer (default 2.5 s, as in production). */
  formWaitMs?: number;
  fake?: FakeDiscordOptions;
  /** DISCORD_SHARDS / DISCORD_SHARD_COUNT: hold only these shards. */
  shards?: { ids: number[]; count: number };
}

/** A message body as the fake recorded it. */
export interface Body {
  content?: string;
  embeds?: APIEmbed[];
  components?: { type: number; components: { custom_id: string; label: string; style: number; disabled?: boolean }[] }[];
  flags?: number;
  allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean };
  message_reference?: { message_id: string };
  nonce?: string;
}

/** All the text a message shows: content, then each embed's author, title, description, fields and footer. */
export function textOf(body: Body | undefined): string {
  const parts = [body?.content ?? ''];
  for (const e of body?.embeds ?? []) {
    parts.push(e.author?.name ?? '', e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? '');
  }
  return parts.filter(Boolean).join('\n');
}

async function startBot(fake: FakeDiscord, dir: string, opts: BotOptions) {
  const db: Database.Database = openDatabase(join(dir, 'stepwise.db'));
  const { log, lines } = memoryLog();
  const clock = { t: T0, now: () => clock.t };
  let adapter: PlatformAdapter | undefined;
  const tutor: Tutor = createTutor({
    store: createAsyncSqliteStore(db),
    packs: new PackRegistry(createFolderSource(opts.content ?? CONTENT)),
    calendar: nodeCronCalendar,
    log,
    settings: { tz: 'UTC', windowMs: 24 * 3_600_000, catchupMs: 3_600_000, easyMs: 15_000 },
    chat: (p) => (p === 'discord' ? adapter?.port : undefined),
    defer: setImmediate,
  });
  tutor.reload();
  const guildId = opts.guildId === null ? undefined : (opts.guildId ?? fake.state.guild.id);
  adapter = createDiscordAdapter(tutor, { token: fake.token, apiUrl: fake.apiUrl, guildId, clock, log, admins: opts.admins?.(fake) ?? [], retryDelaysMs: opts.retryDelaysMs ?? [5, 10], ...(opts.shards ? { shards: opts.shards } : {}), ...(opts.formWaitMs !== undefined ? { formWaitMs: opts.formWaitMs } : {}) });
  await adapter.start();
  const channel: ChannelRef = { platform: 'discord', workspace: fake.state.guild.id, channel: fake.state.channel.id };
  return { db, tutor, adapter, log: lines, clock, channel, stop: async () => (await adapter.stop(), db.close()) };
}

/** What a user sees in answer to an interaction; `ms` is dispatch → callback as the fake measured it. */
export interface Seen {
  deferred: boolean;
  ms: number;
  flags: number;
  body: Body;
}

/** A running bot plus helpers to act as Discord users and read what the bot sent. */
export async function startHarness(opts: BotOptions = {}) {
  const fake = await startFakeDiscord(opts.fake);
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-discord-'));
  let bot = await startBot(fake, dir, opts);
  const { admin, learner } = fake.state.users;
  const channelMessages = `/channels/${fake.state.channel.id}/messages`;

  const h = {
    fake,
    dir,
    admin,
    learner,
    channelMessages,
    get bot() {
      return bot;
    },
    /** Stops the client and starts a new adapter (new client, new tutor) over the same database file. */
    async restart(): Promise<void> {
      await bot.stop();
      bot = await startBot(fake, dir, opts);
    },
    /** `/quiz [group] sub option:value …` from `userId`; returns the interaction payload. */
    slash(userId: string, sub: string, options?: Record<string, string | number> | { name: string; type: number; value: string }[], group?: string) {
      return fake.interact(fake.payloads.chatInputInteraction({ userId, subcommand: sub, ...(group ? { group } : {}), ...(options ? { options } : {}) }));
    },
    /** Presses a button on a stored message. */
    press(userId: string, messageId: string, customId: string) {
      return fake.interact(fake.payloads.buttonInteraction({ userId, message: messageId, customId }));
    },
    /** Adds a reaction as a user (the fake records it and sends MESSAGE_REACTION_ADD). */
    react(userId: string, messageId: string, emoji: string) {
      fake.dispatch('MESSAGE_REACTION_ADD', fake.payloads.reactionAdd({ userId, messageId, emoji }));
    },
    /** The reply a user sees: the callback's message, or the deferred placeholder's edit. `ms`: dispatch → callback. */
    async reply(payload: { id: string; token: string }): Promise<Seen> {
      const callback = await fake.waitForCall('POST', `/interactions/${payload.id}/${payload.token}/callback`);
      const ms = callback.at - fake.state.interactions.get(payload.id)!.dispatchedAt;
      const cb = callback.body as { type: number; data?: Body };
      if (cb.type === 4) return { deferred: false, ms, flags: cb.data?.flags ?? 0, body: cb.data ?? {} };
      const edit = await fake.waitForCall('PATCH', `/webhooks/${fake.state.applicationId}/${payload.token}/messages/@original`);
      return { deferred: true, ms, flags: cb.data?.flags ?? 0, body: edit.body as Body };
    },
    /** A button's update of the message it is on (callback type 7), or its ephemeral reply (type 4). */
    async update(payload: { id: string; token: string }): Promise<{ type: number; body: Body }> {
      const callback = await fake.waitForCall('POST', `/interactions/${payload.id}/${payload.token}/callback`);
      const cb = callback.body as { type: number; data?: Body };
      return { type: cb.type, body: cb.data ?? {} };
    },
    /** The message an interaction's reply became (an ephemeral's id, for pressing its buttons). */
    replyMessage(payload: { id: string }): string {
      return fake.state.interactions.get(payload.id)!.originalMessageId!;
    },
    /** `/quiz drop` as the admin; resolves once the reply is in, with the drop's message id. */
    async drop(pack?: string): Promise<{ dropId: number; messageId: string; reply: Seen }> {
      const reply = await h.reply(h.slash(admin.id, 'drop', pack ? { pack } : undefined));
      const drop = await bot.tutor.openDrop(bot.channel);
      if (!drop?.messageRef) throw new Error(`no open drop after /quiz drop: ${textOf(reply.body)}`);
      return { dropId: drop.id, messageId: drop.messageRef, reply };
    },
    /** Waits until the bot's nth reaction (default: all four) is on `messageId` (a 429 from the reaction bucket is not one). */
    reactions(messageId: string, nth = 4): Promise<RecordedCall> {
      return fake.waitForCall('PUT', new RegExp(`^${channelMessages}/${messageId}/reactions/.+/@me$`), { nth, where: (c) => c.status === 204 });
    },
    /** Every message body the bot sent or edited (channel posts, DMs, interaction replies and edits). */
    messageBodies(): Body[] {
      return fake.calls
        .filter((c) => /\/messages(\/[^/]+)?$|\/callback$|^\/webhooks\/\d+\/[^/]+$/.test(c.path) && (c.method === 'POST' || c.method === 'PATCH'))
        .map((c) => (c.path.endsWith('/callback') ? ((c.body as { data?: Body }).data ?? {}) : (c.body as Body)))
        .filter((b) => b.content !== undefined || b.embeds !== undefined);
    },
    /** Stops the bot and the fake, removes the folder; returns REST calls that matched no route. */
    async close(): Promise<string[]> {
      await bot.stop();
      const unknown = fake.unknownRoutes().map((c) => `${c.method} ${c.path}`);
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
      return unknown;
    },
  };
  return h;
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
