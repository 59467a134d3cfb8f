import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIAttachment, APIGuildForumChannel, APIMessage, APIRole, APIOverwrite, APITextChannel, APIThreadChannel, APIUser, ChannelFlags } from 'discord.js';
import { Faults, type FailSpec, type RateLimitSpec } from './faults.ts';
import { FakeGateway, type GatewayEvent } from './gateway.ts';
import type { RecordedCall } from './http.ts';
import { EventLog, type WaitOptions } from './log.ts';
import * as payloads from './payloads.ts';
import { submittedValues, type ModalData } from './modals.ts';
import { applyReaction } from './reactions.ts';
import { createRestHandler } from './rest.ts';
import { role as makeRole } from './guilds.ts';
import { snowflake } from './snowflake.ts';
import { addGuildToState, addMemberToState, createState, threadOf, type FakeGuild, type FakeState, type GuildSpec, type MemberSpec, type StateOptions } from './state.ts';

// Re-exported so tests import everything from one place.
export type { FailSpec, RateLimitSpec } from './faults.ts';
export type { GatewayEvent } from './gateway.ts';
export type { RecordedCall } from './http.ts';
export type { WaitOptions } from './log.ts';
export type { ModalData, ModalTextInput } from './modals.ts';
export { Intent } from './intents.ts';
export type { FakeGuild, FakeState, GuildSpec, MemberSpec } from './state.ts';
export { Perm, DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, channelPermissions } from './state.ts';
export { snowflake } from './snowflake.ts';
export { nextEvent } from './client-events.ts';

/** Options for startFakeDiscord(); all optional. */
export interface FakeDiscordOptions extends StateOptions {
  /** Bot token the client must log in with. Default 'fake-bot-token'. */
  token?: string;
  /** HELLO heartbeat_interval. Default 41250 ms like Discord; lower it to exercise heartbeats. */
  heartbeatIntervalMs?: number;
  /** Emulated rate-limit buckets; none by default. */
  rateLimits?: RateLimitSpec[];
  /** Drop gateway events the client's intents do not cover. Default true. */
  filterIntents?: boolean;
  /** Privileged intents enabled in the "developer portal". Default: all three. */
  allowedPrivilegedIntents?: number;
  /** Echo the bot's own messages/reactions as gateway events, like Discord. Default true. */
  echoBotActions?: boolean;
  /** Callbacks later than this after dispatch get 10062 Unknown interaction. Default 3000 (Discord's limit). */
  interactionTimeoutMs?: number;
  /** Discord's global limit, 50 requests/s per bot token (interaction routes exempt). 0 switches it off. */
  globalRequestsPerSecond?: number;
  /** One reaction add/remove per this many ms per channel. Default 250; 0 switches it off. */
  reactionIntervalMs?: number;
  /**
   * Shards Discord requires (a bot in more than 2,500 servers): GET /gateway/bot recommends this many, and an
   * IDENTIFY with fewer is closed with 4011 "Sharding required". Default 1.
   */
  requiredShards?: number;
  /** session_start_limit.max_concurrency: shards that may IDENTIFY at once. Default 1, as for most bots. */
  maxConcurrency?: number;
  /** Close every IDENTIFY with this code (4004, 4011, 4013, 4014 …), as Discord does when it refuses a bot. */
  refuseIdentify?: { code: number; reason: string };
}

/** A channel to add with `fake.addChannel()`. */
export interface ChannelSpec {
  name: string;
  /** 0 text (default), 5 announcement, 15 forum. */
  type?: 0 | 5 | 15;
  overwrites?: APIOverwrite[];
}

/** A thread to add with `fake.addThread()` (a forum post is a public thread whose parent is a forum). */
export interface ThreadSpec {
  parentId: string;
  name?: string;
  /** 11 public (default), 12 private, 10 announcement thread. */
  type?: 10 | 11 | 12;
  archived?: boolean;
  locked?: boolean;
}

type Bound<F> = F extends (state: FakeState, ...rest: infer A) => infer R ? (...args: A) => R : never;

