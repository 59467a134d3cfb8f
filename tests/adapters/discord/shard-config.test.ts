/** DISCORD_SHARDS and DISCORD_SHARD_COUNT: parsed in src/config.ts, every refusal naming the variable; a count Discord refuses. */
import { describe, expect, it } from 'vitest';
import { createDiscordAdapter, DISCORD_EXIT, DiscordGatewayError } from '../../../src/adapters/discord/index.ts';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import { startFakeDiscord } from '../../fakes/discord/index.ts';
import { memoryLog } from '../../helpers/world.ts';

const TOKEN = { DISCORD_TOKEN: 'abc.def' };

describe('DISCORD_SHARDS and DISCORD_SHARD_COUNT', () => {
  it('are optional: unset, the client shards itself as Discord recommends', () => {
    expect(loadConfig(TOKEN).discord).toEqual({ token: 'abc.def' });
  });

  it.each([
    ['0,1', '4', [0, 1], 4],
    ['3', '4', [3], 4],
    [' 2 , 0 ', '3', [0, 2], 3],
    ['4-6,0', '8', [0, 4, 5, 6], 8],
    ['0-3', '4', [0, 1, 2, 3], 4],
  ])('DISCORD_SHARDS=%j of DISCORD_SHARD_COUNT=%j holds %j of %i', (ids, count, expected, total) => {
    expect(loadConfig({ ...TOKEN, DISCORD_SHARDS: ids, DISCORD_SHARD_COUNT: count }).discord?.shards).toEqual({ ids: expected, count: total });
  });

  it.each([
    [{ DISCORD_SHARDS: '0,1' }, 'DISCORD_SHARDS is set but DISCORD_SHARD_COUNT is not. Set DISCORD_SHARD_COUNT to the bot\'s total number of shards (the same on every instance).'],
    [{ DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARD_COUNT is set but DISCORD_SHARDS is not. Set DISCORD_SHARDS to the shard ids this instance holds, such as 0,1.'],
    [{ DISCORD_SHARDS: '0', DISCORD_SHARD_COUNT: '0' }, 'DISCORD_SHARD_COUNT="0" is not a whole number of shards (1 or more).'],
    [{ DISCORD_SHARDS: '0', DISCORD_SHARD_COUNT: 'two' }, 'DISCORD_SHARD_COUNT="two" is not a whole number of shards (1 or more).'],
    [{ DISCORD_SHARDS: '0', DISCORD_SHARD_COUNT: '1.5' }, 'DISCORD_SHARD_COUNT="1.5" is not a whole number of shards (1 or more).'],
    [{ DISCORD_SHARDS: 'a,b', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARDS="a,b": "a" is not a shard id. Use ids and ranges separated by commas, such as 0,1 or 0-3.'],
    [{ DISCORD_SHARDS: '0,,1', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARDS="0,,1": "" is not a shard id. Use ids and ranges separated by commas, such as 0,1 or 0-3.'],
    [{ DISCORD_SHARDS: '-1', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARDS="-1": "-1" is not a shard id. Use ids and ranges separated by commas, such as 0,1 or 0-3.'],
    [{ DISCORD_SHARDS: '1,1', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARDS="1,1" names shard 1 twice.'],
    [{ DISCORD_SHARDS: '0-2,2', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARDS="0-2,2" names shard 2 twice.'],
    [{ DISCORD_SHARDS: '4', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARDS="4": shard 4 is not below DISCORD_SHARD_COUNT=4 (ids run from 0 to 3).'],
    [{ DISCORD_SHARDS: '2-5', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARDS="2-5": shard 4 is not below DISCORD_SHARD_COUNT=4 (ids run from 0 to 3).'],
    [{ DISCORD_SHARDS: '3-1', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARDS="3-1": the range "3-1" runs backwards.'],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => loadConfig({ ...TOKEN, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...TOKEN, ...env })).toThrow(message);
  });

  it('needs DISCORD_TOKEN, like the other DISCORD_ settings', () => {
    expect(() => loadConfig({ DISCORD_SHARDS: '0', DISCORD_SHARD_COUNT: '2' })).toThrow(
      'DISCORD_SHARDS and DISCORD_SHARD_COUNT are set but DISCORD_TOKEN is not. Set DISCORD_TOKEN to the bot token.',
    );
  });
});

describe('a shard count below what Discord requires', () => {
  it('is closed with 4011, and the message says to raise DISCORD_SHARD_COUNT on every instance', async () => {
    const fake = await startFakeDiscord({ requiredShards: 2 });
    try {
      const { log } = memoryLog();
      const adapter = createDiscordAdapter({} as never, { token: fake.token, apiUrl: fake.apiUrl, clock: { now: () => 0 }, log, admins: [], shards: { ids: [0], count: 1 } });
      const err = await adapter.start().then(() => 'started', (e: unknown) => e);
      expect(err).toBeInstanceOf(DiscordGatewayError);
      expect(err).toMatchObject({ closeCode: 4011, exitCode: DISCORD_EXIT.shardingRequired });
      expect((err as Error).message).toMatch(/more shards for this bot than DISCORD_SHARD_COUNT=1 \(gateway close 4011.*Raise DISCORD_SHARD_COUNT on every instance together/);
      // It identified with the count it was given (1), not the 2 Discord recommends, and Discord closed it.
      expect((await fake.waitForGateway('close')).detail).toMatchObject({ code: 4011, byServer: true });
    } finally {
      await fake.close();
    }
  });
});
