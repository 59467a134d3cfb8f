import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCaptureLogger, IDS, RESPONSE_URL_METHOD, startFakeSlack } from './index.ts';
import type { FakeSlack } from './index.ts';

// The fake's own Web API behaviour, driven by the real @slack/web-api client Bolt ships with.

let fake: FakeSlack;
let client: webApi.WebClient;

const platformError = async (promise: Promise<unknown>): Promise<unknown> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return (error as { data?: { error?: unknown } }).data?.error;
};

beforeEach(async () => {
  fake = await startFakeSlack();
  client = new webApi.WebClient(fake.botToken, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logger: createCaptureLogger(),
  });
});

afterEach(async () => {
  await fake.close();
});

describe('fake Web API', () => {
  it('posts messages with unique, increasing ts and records decoded bodies', async () => {
    const first = await client.chat.postMessage({ channel: IDS.quizChannel, text: 'one', blocks: [{ type: 'divider' }] });
    const second = await client.chat.postMessage({ channel: IDS.quizChannel, text: 'two', thread_ts: first.ts });
    expect(first.ts).toBe('1700000000.000100');
    expect(second.ts).toBe('1700000000.000200');
    expect(first.message).toMatchObject({ text: 'one', bot_id: IDS.bot, user: IDS.botUser, blocks: [{ type: 'divider' }] });
    expect(second.message).toMatchObject({ thread_ts: first.ts });
    const [call] = fake.callsTo('chat.postMessage');
    expect(call?.body).toMatchObject({ channel: IDS.quizChannel, text: 'one', blocks: [{ type: 'divider' }] });
  });

  it('reports channel errors like Slack', async () => {
    expect(await platformError(client.chat.postMessage({ channel: IDS.otherChannel, text: 'x' }))).toBe('not_in_channel');
    expect(await platformError(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).toBe('channel_not_found');
    expect(await platformError(client.chat.postEphemeral({ channel: IDS.quizChannel, user: IDS.outsider, text: 'x' }))).toBe(
      'user_not_in_channel',
    );
    expect(fake.calls.every((c) => c.status === 200)).toBe(true);
  });

  it('checks the token and unknown methods', async () => {
    const stranger = new webApi.WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: createCaptureLogger() });
    expect(await platformError(stranger.auth.test())).toBe('invalid_auth');
    expect(await platformError(client.apiCall('quiz.frobnicate', {}))).toBe('unknown_method');
    expect(fake.calls.map((c) => [c.method, c.token])).toEqual([
      ['auth.test', 'xoxb-wrong'],
      ['quiz.frobnicate', fake.botToken],
    ]);
  });

  it('updates the bot’s messages and rejects unknown ones', async () => {
    const posted = await client.chat.postMessage({ channel: IDS.quizChannel, text: 'Q' });
    const updated = await client.chat.update({ channel: IDS.quizChannel, ts: posted.ts ?? '', text: 'Q (closed)' });
    expect(updated).toMatchObject({ ok: true, channel: IDS.quizChannel, ts: posted.ts, text: 'Q (closed)' });
    expect(await platformError(client.chat.update({ channel: IDS.quizChannel, ts: '1.2', text: 'x' }))).toBe('message_not_found');
  });

  it('adds a reaction once, then answers already_reacted', async () => {
    const args = { channel: IDS.quizChannel, timestamp: '1700000000.000100', name: 'white_check_mark' };
    expect((await client.reactions.add(args)).ok).toBe(true);
    expect(await platformError(client.reactions.add(args))).toBe('already_reacted');
  });

  it('opens DMs, describes users and conversations, publishes home views', async () => {
    const opened = await client.conversations.open({ users: IDS.member });
    expect(opened.channel?.id).toMatch(/^D/);
    const again = await client.conversations.open({ users: IDS.member });
    expect(again.channel?.id).toBe(opened.channel?.id);
    await client.chat.postMessage({ channel: opened.channel?.id ?? '', text: 'hi in DM' });

    const admin = await client.users.info({ user: IDS.admin });
    expect(admin.user).toMatchObject({ id: IDS.admin, team_id: IDS.team, is_admin: true, is_owner: false, is_bot: false });
    expect(admin.user?.profile).toMatchObject({ display_name: 'ada', real_name: 'Ada Admin' });
    expect((await client.users.info({ user: IDS.owner })).user).toMatchObject({ is_owner: true });
    expect(await platformError(client.users.info({ user: 'U0NOBODY' }))).toBe('user_not_found');

    const info = await client.conversations.info({ channel: IDS.otherChannel });
    expect(info.channel).toMatchObject({ id: IDS.otherChannel, name: 'random', is_member: false });
    const members = await client.conversations.members({ channel: IDS.quizChannel });
    expect(members.members).toContain(IDS.botUser);

    const view = { type: 'home' as const, blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'Streak: 3' } }] };
    const published = await client.views.publish({ user_id: IDS.member, view });
    expect(published.view).toMatchObject({ type: 'home', blocks: view.blocks, team_id: IDS.team });
    expect(fake.state.homeViews.get(IDS.member)).toMatchObject({ blocks: view.blocks });
  });

  it('injects platform errors and HTTP 500s (500 is retried by the client policy)', async () => {
    fake.failNext('chat.postMessage', { error: 'channel_is_archived' });
    expect(await platformError(client.chat.postMessage({ channel: IDS.quizChannel, text: 'x' }))).toBe('channel_is_archived');

    const retrying = new webApi.WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 },
      logger: createCaptureLogger(),
    });
    fake.failNext('users.info', { status: 500 }, 2);
    expect((await retrying.users.info({ user: IDS.member })).ok).toBe(true);
    expect(fake.callsTo('users.info').map((c) => c.status)).toEqual([500, 500, 200]);
  });

  it('with rejectRateLimitedCalls a 429 fails at once with retryAfter', async () => {
    const strict = new webApi.WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      rejectRateLimitedCalls: true,
      logger: createCaptureLogger(),
    });
    fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 30 });
    const error = await strict.chat.postMessage({ channel: IDS.quizChannel, text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 30 });
  });

  it('accepts JSON bodies with a Bearer token, as Slack does', async () => {
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${fake.botToken}` },
      body: JSON.stringify({ channel: IDS.quizChannel, text: 'json', unfurl_links: false }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: IDS.quizChannel });
    expect(fake.calls.at(-1)?.body).toEqual({ channel: IDS.quizChannel, text: 'json', unfurl_links: false });
  });

  it('fails response_url posts on demand and after 5 uses', async () => {
    const url = fake.newResponseUrl();
    fake.failNext(RESPONSE_URL_METHOD, { error: 'expired_url' });
    const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"x"}' });
    expect((await post()).status).toBe(404);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await post()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 404]);
  });
});
