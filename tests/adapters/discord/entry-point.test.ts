import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord/index.ts';
import { CONTENT } from '../../helpers/world.ts';
import type { Body } from './harness.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSX = createRequire(import.meta.url).resolve('tsx');

let fake: FakeDiscord;
let dir: string;
afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start with DISCORD_TOKEN, against the fake Discord', () => {
  it('registers /quiz, posts a drop for an admin, and exits 0 on SIGTERM', async () => {
    fake = await startFakeDiscord();
    dir = mkdtempSync(join(tmpdir(), 'stepwise-discord-e2e-'));
    const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'src', 'main.ts')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        STEPWISE_CONTENT: CONTENT,
        STEPWISE_DB: join(dir, 'data', 'stepwise.db'),
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_GUILD_ID: fake.state.guild.id,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    const put = await fake.waitForCall('PUT', `/applications/${fake.state.applicationId}/guilds/${fake.state.guild.id}/commands`, { timeoutMs: 20_000 });
    expect((put.body as { name: string }[]).map((c) => c.name)).toEqual(['quiz']);

    const payload = fake.interact(fake.payloads.chatInputInteraction({ userId: fake.state.users.admin.id, subcommand: 'drop' }));
    const post = await fake.waitForCall('POST', `/channels/${fake.state.channel.id}/messages`, { where: (c) => Boolean((c.body as Body).embeds?.length), timeoutMs: 10_000 });
    expect((post.body as Body).embeds?.[0]?.title).toBe('Question #1 · easy');
    const edit = await fake.waitForCall('PATCH', `/webhooks/${fake.state.applicationId}/${payload.token}/messages/@original`);
    expect((edit.body as Body).content).toMatch(/^Posted question #1 /);
    await fake.waitForCall('PUT', /\/reactions\/🇩\/@me$/);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toBe('');
    const events = stderr.trim().split('\n').map((l) => JSON.parse(l) as { event: string; platform?: string });
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['discord.ready', 'stepwise.ready', 'drop.posted', 'stepwise.stopping', 'discord.stopped']));
    expect(events.find((e) => e.event === 'drop.posted')?.platform).toBe('discord');
    expect(stderr).not.toContain(fake.token);
  });
});
