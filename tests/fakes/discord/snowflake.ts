/** Discord's epoch (2015-01-01T00:00:00Z) in ms; snowflakes count milliseconds from it. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

let increment = 0n;

/**
 * Builds a real Discord snowflake (timestamp << 22 | worker | process | increment).
 * discord.js derives `createdTimestamp` and rate-limit route keys (/\d{17,19}/) from ids,
 * so fake ids must have this shape rather than being small counters.
 */
export function snowflake(atMs: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  const ts = BigInt(Math.floor(atMs)) - DISCORD_EPOCH;
  return ((ts << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
}

/** Creation time (ms since Unix epoch) encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** True when `id` looks like a Discord snowflake (17-20 digits). */
export function isSnowflake(id: string): boolean {
  return /^\d{17,20}$/.test(id);
}
