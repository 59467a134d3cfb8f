/**
 * The fake refuses what Slack refuses. Each test names the documented fact the refusal comes from;
 * calls go through the real @slack/web-api client Bolt ships with, and time is the fake's injected clock.
 */
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { createCaptureLogger, IDS, startFakeSlack, TIERS, type FakeSlack } from './index.ts';
import { manifestEvents, manifestScopes } from './manifest.ts';

let fake: FakeSlack | undefined;
let now = 1_700_000_000_000;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: Parameters<typeof startFakeSlack>[0] = {}) {
  now = 1_700_000_000_000;
  fake = await startFakeSlack({ clock: () => now, ...options });
  // rejectRateLimitedCalls: a 429 comes back at once as an error carrying retryAfter, no sleeping.
  const client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: createCaptureLogger() });
  return { fake, client };
}

const failure = async (promise: Promise<unknown>): Promise<{ code?: string; error?: string; retryAfter?: number; data?: Record<string, unknown> }> => {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  const err = e as { code?: string; retryAfter?: number; data?: Record<string, unknown> };
  return { code: err.code, error: err.data?.error as string | undefined, retryAfter: err.retryAfter, data: err.data };
};

describe('rate limits by tier (docs.slack.dev/apis/web-api/rate-limits: per method per workspace per app)', () => {
  it('users.info is Tier 4 (100+/min): the burst passes, the next call is 429 with Retry-After, and time refills the bucket', async () => {
    const { fake, client } = await start();
    for (let i = 0; i < TIERS[4].burst; i += 1) await client.users.info({ user: IDS.member });
    const refused = await failure(client.users.info({ user: IDS.member }));
    expect(refused).toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 1 });
    expect(fake.callsTo('users.info').at(-1)?.status).toBe(429);
    // Another method has its own bucket.
    expect((await client.chat.postEphemeral({ channel: IDS.quizChannel, user: IDS.member, text: 'x' })).ok).toBe(true);
    now += 600; // 100/min is one every 600 ms
    expect((await client.users.info({ user: IDS.member })).ok).toBe(true);
  });

  it('reactions.remove is Tier 2 (20+/min) and conversations.open Tier 3 (50+/min): the wait grows as the tier shrinks', async () => {
    const { client } = await start();
    for (let i = 0; i < TIERS[2].burst; i += 1) await client.reactions.remove({ channel: IDS.quizChannel, timestamp: '1.1', name: 'one' }).catch(() => undefined);
    expect((await failure(client.reactions.remove({ channel: IDS.quizChannel, timestamp: '1.1', name: 'one' }))).retryAfter).toBe(3);
    for (let i = 0; i < TIERS[3].burst; i += 1) await client.conversations.open({ users: IDS.member });
    expect((await failure(client.conversations.open({ users: IDS.member }))).retryAfter).toBe(2);
  });

  it('chat.postMessage is "special": about one per second per channel with a short burst; another channel is not affected', async () => {
    const { client } = await start();
    const post = (channel: string) => client.chat.postMessage({ channel, text: 'q' });
    for (let i = 0; i < 3; i += 1) await post(IDS.quizChannel);
    expect((await failure(post(IDS.quizChannel))).retryAfter).toBe(1);
    expect((await post(IDS.member)).ok).toBe(true); // the DM is another channel
    now += 1000;
    expect((await post(IDS.quizChannel)).ok).toBe(true);
  });

  it('is on by default and can be turned off for a test of something else', async () => {
    const { fake, client } = await start({ rateLimits: false });
    for (let i = 0; i < 50; i += 1) await client.users.info({ user: IDS.member });
    expect(fake.callsTo('users.info').every((c) => c.status === 200)).toBe(true);
  });
});

describe('Block Kit limits (docs.slack.dev/reference/block-kit/blocks)', () => {
  const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });

  it('"up to 50 blocks in each message": 51 is invalid_blocks, with Slack’s error line', async () => {
    const { client } = await start();
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    const refused = await failure(client.chat.postMessage({ channel: IDS.quizChannel, text: 'x', blocks }));
    expect(refused.error).toBe('invalid_blocks');
    expect(refused.data?.response_metadata).toMatchObject({ messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] });
    expect((await client.chat.postMessage({ channel: IDS.quizChannel, text: 'x', blocks: blocks.slice(1) })).ok).toBe(true);
  });

  it('"100 blocks in modals or Home tabs": views.publish takes 100, refuses 101', async () => {
    const { client } = await start();
    const blocks = Array.from({ length: 100 }, () => ({ type: 'divider' as const }));
    expect((await client.views.publish({ user_id: IDS.member, view: { type: 'home', blocks } })).ok).toBe(true);
    expect((await failure(client.views.publish({ user_id: IDS.member, view: { type: 'home', blocks: [...blocks, { type: 'divider' }] } }))).error).toBe('invalid_blocks');
  });

  it('header text: "Maximum length … is 150 characters"; section text: "maximum 3000 characters"', async () => {
    const { client } = await start();
    const header = (n: number) => ({ type: 'header' as const, text: { type: 'plain_text' as const, text: 'h'.repeat(n) } });
    expect((await client.chat.postMessage({ channel: IDS.quizChannel, text: 'x', blocks: [header(150), section('s'.repeat(3000))] })).ok).toBe(true);
    const long = await failure(client.chat.postMessage({ channel: IDS.quizChannel, text: 'x', blocks: [header(151)] }));
    expect(long.data?.response_metadata).toMatchObject({ messages: ['[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]'] });
    expect((await failure(client.chat.postEphemeral({ channel: IDS.quizChannel, user: IDS.member, text: 'x', blocks: [section('s'.repeat(3001))] }))).error).toBe('invalid_blocks');
    expect((await failure(client.chat.postMessage({ channel: IDS.quizChannel, text: 'x', blocks: [section('')] }))).error).toBe('invalid_blocks');
  });

  it('a response_url refuses invalid blocks too (HTTP 400 invalid_blocks)', async () => {
    const { fake } = await start();
    const res = await fetch(fake.newResponseUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }) });
    expect([res.status, await res.text()]).toEqual([400, 'invalid_blocks']);
  });
});