/** Payload builders from payloads.ts, bound to this fake's state. */
export interface BoundPayloads {
  chatInputInteraction: Bound<typeof payloads.chatInputInteraction>;
  autocompleteInteraction: Bound<typeof payloads.autocompleteInteraction>;
  buttonInteraction: Bound<typeof payloads.buttonInteraction>;
  stringSelectInteraction: Bound<typeof payloads.stringSelectInteraction>;
  modalSubmitInteraction: Bound<typeof payloads.modalSubmitInteraction>;
  reactionAdd: Bound<typeof payloads.reactionAdd>;
  reactionRemove: Bound<typeof payloads.reactionRemove>;
  messageCreate: Bound<typeof payloads.messageCreate>;
}

/** A running fake Discord (REST + Gateway) on 127.0.0.1. */
export interface FakeDiscord {
  /** Random port on 127.0.0.1 (REST and gateway share it). */
  port: number;
  /** Pass as `new Client({ rest: { api: apiUrl } })`; discord.js appends /v10. */
  apiUrl: string;
  /** What GET /gateway/bot returns (ws://127.0.0.1:PORT/gateway, no query). */
  gatewayUrl: string;
  /** The bot token to pass to client.login(). */
  token: string;
  /** The seeded world: ids (guild, channel, bot, users, roles) and stores (messages, commands ...). */
  state: FakeState;
  /** Gateway payload builders bound to `state`. */
  payloads: BoundPayloads;
  /** All REST calls so far, in arrival order. */
  readonly calls: readonly RecordedCall[];
  /** Recorded calls for a method and path (exact string, or a RegExp without the g flag). */
  callsTo(method: string, path: RegExp | string): RecordedCall[];
  /** Resolves with the nth matching call (past or future); never sleep in tests, await this. */
  waitForCall(method: string, path: RegExp | string, options?: WaitOptions<RecordedCall>): Promise<RecordedCall>;
  /** Calls that matched no route (404 code 0); a healthy bot causes none. */
  unknownRoutes(): RecordedCall[];
  /** Makes the next `times` matching requests fail (429 with rate-limit headers, 5xx, or any Discord error). */
  failNext(spec: FailSpec): void;
  /** Failures queued with failNext() that have not fired yet. */
  readonly pendingFailures: number;
  /** Sends op 0 to every identified session (buffered for sessions that are mid-resume). */
  dispatch(event: string, data: unknown): number;
  /** Dispatches INTERACTION_CREATE and returns the payload (its id/token identify the callback). */
  interact<T extends { id: string; token: string }>(payload: T): T;
  /** The modal the bot opened in answer to an interaction (callback type 9), or undefined. */
  modalOf(interactionId: string): ModalData | undefined;
  /**
   * Submits the modal opened in answer to `opened` as its person would: every input, the prefilled text where
   * `typed` has nothing, refused (thrown) where the Discord client would not let them submit. Dispatches the
   * MODAL_SUBMIT (type 5) interaction, from the same person and channel (and message, for a button's modal).
   */
  submitModal(opened: { id: string }, typed?: Record<string, string>): ReturnType<typeof payloads.modalSubmitInteraction>;
  /** Stores a message (e.g. from a user, before the bot started) without sending any event. */
  seedMessage(spec: { authorId?: string; channelId?: string; content: string }): APIMessage;
  /** The files a message carries, as uploaded (name, content type, bytes); empty for none. */
  filesOf(messageId: string): { name: string; contentType: string; bytes: Buffer; attachmentId: string }[];
  /** Replaces the bot role's permissions (effective = @everyone | bot role) and sends GUILD_ROLE_UPDATE (to that guild's shard). */
  setBotPermissions(permissions: bigint | string, guildId?: string): void;
  /**
   * Adds a server the bot is in (the seeded people, its own roles and a text channel; `shard` picks an id
   * on that shard) and sends GUILD_CREATE to the session holding its shard, as when the bot is invited.
   */
  addGuild(spec?: GuildSpec): FakeGuild;
  /** Adds a role without permissions to a server (default: the seeded one) and sends GUILD_ROLE_CREATE. */
  addRole(name: string, guildId?: string): APIRole;
  /** Gives/takes a role of the seeded server and sends GUILD_MEMBER_UPDATE. */
  setMemberRole(userId: string, roleId: string, has: boolean): void;
  /**
   * A file a person attaches to a slash-command option: returns its payload; pass its id as the option's
   * value (type 11). Its signed URL is served by the fake's CDN route.
   */
  addAttachment(spec: { filename: string; content: string | Uint8Array; contentType?: string; channelId?: string }): APIAttachment;
  /** Gives/takes the Manager role (Manage Server, 0x20) and sends GUILD_MEMBER_UPDATE. */
  setManageGuild(userId: string, enabled: boolean): void;
  /** Adds a guild channel and sends CHANNEL_CREATE. */
  addChannel(spec: ChannelSpec): APITextChannel;
  /** Adds a thread under a text or forum channel and sends THREAD_CREATE. */
  addThread(spec: ThreadSpec): APIThreadChannel;
  /** Archives (or unarchives) a thread, as Discord does after its auto-archive duration; sends THREAD_UPDATE. */
  setThreadArchived(threadId: string, archived: boolean, locked?: boolean): void;
  /** Sets (replaces) one permission overwrite on a channel and sends CHANNEL_UPDATE. */
  setOverwrite(channelId: string, overwrite: APIOverwrite): void;
  /** Deletes a channel (its messages stay unreachable: 10003 from then on) and sends CHANNEL_DELETE. */
  deleteChannel(channelId: string): void;
  /** 429s answered by Discord's global limit and by the reaction bucket so far. */
  readonly limited: { global: number; reaction: number };
  /** Makes DMs to the user fail with 403 / 50007 "Cannot send messages to this user". */
  setDmBlocked(userId: string, blocked?: boolean): void;
  /** Adds a guild member at runtime and sends GUILD_MEMBER_ADD (needs the GuildMembers intent). */
  addMember(spec: MemberSpec): APIUser;
  /** Closes every gateway socket (default code 4000 → discord.js resumes); resolves once closed. */
  disconnect(options?: { code?: number; terminate?: boolean }): Promise<void>;
  /** Sends op 9; with resumable=false (default) the client must re-IDENTIFY (discord.js waits ~5 s to do so). */
  invalidateSessions(resumable?: boolean): void;
  /** Sends op 7 Reconnect; discord.js closes with 4200 and resumes. */
  requestReconnect(): void;
  /** Open sockets that completed IDENTIFY or RESUME. */
  readonly connectedSessions: number;
  readonly identifyCount: number;
  readonly resumeCount: number;
  readonly heartbeatCount: number;
  /** Gateway log: connect/identify/resume/heartbeat/dispatch/close/op events in order. */
  readonly gatewayEvents: readonly GatewayEvent[];
  /** Resolves with the nth gateway event of `kind` (past or future). */
  waitForGateway(kind: GatewayEvent['kind'], options?: WaitOptions<GatewayEvent>): Promise<GatewayEvent>;
  /** Terminates sockets, rejects pending waiters and stops the HTTP server (destroy clients first). */
  close(): Promise<void>;
}

