/** Start-up against a gateway that refuses the bot, and internal sharding, through the real adapter and entry point. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, DISCORD_EXIT, DiscordGatewayError } from '../../../src/adapters/discord/index.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../../fakes/discord/index.ts';
import { CONTENT, memoryLog } from '../../helpers/world.ts';
import { startHarness, textOf, type Harness } from './harness.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSX = createRequire(import.meta.url).resolve('tsx');

let fake: FakeDiscord | undefined;
let h: Harness | undefined;
afterEach(async () => {
  if (h) expect(await h.close()).toEqual([]);
  await fake?.close();
  h = undefined;
  fake = undefined;
});

/** Starts the adapter alone (no tutor use: start fails before anything is posted) and returns what it threw. */
async function startRefused(options: FakeDiscordOptions, token?: string): Promise<unknown> {
  fake = await startFakeDiscord(options);
  const { log } = memoryLog();
  const adapter = createDiscordAdapter({} as never, { token: token ?? fake.token, apiUrl: fake.apiUrl, clock: { now: () => 0 }, log, admins: [] });
  return adapter.start().then(() => 'started', (err: unknown) => err);
}

describe('Discord refusing the bot at start', () => {
  it.each([
    [4004, 'Authentication failed', DISCORD_EXIT.badToken, /refused the bot token \(DISCORD_TOKEN\)/],
    [4011, 'Sharding required', DISCORD_EXIT.shardingRequired, /requires more shards.*4011/],
    [4013, 'Invalid intent(s)', DISCORD_EXIT.invalidIntents, /intents as invalid \(close 4013\)/],
    [4014, 'Disallowed intent(s)', DISCORD_EXIT.disallowedIntents, /privileged gateway intent \(close 4014\)/],
  ])('close %i gets its own message and exit code', async (code, reason, exitCode, message) => {
    const err = await startRefused({ refuseIdentify: { code, reason } });
    expect(err).toBeInstanceOf(DiscordGatewayError);
    expect(err).toMatchObject({ closeCode: code, exitCode });
    expect((err as Error).message).toMatch(message);
  });

  it('a token refused over REST (401) is the bad-token message too, and the exit codes are all distinct', async () => {
    const err = await startRefused({}, 'not-the-token');
    expect(err).toMatchObject({ exitCode: DISCORD_EXIT.badToken, closeCode: null });
    expect(new Set(Object.values(DISCORD_EXIT)).size).toBe(Object.values(DISCORD_EXIT).length);
    expect(Object.values(DISCORD_EXIT)).not.toContain(1);
  });

  it('npm start exits with the sharding code and says why, without the token in the output', async () => {
    fake = await startFakeDiscord({ refuseIdentify: { code: 4011, reason: 'Sharding required' } });
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-discord-4011-'));
    try {
      const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'src', 'main.ts')], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', STEPWISE_CONTENT: CONTENT, STEPWISE_DB: join(dir, 'db.sqlite'), DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(DISCORD_EXIT.shardingRequired);
      expect(stderr).toContain('stepwise: Discord requires more shards for this bot (gateway close 4011');
      expect(stderr).not.toContain(fake.token);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('internal sharding', () => {
  it('opens as many shards as Discord recommends; a drop and a button answer work on the guild’s shard', async () => {
    h = await startHarness({ fake: { requiredShards: 2, maxConcurrency: 2 } });
    expect(h.fake.identifyCount).toBe(2);
    const { dropId, messageId } = await h.drop();
    const reply = await h.reply(h.press(h.learner.id, messageId, `stepwise:answer:${dropId}:B`));
    expect(textOf(reply.body)).toContain('Correct: B) Data Preparation');
  });
});