describe('scopes per token', () => {
  it('a method without its scope is missing_scope with `needed` and `provided` (as Slack answers, apache/superset#15904)', async () => {
    const { client } = await start({ scopes: ['chat:write'] });
    const refused = await failure(client.users.info({ user: IDS.member }));
    expect(refused.error).toBe('missing_scope');
    expect(refused.data).toMatchObject({ needed: 'users:read', provided: 'chat:write' });
    // The WebClient reads the X-OAuth-Scopes / X-Accepted-OAuth-Scopes headers into response_metadata.
    expect(refused.data?.response_metadata).toMatchObject({ scopes: ['chat:write'], acceptedScopes: ['users:read'] });
  });

  it('conversations.info needs the read scope of the conversation’s type: im:read for a DM, mpim:read for a group DM', async () => {
    const { client } = await start({ scopes: manifestScopes() });
    expect((await client.conversations.info({ channel: IDS.quizChannel })).ok).toBe(true);
    expect((await failure(client.conversations.info({ channel: IDS.groupDm }))).data).toMatchObject({ error: 'missing_scope', needed: 'mpim:read' });
    const dm = await client.conversations.open({ users: IDS.member });
    expect((await failure(client.conversations.info({ channel: dm.channel?.id ?? '' }))).data).toMatchObject({ error: 'missing_scope', needed: 'im:read' });
  });

  it('reads the manifest’s scopes and events from slack/manifest.yml', () => {
    expect(manifestScopes()).toContain('chat:write');
    expect(manifestEvents()).toContain('reaction_added');
  });
});

describe('other refusals', () => {
  it('reactions.add takes only real emoji names ("invalid_name: Value passed for name was invalid")', async () => {
    const { client } = await start();
    const posted = await client.chat.postMessage({ channel: IDS.quizChannel, text: 'q' });
    const react = (name: string) => client.reactions.add({ channel: IDS.quizChannel, timestamp: posted.ts ?? '', name });
    expect((await react('one')).ok).toBe(true);
    expect((await react('thumbsup::skin-tone-3')).ok).toBe(true);
    expect((await failure(react('option_a'))).error).toBe('invalid_name');
    expect((await failure(react(':two:'))).error).toBe('invalid_name');
  });

  it('a response_url works "up to 5 times within 30 minutes"', async () => {
    const { fake } = await start();
    const post = (url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"x"}' }).then(async (r) => `${r.status} ${await r.text()}`);
    const url = fake.newResponseUrl();
    now += 30 * 60_000;
    expect(await post(url)).toBe('200 ok');
    now += 1;
    expect(await post(url)).toBe('404 expired_url');
    const fresh = fake.newResponseUrl();
    const results: string[] = [];
    for (let i = 0; i < 6; i += 1) results.push(await post(fresh));
    expect(results).toEqual(['200 ok', '200 ok', '200 ok', '200 ok', '200 ok', '404 used_url']);
    expect(await post(`${fake.apiUrl.replace('/api/', '')}/response/R9999`)).toBe('404 expired_url');
  });

  it('users.info describes guests (is_restricted), Grid users (W ids, enterprise_user.is_admin) and deactivated accounts', async () => {
    const { client } = await start();
    expect((await client.users.info({ user: IDS.guest })).user).toMatchObject({ is_restricted: true, is_ultra_restricted: false, is_admin: false });
    expect((await client.users.info({ user: IDS.gridAdmin })).user).toMatchObject({ id: 'W0GRIDADM', is_admin: false, enterprise_user: { is_admin: true, is_owner: false, enterprise_id: 'E0ORG0001' } });
    expect((await client.users.info({ user: IDS.deletedUser })).user).toMatchObject({ deleted: true });
    expect((await failure(client.conversations.open({ users: IDS.deletedUser }))).error).toBe('user_disabled');
  });

  it('archived and restricted channels refuse posts with chat.postMessage’s documented codes', async () => {
    const { fake, client } = await start();
    const quiz = fake.state.channel(IDS.quizChannel)!;
    const post = (extra: { thread_ts?: string } = {}) => client.chat.postMessage({ channel: IDS.quizChannel, text: 'q', ...extra });
    const parent = await post();
    const codes: Record<string, string | undefined> = {};
    for (const posting of ['restricted', 'read_only', 'thread_only', 'non_threadable'] as const) {
      quiz.posting = posting;
      codes[posting] = (await failure(posting === 'non_threadable' ? post({ thread_ts: parent.ts ?? '' }) : post())).error;
      now += 1000;
    }
    expect(codes).toEqual({
      restricted: 'restricted_action',
      read_only: 'restricted_action_read_only_channel',
      thread_only: 'restricted_action_thread_only_channel',
      non_threadable: 'restricted_action_non_threadable_channel',
    });
    quiz.posting = 'thread_only';
    expect((await post({ thread_ts: parent.ts ?? '' })).ok).toBe(true);
    quiz.posting = undefined;
    quiz.isArchived = true;
    now += 1000;
    expect((await failure(post())).error).toBe('is_archived');
    expect((await client.conversations.info({ channel: IDS.quizChannel })).channel).toMatchObject({ is_archived: true });
  });

  it('after the app is uninstalled every bot call answers token_revoked', async () => {
    const { fake, client } = await start();
    fake.state.tokensRevoked = true;
    expect((await failure(client.users.info({ user: IDS.member }))).error).toBe('token_revoked');
  });
});
