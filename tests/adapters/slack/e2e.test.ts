/** The real entry point with Slack settings, against the fake Slack: signed /quiz drop, DB, SIGTERM. */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackSender, getFreePort, IDS, startFakeSlack, type FakeSlack } from '../../fakes/slack/index.ts';
import { CONTENT } from '../../helpers/world.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSX = createRequire(import.meta.url).resolve('tsx');
const SECRET = 'e2e-signing-secret-0123456789';

let dir: string;
let fake: FakeSlack;
let child: ChildProcess | undefined;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-slack-'));
  fake = await startFakeSlack();
});
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `node --import tsx src/main.ts`; resolves once it logged stepwise.ready. */
function startBot(env: Record<string, string>) {
  const proc = spawn(process.execPath, ['--import', TSX, join(ROOT, 'src', 'main.ts')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', STEPWISE_CONTENT: CONTENT, STEPWISE_DB: join(dir, 'data', 'stepwise.db'), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    proc.stderr!.on('data', (d) => {
      stderr += d;
      if (stderr.includes('"event":"stepwise.ready"')) resolve();
    });
    void exited.then((code) => reject(new Error(`bot exited with ${code} before ready:\n${stderr}`)));
  });
  /** Resolves once a log line with this event has been written. */
  const logged = (event: string) =>
    new Promise<void>((resolve, reject) => {
      const seen = () => stderr.includes(`"event":"${event}"`);
      if (seen()) return resolve();
      const timer = setTimeout(() => reject(new Error(`no ${event} in:\n${stderr.slice(-2000)}`)), 10_000);
      proc.stderr!.on('data', () => seen() && (clearTimeout(timer), resolve()));
    });
  return { ready, exited, logged, output: () => ({ stdout, stderr }) };
}

describe('npm start with Slack (HTTP mode) against the fake Slack', () => {
  it('an admin from STEPWISE_ADMINS drops a question; it is posted and stored; SIGTERM exits 0', async () => {
    const port = await getFreePort();
    const bot = startBot({ SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SECRET, PORT: String(port), SLACK_API_URL: fake.apiUrl, STEPWISE_ADMINS: IDS.member });
    await bot.ready;
    expect(fake.callsTo('auth.test')).toHaveLength(1);

    const slack = createSlackSender({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET });
    const fields = fake.payloads.slashCommand({ text: 'drop', userId: IDS.member });
    const res = await slack.sendCommand(fields);
    expect(res.status).toBe(200);
    const posted = await fake.waitForCall('chat.postMessage', undefined, { timeoutMs: 10_000 });
    expect((posted.body.blocks as { type: string }[]).map((b) => b.type)).toContain('actions');
    const id = fields.response_url!.split('/').pop();
    const reply = await fake.waitForResponse((p) => p.id === id, { timeoutMs: 10_000 });
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Posted question #1') });
    await fake.waitForCall('reactions.add', (c) => c.body.name === 'four', { timeoutMs: 10_000 });

    // A forged request changes nothing.
    expect((await slack.sendCommand(fake.payloads.slashCommand({ text: 'drop', userId: IDS.member }), { signingSecret: 'forged' })).status).toBe(401);

    child!.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    const { stderr } = bot.output();
    expect(stderr).not.toContain(fake.botToken);
    expect(stderr).toMatch(/"event":"slack.started".*"mode":"http"/);

    const db = new Database(join(dir, 'data', 'stepwise.db'), { readonly: true });
    expect(db.prepare('SELECT id, platform, workspace, channel, state, message_ref, created_by FROM drops').all()).toEqual([
      { id: 1, platform: 'slack', workspace: IDS.team, channel: IDS.quizChannel, state: 'open', message_ref: `${IDS.quizChannel}:${String(posted.response.ts)}`, created_by: IDS.member },
    ]);
    db.close();
  });

  it('stops with a clear message when Slack refuses the bot token', async () => {
    const port = await getFreePort();
    const bot = startBot({ SLACK_BOT_TOKEN: 'xoxb-not-the-token', SLACK_SIGNING_SECRET: SECRET, PORT: String(port), SLACK_API_URL: fake.apiUrl });
    await expect(bot.ready).rejects.toThrow(/exited with 1/);
    expect(bot.output().stderr).toContain('stepwise: Slack did not accept SLACK_BOT_TOKEN (auth.test: invalid_auth). Check the token and SLACK_API_URL.');
    expect(bot.output().stderr).not.toContain('xoxb-not-the-token');
  });
});


describe('npm start with Slack OAuth (any workspace) against the fake Slack', () => {
  const OAUTH = { SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret-0123456789', SLACK_SIGNING_SECRET: SECRET };

  it('refuses to start without STEPWISE_SECRET, in one line', async () => {
    const bot = startBot({ ...OAUTH, PORT: String(await getFreePort()), SLACK_API_URL: fake.apiUrl });
    await expect(bot.ready).rejects.toThrow(/exited with 1/);
    expect(bot.output().stderr.trim().split('\n')).toEqual([
      'stepwise: STEPWISE_SECRET must be set to at least 32 characters when SLACK_CLIENT_ID is: it encrypts the workspaces\' tokens. Make one with: openssl rand -base64 32',
    ]);
  });

  it('serves /slack/install (Bolt’s page, linking to Slack’s authorize page) beside /healthz; SIGTERM exits 0', async () => {
    const oauthFake = await startFakeSlack({ oauth: { clientId: OAUTH.SLACK_CLIENT_ID, clientSecret: OAUTH.SLACK_CLIENT_SECRET } });
    try {
      const port = await getFreePort();
      const bot = startBot({ ...OAUTH, STEPWISE_SECRET: 'e2e-stepwise-secret-0123456789-abcdef', PORT: String(port), SLACK_API_URL: oauthFake.apiUrl });
      await bot.ready;
      expect(bot.output().stderr).toContain('"mode":"oauth"');
      const page = await fetch(`http://127.0.0.1:${port}/slack/install`);
      expect(page.status).toBe(200);
      const href = /<a href="([^"]+)"/.exec(await page.text())?.[1]?.replaceAll('&amp;', '&');
      expect(href?.startsWith(`${oauthFake.authorizeUrl}?`)).toBe(true);
      expect(new URL(href!).searchParams.get('client_id')).toBe('111.222');
      expect(page.headers.get('set-cookie')).toMatch(/^slack-app-oauth-state=/);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      child!.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(bot.output().stderr).not.toContain('state-secret-0123456789');
      expect(bot.output().stderr).not.toContain('e2e-stepwise-secret');
    } finally {
      await oauthFake.close();
    }
  });
});
