import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCaptureLogger, IDS, startFakeSlack, TRIGGER_LIFETIME_MS } from './index.ts';
import type { FakeSlack } from './index.ts';

// views.open and view_submission on the fake, driven by the real @slack/web-api client. Each refusal
// names the documented fact it comes from (see views.ts).

let fake: FakeSlack;
let client: webApi.WebClient;
let now = Date.UTC(2026, 10, 27, 9, 0, 0);

const slackError = async (promise: Promise<unknown>): Promise<{ error: unknown; messages: unknown }> => {
  const e = await promise.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(Error);
  const data = (e as { data?: { error?: unknown; response_metadata?: { messages?: unknown } } }).data;
  return { error: data?.error, messages: data?.response_metadata?.messages };
};

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const input = (blockId: string, extra: Record<string, unknown> = {}, element: Record<string, unknown> = {}) => ({
  type: 'input' as const,
  block_id: blockId,
  label: plain(`Label ${blockId}`),
  element: { type: 'plain_text_input' as const, action_id: 'value', ...element },
  ...extra,
});
const modal = (over: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  callback_id: 'stepwise_form',
  private_metadata: '{"form":"suggest"}',
  title: plain('Suggest a question'),
  submit: plain('Send'),
  close: plain('Cancel'),
  blocks: [input('prompt', {}, { multiline: true, max_length: 500, min_length: 10 }), input('hint', { optional: true })],
  ...over,
});

beforeEach(async () => {
  now = Date.UTC(2026, 10, 27, 9, 0, 0);
  fake = await startFakeSlack({ clock: () => now });
  client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: createCaptureLogger() });
});
afterEach(async () => {
  await fake.close();
});

describe('views.open on the fake', () => {
  it('opens a modal with a trigger_id issued with a slash command, for the person who typed it, once', async () => {
    const { trigger_id } = fake.payloads.slashCommand({ text: 'suggest', userId: IDS.member });
    now += TRIGGER_LIFETIME_MS;
    const res = await client.views.open({ trigger_id: trigger_id!, view: modal() as never });
    expect(res.ok).toBe(true);
    expect(res.view).toMatchObject({ type: 'modal', callback_id: 'stepwise_form', private_metadata: '{"form":"suggest"}', root_view_id: res.view?.id });
    expect(fake.openedViews.map((v) => v.user)).toEqual([IDS.member]);
    // "exchanged_trigger_id: The trigger_id was already exchanged in a previous call."
    expect((await slackError(client.views.open({ trigger_id: trigger_id!, view: modal() as never }))).error).toBe('exchanged_trigger_id');
  });

  it('refuses a trigger older than 3 s (expired_trigger_id) and one it never issued (invalid_trigger_id)', async () => {
    const { trigger_id } = fake.payloads.blockActions({ actionId: 'stepwise_sg_edit', value: '1', userId: IDS.admin });
    now += TRIGGER_LIFETIME_MS + 1;
    expect((await slackError(client.views.open({ trigger_id: trigger_id as string, view: modal() as never }))).error).toBe('expired_trigger_id');
    expect((await slackError(client.views.open({ trigger_id: '12345.98765.abcd2358fdea', view: modal() as never }))).error).toBe('invalid_trigger_id');
    // A test's own triggerId is not one Slack issued either.
    const own = fake.payloads.slashCommand({ triggerId: '1.2.ab' });
    expect((await slackError(client.views.open({ trigger_id: own.trigger_id!, view: modal() as never }))).error).toBe('invalid_trigger_id');
    expect(fake.openedViews).toEqual([]);
  });

  it('answers invalid_arguments with Slack’s error lines for a view beyond the modal limits, and keeps the trigger', async () => {
    const { trigger_id } = fake.payloads.slashCommand();
    const bad = modal({
      title: plain('A title longer than twenty-four'),
      submit: plain('Submit this suggestion now'),
      private_metadata: 'x'.repeat(3001),
      blocks: [
        input('a', { label: plain('L'.repeat(2001)) }, { max_length: 3001, placeholder: plain('p'.repeat(151)) }),
        input('b', {}, { min_length: 20, max_length: 10 }),
      ],
    });
    const { error, messages } = await slackError(client.views.open({ trigger_id: trigger_id!, view: bad as never }));
    expect(error).toBe('invalid_arguments');
    expect(messages).toEqual([
      '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
      '[ERROR] must be less than 25 characters [json-pointer:/view/submit/text]',
      '[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]',
      '[ERROR] must be less than 2001 characters [json-pointer:/view/blocks/0/label/text]',
      '[ERROR] must be less than 151 characters [json-pointer:/view/blocks/0/element/placeholder/text]',
      '[ERROR] must be at most 3000 [json-pointer:/view/blocks/0/element/max_length]',
      '[ERROR] min_length must be less than or equal to max_length [json-pointer:/view/blocks/1/element/min_length]',
    ]);
    // "submit is required when an input block is within the blocks array"; at most 100 blocks.
    const { submit: _s, ...noSubmit } = modal();
    expect((await slackError(client.views.open({ trigger_id: trigger_id!, view: noSubmit as never }))).messages).toEqual([
      '[ERROR] submit is required when an input block is within the blocks array [json-pointer:/view/submit]',
    ]);
    const many = modal({ blocks: Array.from({ length: 101 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `${i}` } })) });
    expect((await slackError(client.views.open({ trigger_id: trigger_id!, view: many as never }))).messages).toEqual([
      '[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]',
    ]);
    expect((await slackError(client.views.open({ trigger_id: trigger_id!, view: modal({ type: 'home' }) as never }))).messages).toEqual([
      '[ERROR] must be one of: modal [json-pointer:/view/type]',
    ]);
    expect((await slackError(client.views.open({ trigger_id: trigger_id!, view: modal({ callback_id: 'c'.repeat(256) }) as never }))).messages).toEqual([
      '[ERROR] must be less than 256 characters [json-pointer:/view/callback_id]',
    ]);
    // Nothing opened, so the trigger is still good.
    expect((await client.views.open({ trigger_id: trigger_id!, view: modal() as never })).ok).toBe(true);
  });
});

