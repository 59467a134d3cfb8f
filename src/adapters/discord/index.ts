/** @module The Discord adapter: a discord.js 14 client, /quiz from the one command spec, drops as embeds with buttons and reactions. */
import { Client, DiscordjsErrorCodes, Events, GatewayIntentBits, Partials, RESTEvents } from 'discord.js';
import { reasonOf } from '../../core/deps.ts';
import { PlatformError } from '../../core/errors.ts';
import type { Clock, Logger, PlatformAdapter } from '../../core/ports.ts';
import type { Tutor } from '../../core/tutor.ts';
import { clearOtherScope, registerCommands } from './commands.ts';
import { gatewayError } from './gateway-errors.ts';
import { NO_MENTIONS, PLATFORM, type DiscordContext } from './context.ts';
import { FormMemory } from './forms.ts';
import { handleInteraction } from './interactions.ts';
import { createDiscordPort } from './port.ts';
import { handleReaction } from './reactions.ts';
import { FORM_WAIT_MS } from './respond.ts';
import { RETRY_DELAYS_MS, withRetry } from './retry.ts';

export { quizCommandJson } from './commands.ts';
export { PLATFORM } from './context.ts';
export { DiscordGatewayError, DISCORD_EXIT } from './gateway-errors.ts';

/** What the adapter needs besides the tutor (DiscordConfig plus the shared clock, log and admins). */
export interface DiscordOptions {
  token: string;
  /** Register /quiz on this guild (instant) instead of globally. */
  guildId?: string;
  /** REST base such as http://127.0.0.1:8080/api; discord.js adds /v10. */
  apiUrl?: string;
  clock: Clock;
  log: Logger;
  /** STEPWISE_ADMINS: user ids that are admins whatever their Discord permissions. */
  admins: readonly string[];
  /** Waits before extra attempts at a post that failed transiently (default 1 s, 5 s). */
  retryDelaysMs?: readonly number[];
  /** How long work that may open a form gets before the interaction is deferred (default FORM_WAIT_MS, 2.5 s). */
  formWaitMs?: number;
  /**
   * DISCORD_SHARDS / DISCORD_SHARD_COUNT: this process holds only these shards of `count` (the bot is split
   * over several processes or hosts). Unset: every shard, as many as Discord recommends.
   */
  shards?: { ids: readonly number[]; count: number };
}

/** Creates the adapter; `start()` logs in, waits for the guilds and registers /quiz. */
export function createDiscordAdapter(tutor: Tutor, options: DiscordOptions): PlatformAdapter {
  const { log } = options;
  const client = new Client({
    // No privileged intent: names come with each interaction and reaction, never from a member list.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.DirectMessages],
    // Reactions on messages from before a restart arrive for uncached messages: accept them as partials.
    partials: [Partials.Message, Partials.Reaction, Partials.User, Partials.Channel],
    allowedMentions: NO_MENTIONS,
    // Internal sharding: Discord says how many shards it wants (GET /gateway/bot), so a bot in more than
    // 2,500 servers starts instead of being closed with 4011. Split over processes, each holds its own ids.
    ...(options.shards ? { shards: [...options.shards.ids], shardCount: options.shards.count } : { shards: 'auto' as const }),
    ...(options.apiUrl ? { rest: { api: options.apiUrl } } : {}),
  });
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>): void => {
    inFlight.add(work);
    void work.catch((err: unknown) => log.error('discord.task_failed', { platform: PLATFORM, reason: reasonOf(err) })).finally(() => inFlight.delete(work));
  };
  const delaysMs = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  const ctx: DiscordContext = {
    client,
    tutor,
    clock: options.clock,
    log,
    admins: options.admins,
    retry: (what, fields, fn) => withRetry(fn, { what, fields, log, delaysMs }),
    track,
    noRemoval: new Set(),
    forms: new FormMemory(),
    formWaitMs: options.formWaitMs ?? FORM_WAIT_MS,
  };

  client.on(Events.InteractionCreate, (i) => track(handleInteraction(ctx, i)));
  client.on(Events.MessageReactionAdd, (reaction, user) => track(handleReaction(ctx, reaction, user)));
  client.on(Events.Error, (err) => log.error('discord.client_error', { platform: PLATFORM, reason: reasonOf(err) }));
  client.on(Events.Warn, (message) => log.warn('discord.client_warning', { platform: PLATFORM, reason: message }));
  client.on(Events.ShardDisconnect, (event) => log.warn('discord.disconnected', { platform: PLATFORM, code: event.code }));
  // discord.js fires ShardDisconnect only when it gives up; a dropped connection it will resume shows here.
  client.on(Events.ShardReconnecting, () => log.warn('discord.reconnecting', { platform: PLATFORM }));
  client.on(Events.ShardResume, () => log.info('discord.resumed', { platform: PLATFORM }));
  client.rest.on(RESTEvents.RateLimited, (info) =>
    log.warn('discord.rate_limited', { platform: PLATFORM, route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global, scope: info.scope }),
  );

  return {
    port: createDiscordPort(ctx),

    async start() {
      const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
      // discord.js reports a close it will not recover from (4004, 4011, 4013, 4014 …) as ShardDisconnect.
      let onClose: ((event: { code: number }) => void) | undefined;
      const refused = new Promise<never>((_, reject) => {
        onClose = (event) => reject(gatewayError(event.code, options.shards));
        client.once(Events.ShardDisconnect, onClose);
      });
      let me: Client<true>;
      try {
        await Promise.race([client.login(options.token), refused]);
        me = await Promise.race([ready, refused]);
        client.off(Events.ShardDisconnect, onClose!);
      } catch (err) {
        await client.destroy();
        if (err instanceof PlatformError) throw err;
        // A token refused over REST (401 on GET /gateway/bot) never reaches the gateway.
        const code = (err as { code?: unknown }).code;
        if (code === DiscordjsErrorCodes.TokenInvalid || code === DiscordjsErrorCodes.TokenMissing) throw gatewayError(null);
        throw new PlatformError(`Discord refused to log in (${reasonOf(err)}).`);
      }
      try {
        await registerCommands(me, options.guildId);
      } catch (err) {
        const where = options.guildId ? `on server ${options.guildId} (is the bot in it? See the invite URL in the README)` : 'globally';
        throw new PlatformError(`Could not register /quiz ${where}: ${reasonOf(err)}`);
      }
      log.info('discord.ready', {
        platform: PLATFORM,
        user: me.user.id,
        guilds: me.guilds.cache.size,
        shards: me.options.shards,
        shardCount: me.options.shardCount,
        commands: options.guildId ? 'guild' : 'global',
      });
      // In the background: a stale /quiz in the other scope does no harm for the few seconds this takes.
      track(
        clearOtherScope(me, options.guildId).then(({ cleared, unchecked }) => {
          if (cleared.length) log.info('discord.commands_cleared', { platform: PLATFORM, scopes: cleared });
          if (unchecked) log.warn('discord.commands_unchecked', { platform: PLATFORM, guilds: unchecked, reason: 'too many servers to look for a guild-scoped /quiz left by DISCORD_GUILD_ID' });
        }),
      );
    },

    async stop() {
      // Let answers, reactions and DMs already under way finish before the connection goes.
      while (inFlight.size) await Promise.allSettled([...inFlight]);
      await client.destroy();
      log.info('discord.stopped', { platform: PLATFORM });
    },
  };
}
