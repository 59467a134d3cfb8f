import { App } from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCaptureLogger, createSlackSender, getFreePort, IDS, startFakeSlack } from './index.ts';
import type { CaptureLogger, FakeSlack, SlackSender } from './index.ts';
import { Recorder } from './recorder.ts';

// Exercises the REAL @slack/bolt 5.1 HTTP receiver against the fake: nothing of Bolt or
// @slack/web-api is mocked. The listeners below are a tiny stand-in for the real adapter.

const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/** What a listener saw, pushed so tests can await it instead of sleeping. */
interface Seen {
  kind: 'command' | 'action' | 'reaction' | 'error';
  text?: string;
  retryNum?: number;
  retryReason?: string;
  detail?: unknown;
}

let fake: FakeSlack;
let app: App | undefined;
let sender: SlackSender;
let seen: Recorder<Seen>;
let logger: CaptureLogger;

async function startApp(
  { retryConfig = { retries: 0 }, processBeforeResponse = false }: { retryConfig?: webApi.RetryOptions; processBeforeResponse?: boolean } = {},
): Promise<void> {
  logger = createCaptureLogger();
  seen = new Recorder<Seen>((s) => `${s.kind}:${s.text ?? ''}`);
  const bolt = new App({
    signingSecret: SIGNING_SECRET,
    token: fake.botToken,
    logger,
    processBeforeResponse,
    // Without retryConfig a dead API is retried for ~30 minutes; the fake never dies, but tests stay bounded.
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig },
  });

  app = bolt;
  bolt.command('/quiz', async ({ command, ack, client, respond }) => {
    await ack();
    seen.push({ kind: 'command', text: command.text });
    if (command.text === 'respond') {
      await respond({ response_type: 'ephemeral', text: 'answered via response_url' });
      return;
    }
    await client.chat.postEphemeral({
      channel: command.channel_id,
      user: command.user_id,
      text: `Question for ${command.user_id}`,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*2 + 2 = ?*' } }],
    });
  });

  bolt.command('/boom', async ({ command, ack }) => {
    if (command.text === 'after-ack') await ack();
    throw new Error(`boom ${command.text}`);
  });

  bolt.action('answer', async ({ ack, action, respond }) => {
    await ack();
    seen.push({ kind: 'action', text: 'value' in action ? action.value : undefined });
    await respond({ replace_original: true, text: 'Thanks for answering' });
  });

  bolt.event('reaction_added', async ({ event, context }) => {
    seen.push({ kind: 'reaction', text: event.reaction, retryNum: context.retryNum, retryReason: context.retryReason });
  });

  bolt.error(async (error) => {
    seen.push({ kind: 'error', text: error.message, detail: error.code });
    // Rethrow like Bolt's default handler: if app.error resolves instead, an un-acked failure gets no
    // HTTP answer until the 3 s no-ack timer fires and the receiver answers 404.
    throw error;
  });

  const port = await getFreePort();
  await bolt.start(port);
  sender = createSlackSender({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET });
}

beforeEach(async () => {
  fake = await startFakeSlack();
});

afterEach(async () => {
  await app?.stop();
  app = undefined;
  await fake.close();
});

/** The running app (started by startApp). */
function theApp(): App {
  if (app === undefined) throw new Error('startApp() was not called');
  return app;
}

