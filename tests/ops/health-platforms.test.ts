/**
 * /healthz with configured platforms, through the real entry point against the fake Discord and Slack:
 * each platform is named in the body; a Discord connection the client resumes comes back to 200, one
 * Discord closes for good (4014, the client gives up) is 503 naming discord. In Slack HTTP mode the
 * routes live on Bolt's own server (PORT), and no second port opens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../helpers/bot.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';
import { get, opsPort } from './http-helpers.ts';

let dir: string;
let bot: Bot | undefined;
let discord: FakeDiscord | undefined;
let slack: FakeSlack | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-ops-platforms-'));
});
afterEach(async () => {
  if (bot) {
    bot.child.kill('SIGTERM');
    await bot.exited;
    bot = undefined;
  }
  await discord?.close();
  await slack?.close();
  discord = slack = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves once stderr has `count` lines containing `text` (checked as it arrives). */
function logged(b: Bot, text: string, count = 1, timeoutMs = 20_000): Promise<void> {
  const seen = () => b.stderr().split('\n').filter((l) => l.includes(text)).length >= count;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${text} x${count}; stderr:\n${b.stderr().slice(-2000)}`)), timeoutMs);
    const check = () => seen() && (clearTimeout(timer), b.child.stderr.off('data', check), resolve());
    b.child.stderr.on('data', check);
    check();
  });
}

const startDiscordBot = async (fake: FakeDiscord) => {
  bot = startBot(dir, {
    STEPWISE_HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_GUILD_ID: fake.state.guild.id,
  });
  await logged(bot, '"event":"stepwise.ready"');
  return opsPort(bot);
};

describe('/healthz with Discord', () => {
  it('names discord; a resumed connection is healthy again', async () => {
    discord = await startFakeDiscord();
    const port = await startDiscordBot(discord);
    const ok = await get(port, '/healthz');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, platforms: { discord: { ok: true } } });

    await discord.disconnect(); // 4000: discord.js reconnects and RESUMEs
    await logged(bot!, '"event":"discord.resumed"');
    expect((await get(port, '/healthz')).status).toBe(200);
    expect(bot!.stderr()).toContain('"event":"discord.reconnecting"');
  });

  it('is 503 naming discord when Discord closes the connection for good', async () => {
    discord = await startFakeDiscord();
    const port = await startDiscordBot(discord);
    await discord.disconnect({ code: 4014 }); // Disallowed intents: discord.js does not reconnect
    await logged(bot!, '"event":"discord.disconnected"');
    const down = await get(port, '/healthz');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body)).toMatchObject({ ok: false, database: { ok: true }, platforms: { discord: { ok: false, detail: 'not connected' } }, sweep: { ok: true } });
    expect((await get(port, '/metrics')).body).toMatch(/^stepwise_platform_connected\{platform="discord"\} 0$/m);
  });
});

describe('/healthz in Slack HTTP mode', () => {
  it("answers on Bolt's own port and opens no second one", async () => {
    slack = await startFakeSlack();
    bot = startBot(dir, {
      STEPWISE_HTTP_PORT: '0',
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: 'stepwise-ops-test-secret',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
    });
    await logged(bot, '"event":"stepwise.ready"');
    const port = Number(/"event":"slack\.started".*?"port":(\d+)/.exec(bot.stderr())?.[1]);
    expect(port).toBeGreaterThan(0);
    const ok = await get(port, '/healthz');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, platforms: { slack: { ok: true } } });
    expect((await get(port, '/metrics')).body).toMatch(/^stepwise_platform_connected\{platform="slack"\} 1$/m);
    expect(bot.stderr()).not.toContain('"event":"ops.listening"');
  });
});