describe('views.open and scopes', () => {
  it('needs no scope ("Scopes: No scopes required"): a token with only commands opens a modal', async () => {
    await fake.close();
    fake = await startFakeSlack({ clock: () => now, scopes: ['commands'] });
    client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: createCaptureLogger() });
    const { trigger_id } = fake.payloads.slashCommand();
    expect((await client.views.open({ trigger_id: trigger_id!, view: modal() as never })).ok).toBe(true);
  });
});

describe('view_submission from the fake', () => {
  it('builds the payload Slack sends: state.values[block_id][action_id].value, private_metadata, callback_id, user, team', async () => {
    const { trigger_id } = fake.payloads.slashCommand({ userId: IDS.member });
    const opened = await client.views.open({ trigger_id: trigger_id!, view: modal({ blocks: [input('prompt'), input('hint', { optional: true }, { initial_value: 'think' }), input('steps', { optional: true })] }) as never });
    const payload = fake.viewSubmission({ prompt: 'What is 2+2?', steps: '' }) as Record<string, any>;
    expect(payload).toMatchObject({
      type: 'view_submission',
      team: { id: IDS.team },
      user: { id: IDS.member, team_id: IDS.team },
      api_app_id: IDS.app,
      view: { id: opened.view?.id, callback_id: 'stepwise_form', private_metadata: '{"form":"suggest"}', type: 'modal' },
    });
    expect(payload.view.state.values).toEqual({
      prompt: { value: { type: 'plain_text_input', value: 'What is 2+2?' } },
      hint: { value: { type: 'plain_text_input', value: 'think' } },
      steps: { value: { type: 'plain_text_input', value: null } },
    });
    expect(typeof payload.trigger_id).toBe('string');
  });

  it('refuses to build what Slack’s client would not submit: a required input empty, a length out of bounds', async () => {
    const { trigger_id } = fake.payloads.slashCommand();
    await client.views.open({ trigger_id: trigger_id!, view: modal() as never });
    expect(() => fake.viewSubmission({ prompt: '' })).toThrow(/"Label prompt" is required/);
    expect(() => fake.viewSubmission({ prompt: 'short' })).toThrow(/at least 10/);
    expect(() => fake.viewSubmission({ prompt: 'x'.repeat(501) })).toThrow(/at most 500/);
    expect(() => fake.viewSubmission({ nope: 'x' })).toThrow(/no input block nope/);
    expect(fake.viewSubmission({ prompt: 'long enough text' })).toMatchObject({ type: 'view_submission' });
  });
});