const pathMatches = (pattern: RegExp | string, path: string): boolean =>
  typeof pattern === 'string' ? pattern === path : pattern.test(path);

/** Starts the fake on a random 127.0.0.1 port with a seeded guild (see state.ts). */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const state = createState(options);
  const token = options.token ?? 'fake-bot-token';
  const calls = new EventLog<RecordedCall>((c) => `${c.method} ${c.path} -> ${c.status}`);
  const faults = new Faults(options.rateLimits, {
    globalPerSecond: options.globalRequestsPerSecond ?? 50,
    reactionIntervalMs: options.reactionIntervalMs ?? 250,
  });
  const requiredShards = options.requiredShards ?? 1;
  let base = '';
  const gateway = new FakeGateway({
    state,
    token,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    filterIntents: options.filterIntents ?? true,
    allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? (1 << 1) | (1 << 8) | (1 << 15),
    requiredShards,
    ...(options.refuseIdentify ? { refuseIdentify: options.refuseIdentify } : {}),
    url: () => `ws://${base}/gateway`,
  });
  const server = createServer(
    createRestHandler({
      state,
      token,
      faults,
      calls,
      dispatch: (event, data) => void gateway.dispatch(event, data),
      echo: options.echoBotActions ?? true,
      interactionTimeoutMs: options.interactionTimeoutMs ?? 3000,
      gatewayUrl: () => `ws://${base}/gateway`,
      recommendedShards: requiredShards,
      maxConcurrency: options.maxConcurrency ?? 1,
    }),
  );
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `127.0.0.1:${port}`;

  /** Keeps the fake's world consistent with what tests push through the gateway. */
  const observe = (event: string, data: unknown): void => {
    if (event === 'INTERACTION_CREATE') {
      const i = data as { id: string; token: string; type: number; channel_id?: string; guild_id?: string; member?: { user: APIUser }; user?: APIUser; message?: APIMessage };
      state.interactions.set(i.id, {
        id: i.id,
        token: i.token,
        type: i.type,
        channelId: i.channel_id ?? state.channel.id,
        guildId: i.guild_id ?? null,
        userId: i.member?.user.id ?? i.user?.id ?? state.users.learner.id,
        dispatchedAt: Date.now(),
        callbackType: null,
        originalMessageId: null,
        sourceMessageId: i.message?.id ?? null,
      });
    } else if (event === 'MESSAGE_REACTION_ADD' || event === 'MESSAGE_REACTION_REMOVE') {
      const r = data as { message_id: string; user_id: string; emoji: { id: string | null; name: string | null } };
      applyReaction(state, r.message_id, r.emoji, r.user_id, event === 'MESSAGE_REACTION_ADD');
    }
  };
  const dispatch = (event: string, data: unknown): number => {
    observe(event, data);
    return gateway.dispatch(event, data);
  };
  const memberUpdate = (userId: string): void => {
    const { deaf: _d, mute: _m, ...member } = payloads.memberPayload(state, userId);
    gateway.dispatch('GUILD_MEMBER_UPDATE', { guild_id: state.guild.id, ...member });
  };
  const bind = <A extends unknown[], R>(fn: (s: FakeState, ...args: A) => R) => (...args: A): R => fn(state, ...args);

  return {
    port,
    apiUrl: `http://${base}/api`,
    gatewayUrl: `ws://${base}/gateway`,
    token,
    state,
    payloads: {
      chatInputInteraction: bind(payloads.chatInputInteraction),
      autocompleteInteraction: bind(payloads.autocompleteInteraction),
      buttonInteraction: bind(payloads.buttonInteraction),
      stringSelectInteraction: bind(payloads.stringSelectInteraction),
      modalSubmitInteraction: bind(payloads.modalSubmitInteraction),
      reactionAdd: bind(payloads.reactionAdd),
      reactionRemove: bind(payloads.reactionRemove),
      messageCreate: bind(payloads.messageCreate),
    },
    get calls() {
      return calls.entries;
    },
    callsTo: (method, path) => calls.entries.filter((c) => c.method === method.toUpperCase() && pathMatches(path, c.path)),
    waitForCall: (method, path, waitOptions) =>
      calls.waitFor((c) => c.method === method.toUpperCase() && pathMatches(path, c.path), `${method} ${String(path)}`, waitOptions),
    unknownRoutes: () => calls.entries.filter((c) => c.unknownRoute),
    failNext: (spec) => faults.failNext(spec),
    get pendingFailures() {
      return faults.pendingCount;
    },
    dispatch,
    interact: (payload) => {
      dispatch('INTERACTION_CREATE', payload);
      return payload;
    },
    modalOf: (interactionId) => state.interactions.get(interactionId)?.modal,
    submitModal: (opened, typed = {}) => {
      const source = state.interactions.get(opened.id);
      if (!source?.modal) throw new Error(`fake discord: interaction ${opened.id} opened no modal`);
      const labelled = new Set(source.modal.components.flatMap((c) => (c.type === 18 ? [c.component.custom_id] : [])));
      const inputs = submittedValues(source.modal, typed).map(({ input, value }) => ({ customId: input.custom_id, value, inLabel: labelled.has(input.custom_id) }));
      const payload = payloads.modalSubmitInteraction(state, {
        userId: source.userId,
        ...(source.guildId ? { channelId: source.channelId } : { inDm: true }),
        customId: source.modal.custom_id,
        inputs,
        ...(source.sourceMessageId && state.messages.has(source.sourceMessageId) ? { message: source.sourceMessageId } : {}),
      });
      dispatch('INTERACTION_CREATE', payload);
      return payload;
    },
    filesOf: (messageId) => state.uploads.get(messageId) ?? [],
    seedMessage: ({ authorId, channelId, content }) =>
      payloads.createMessage(state, channelId ?? state.channel.id, { content }, { author: payloads.userOf(state, authorId ?? state.users.learner.id) }),
    setBotPermissions: (permissions, guildId = state.guild.id) => {
      const guild = state.guilds.get(guildId);
      const role = guild?.roleById.get(guild.roles.bot);
      if (!role) throw new Error(`fake discord: no guild ${guildId}`);
      role.permissions = BigInt(permissions).toString();
      gateway.dispatch('GUILD_ROLE_UPDATE', { guild_id: guildId, role });
    },
    addGuild: (spec) => {
      const guild = addGuildToState(state, spec);
      gateway.dispatch('GUILD_CREATE', payloads.guildCreatePayload(state, guild), guild.id);
      return guild;
    },
    addRole: (name, guildId = state.guild.id) => {
      const guild = state.guilds.get(guildId);
      if (!guild) throw new Error(`fake discord: no guild ${guildId}`);
      const made = makeRole(snowflake(), name, 0n, guild.roleById.size);
      guild.roleById.set(made.id, made);
      gateway.dispatch('GUILD_ROLE_CREATE', { guild_id: guildId, role: made });
      return made;
    },
    setMemberRole: (userId, roleId, has) => {
      const member = state.members.get(userId);
      if (!member) throw new Error(`fake discord: ${userId} is not a member`);
      if (!state.guild.roleById.has(roleId)) throw new Error(`fake discord: no role ${roleId} in the seeded guild`);
      member.roles = member.roles.filter((r) => r !== roleId).concat(has ? [roleId] : []);
      memberUpdate(userId);
    },
    addAttachment: ({ filename, content, contentType, channelId }) => {
      const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
      const id = snowflake();
      const hm = randomBytes(16).toString('hex');
      const ex = Math.floor(Date.now() / 1000 + 86_400).toString(16);
      const is = Math.floor(Date.now() / 1000).toString(16);
      const path = `/attachments/${channelId ?? state.channel.id}/${id}/${encodeURIComponent(filename)}?ex=${ex}&is=${is}&hm=${hm}&`;
      const payload: APIAttachment = {
        id,
        filename,
        size: bytes.length,
        url: `http://${base}${path}`,
        proxy_url: `http://${base}${path}`,
        ...(contentType ? { content_type: contentType } : {}),
        ephemeral: true,
      };
      state.attachments.set(id, { payload, bytes, hm });
      return payload;
    },
    setManageGuild: (userId, enabled) => {
      const member = state.members.get(userId);
      if (!member) throw new Error(`fake discord: ${userId} is not a member`);
      member.roles = member.roles.filter((r) => r !== state.roles.manager).concat(enabled ? [state.roles.manager] : []);
      memberUpdate(userId);
    },
    addChannel: (spec) => {
      const channel = { ...state.channel, id: snowflake(), name: spec.name, type: spec.type ?? 0, position: state.channels.size, permission_overwrites: spec.overwrites ?? [], last_message_id: null } as APITextChannel;
      if (spec.type === 15) Object.assign(channel as unknown as APIGuildForumChannel, { available_tags: [], default_reaction_emoji: null, default_sort_order: null, default_forum_layout: 0, default_thread_rate_limit_per_user: 0 });
      state.channels.set(channel.id, channel);
      gateway.dispatch('CHANNEL_CREATE', channel);
      return channel;
    },
    addThread: (spec) => {
      const parent = state.channels.get(spec.parentId);
      if (!parent || (parent.type !== 0 && parent.type !== 5 && parent.type !== 15)) throw new Error(`fake discord: ${spec.parentId} cannot hold threads`);
      const thread: APIThreadChannel = {
        id: snowflake(),
        guild_id: parent.guild_id ?? state.guild.id,
        type: spec.type ?? (parent.type === 5 ? 10 : 11),
        name: spec.name ?? 'a thread',
        parent_id: parent.id,
        owner_id: state.users.owner.id,
        last_message_id: null,
        rate_limit_per_user: 0,
        message_count: 0,
        member_count: 1,
        total_message_sent: 0,
        flags: 0 as ChannelFlags,
        thread_metadata: {
          archived: spec.archived ?? false,
          auto_archive_duration: 1440,
          archive_timestamp: new Date().toISOString(),
          locked: spec.locked ?? false,
        },
        applied_tags: [],
      } as APIThreadChannel;
      state.channels.set(thread.id, thread);
      gateway.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
      return thread;
    },
    setThreadArchived: (threadId, archived, locked) => {
      const thread = threadOf(state, threadId);
      if (!thread?.thread_metadata) throw new Error(`fake discord: ${threadId} is not a thread`);
      thread.thread_metadata.archived = archived;
      if (locked !== undefined) thread.thread_metadata.locked = locked;
      thread.thread_metadata.archive_timestamp = new Date().toISOString();
      gateway.dispatch('THREAD_UPDATE', { ...thread });
    },
    setOverwrite: (channelId, overwrite) => {
      const channel = state.channels.get(channelId);
      if (!channel || !('permission_overwrites' in channel)) throw new Error(`fake discord: ${channelId} has no overwrites`);
      channel.permission_overwrites = [...(channel.permission_overwrites ?? []).filter((o) => o.id !== overwrite.id), overwrite];
      gateway.dispatch('CHANNEL_UPDATE', channel);
    },
    deleteChannel: (channelId) => {
      const channel = state.channels.get(channelId);
      if (!channel) return;
      state.channels.delete(channelId);
      gateway.dispatch([10, 11, 12].includes(channel.type) ? 'THREAD_DELETE' : 'CHANNEL_DELETE', channel);
    },
    get limited() {
      return { ...faults.limited };
    },
    setDmBlocked: (userId, blocked = true) => void (blocked ? state.dmBlocked.add(userId) : state.dmBlocked.delete(userId)),
    addMember: (spec) => {
      const user = addMemberToState(state, spec);
      gateway.dispatch('GUILD_MEMBER_ADD', { guild_id: state.guild.id, ...payloads.memberPayload(state, user.id) });
      return user;
    },
    disconnect: (disconnectOptions) => gateway.disconnect(disconnectOptions),
    invalidateSessions: (resumable) => gateway.invalidateSessions(resumable),
    requestReconnect: () => gateway.requestReconnect(),
    get connectedSessions() {
      return gateway.connectedSessions;
    },
    get identifyCount() {
      return gateway.identifyCount;
    },
    get resumeCount() {
      return gateway.resumeCount;
    },
    get heartbeatCount() {
      return gateway.heartbeatCount;
    },
    get gatewayEvents() {
      return gateway.log.entries;
    },
    waitForGateway: (kind, waitOptions) => gateway.log.waitFor((e) => e.kind === kind, `gateway ${kind}`, waitOptions),
    close: async () => {
      await gateway.close();
      calls.rejectAll('fake discord: closed');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
