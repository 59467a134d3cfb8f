/**
 * Gateway close codes Discord will not recover from, each with its own sentence and exit code, so an
 * operator sees "sharding required" instead of "check your token" (Discord's "Gateway Close Event Codes").
 */
import { PlatformError } from '../../core/errors.ts';

/** Exit codes `npm start` ends with when Discord refuses the bot for good (1 stays "any other failure"). */
export const DISCORD_EXIT = {
  badToken: 10,
  shardingRequired: 11,
  invalidIntents: 12,
  disallowedIntents: 13,
  invalidShard: 14,
  other: 15,
} as const;

/** Discord closed the gateway with a code discord.js does not reconnect after. `exitCode` is for main.ts. */
export class DiscordGatewayError extends PlatformError {
  override name = 'DiscordGatewayError';
  constructor(
    message: string,
    readonly closeCode: number | null,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const BAD_TOKEN =
  'Discord refused the bot token (DISCORD_TOKEN). Copy a fresh one from the Developer Portal → your application → Bot → Reset Token.';

/**
 * The error for a close code (or null for a token refused over REST before the gateway). `fixed` is set
 * when DISCORD_SHARDS / DISCORD_SHARD_COUNT chose the shards, so the advice names those variables.
 */
export function gatewayError(code: number | null, fixed?: { ids: readonly number[]; count: number }): DiscordGatewayError {
  switch (code) {
    case null:
    case 4004:
      return new DiscordGatewayError(BAD_TOKEN, code, DISCORD_EXIT.badToken);
    case 4011:
      if (fixed) {
        return new DiscordGatewayError(
          `Discord requires more shards for this bot than DISCORD_SHARD_COUNT=${fixed.count} (gateway close 4011: a shard may hold at most 2,500 servers). Raise DISCORD_SHARD_COUNT on every instance together, and spread the new shard ids over them with DISCORD_SHARDS.`,
          code,
          DISCORD_EXIT.shardingRequired,
        );
      }
      return new DiscordGatewayError(
        'Discord requires more shards for this bot (gateway close 4011: it is in more than 2,500 servers). Stepwise asks Discord for the recommended count at each start, so start it again; if this repeats, Discord changed the count while starting.',
        code,
        DISCORD_EXIT.shardingRequired,
      );
    case 4010:
      return new DiscordGatewayError(
        `Discord refused the shard numbers (gateway close 4010): a shard id must be below the shard count${fixed ? ` (DISCORD_SHARDS=${fixed.ids.join(',')}, DISCORD_SHARD_COUNT=${fixed.count})` : ''}.`,
        code,
        DISCORD_EXIT.invalidShard,
      );
    case 4013:
      return new DiscordGatewayError('Discord refused the gateway intents as invalid (close 4013). This is a Stepwise bug: please report it with your discord.js version.', code, DISCORD_EXIT.invalidIntents);
    case 4014:
      return new DiscordGatewayError(
        'Discord refused a privileged gateway intent (close 4014). Stepwise needs none: in the Developer Portal → Bot, the privileged intents may stay off; if you changed the code to ask for one, turn it on there.',
        code,
        DISCORD_EXIT.disallowedIntents,
      );
    default:
      return new DiscordGatewayError(`Discord closed the gateway for good (close ${code}).`, code, DISCORD_EXIT.other);
  }
}