describe('fake Slack with a real Bolt App (HTTP receiver)', () => {
  beforeEach(async () => {
    await startApp();
  });

  it('verifies the token with auth.test at construction', async () => {
    const call = await fake.waitForCall('auth.test');
    expect(call.token).toBe(fake.botToken);
    expect(call.response).toMatchObject({ ok: true, user_id: IDS.botUser, bot_id: IDS.bot, team_id: IDS.team });
  });

  it('answers url_verification with the challenge', async () => {
    const res = await sender.sendEvent(fake.payloads.urlVerification('challenge-xyz'));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ challenge: 'challenge-xyz' });
  });

  it('delivers a signed /quiz command, acks 200 and records chat.postEphemeral', async () => {
    const res = await sender.sendCommand(fake.payloads.slashCommand({ text: 'daily', userId: IDS.member }));
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect((await seen.waitFor((s) => s.kind === 'command', 'command')).text).toBe('daily');

    const call = await fake.waitForCall('chat.postEphemeral');
    expect(call.token).toBe(fake.botToken);
    expect(call.body).toMatchObject({ channel: IDS.quizChannel, user: IDS.member, text: `Question for ${IDS.member}` });
    // blocks travel form-encoded as a JSON string; the fake decodes them.
    expect(call.body.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*2 + 2 = ?*' } }]);
    expect(call.response).toMatchObject({ ok: true });
    expect(call.response.message_ts).toMatch(/^\d{10}\.\d{6}$/);
  });

  it('acks before a slow Web API call finishes (processBeforeResponse: false)', async () => {
    fake.failNext('chat.postEphemeral', { delayMs: 1000 });
    const res = await sender.sendCommand(fake.payloads.slashCommand({ text: 'slow' }));
    expect(res.status).toBe(200);
    // Generous margin for a busy CI box; the point is the ack does not wait for the 1 s API call.
    expect(res.ms).toBeLessThan(700);
    await fake.waitForCall('chat.postEphemeral', undefined, { timeoutMs: 3000 });
  });

  it('routes respond() to the fake response_url', async () => {
    const fields = fake.payloads.slashCommand({ text: 'respond' });
    await sender.sendCommand(fields);
    const post = await fake.waitForResponse();
    expect(fields.response_url).toContain(`/response/${post.id}`);
    expect(post.body).toEqual({ response_type: 'ephemeral', text: 'answered via response_url' });
    expect(post.status).toBe(200);
  });

  it('delivers a block_actions button click to app.action()', async () => {
    const posted = await theApp().client.chat.postMessage({ channel: IDS.quizChannel, text: 'Q1' });
    const res = await sender.sendAction(fake.payloads.blockActions({ actionId: 'answer', value: 'B', messageTs: posted.ts }));
    expect(res.status).toBe(200);
    expect((await seen.waitFor((s) => s.kind === 'action', 'action')).text).toBe('B');
    const post = await fake.waitForResponse();
    expect(post.body).toMatchObject({ replace_original: true, text: 'Thanks for answering' });
  });

  it('delivers reaction_added to app.event() and drops the bot’s own reactions (ignoreSelf)', async () => {
    const own = fake.payloads.reactionAdded({ userId: IDS.botUser, reaction: 'robot_face', itemTs: '1700000000.000100' });
    expect((await sender.sendEvent(fake.payloads.eventEnvelope(own))).status).toBe(200);
    const event = fake.payloads.reactionAdded({ userId: IDS.member, reaction: 'white_check_mark', itemTs: '1700000000.000100' });
    const res = await sender.sendEvent(fake.payloads.eventEnvelope(event));
    expect(res.status).toBe(200);
    const reaction = await seen.waitFor((s) => s.kind === 'reaction', 'reaction');
    expect(reaction).toMatchObject({ text: 'white_check_mark', retryNum: undefined, retryReason: undefined });
    expect(seen.entries.filter((s) => s.kind === 'reaction')).toHaveLength(1);
  });

  it('exposes x-slack-retry-num / x-slack-retry-reason as context.retryNum / context.retryReason', async () => {
    const envelope = fake.payloads.eventEnvelope(fake.payloads.reactionAdded({ itemTs: '1700000000.000100' }));
    await sender.sendEvent(envelope, { retryNum: 2, retryReason: 'http_timeout' });
    const reaction = await seen.waitFor((s) => s.kind === 'reaction', 'reaction');
    expect(reaction).toMatchObject({ retryNum: 2, retryReason: 'http_timeout' });
  });

  it('rejects a bad signature with 401 and never runs the listener', async () => {
    const bad = await sender.sendCommand(fake.payloads.slashCommand({ text: 'forged' }), { signingSecret: 'wrong' });
    expect(bad.status).toBe(401);
    // The 401 was fully answered first; a valid command afterwards proves the pipeline still works.
    await sender.sendCommand(fake.payloads.slashCommand({ text: 'genuine' }));
    await seen.waitFor((s) => s.text === 'genuine', 'genuine command');
    expect(seen.entries.map((s) => s.text)).toEqual(['genuine']);
    expect(logger.at('warn').join('\n')).toMatch(/signature mismatch/);
  });

  it('refuses a correctly signed request older than 5 minutes', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await sender.sendCommand(fake.payloads.slashCommand({ text: 'old' }), { timestamp: stale });
    expect(res.status).toBe(401);
    expect(logger.at('warn').join('\n')).toMatch(/stale/);
  });

  it('answers 400 to a form body sent with a charset suffix (Bolt compares the content type exactly)', async () => {
    const body = new URLSearchParams(fake.payloads.slashCommand({ text: 'charset' })).toString();
    const res = await sender.sendRaw(body, {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      ...sender.signatureHeaders(body),
    });
    expect(res.status).toBe(400);
  });

  it('surfaces listener errors: 500 before ack, 200 after ack; both reach app.error()', async () => {
    const before = await sender.sendCommand(fake.payloads.slashCommand({ command: '/boom', text: 'before-ack' }));
    expect(before.status).toBe(500);
    const after = await sender.sendCommand(fake.payloads.slashCommand({ command: '/boom', text: 'after-ack' }));
    expect(after.status).toBe(200);
    await seen.waitFor((s) => s.kind === 'error' && s.text === 'boom after-ack', 'error after ack');
    expect(seen.entries.filter((s) => s.kind === 'error').map((s) => s.text)).toEqual(['boom before-ack', 'boom after-ack']);
  });
});

describe('rate limiting through the Bolt client', () => {
  it('waits out a 429 with Retry-After: 1 and retries successfully', async () => {
    // A 429 makes WebClient sleep Retry-After seconds and then throw a retryable error, so at least one
    // retry is needed; minTimeout 0 stops p-retry adding its default 1 s back-off on top.
    await startApp({ retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const result = await theApp().client.chat.postMessage({ channel: IDS.quizChannel, text: 'after the storm' });
    const elapsed = Date.now() - started;
    expect(result.ok).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);
    const calls = fake.callsTo('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(logger.at('info').join('\n')).toMatch(/Will retry in 1 seconds/);
  });
});

describe('processBeforeResponse: true (FaaS mode)', () => {
  it('holds the HTTP answer until every listener has finished', async () => {
    await startApp({ processBeforeResponse: true });
    fake.failNext('chat.postEphemeral', { delayMs: 300 });
    const res = await sender.sendCommand(fake.payloads.slashCommand({ text: 'held' }));
    expect(res.status).toBe(200);
    expect(res.ms).toBeGreaterThanOrEqual(290);
    // The listener's API call was already answered when the ack arrived.
    expect(fake.callsTo('chat.postEphemeral')).toHaveLength(1);
  });
});
