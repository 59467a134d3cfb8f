import { App } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCaptureLogger, IDS, startFakeSlack } from './index.ts';
import type { FakeSlack } from './index.ts';
import { Recorder } from './recorder.ts';

// Real Bolt 5.1 in Socket Mode against the fake: apps.connections.open (app token) → ws:// URL →
// hello → envelopes → acks. Only the WebSocket endpoint and Web API are fake.

interface Seen {
  kind: string;
  text?: string;
  retryNum?: number;
  retryReason?: string;
}

let fake: FakeSlack;
let app: App | undefined;
let seen: Recorder<Seen>;

beforeEach(async () => {
  fake = await startFakeSlack();
  seen = new Recorder<Seen>((s) => s.kind);
  app = new App({
    token: fake.botToken,
    appToken: fake.appToken,
    socketMode: true,
    logger: createCaptureLogger(),
    // SocketModeClient reuses clientOptions (slackApiUrl, retryConfig) for apps.connections.open.
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
  });
  app.command('/quiz', async ({ command, ack }) => {
    await ack({ response_type: 'ephemeral', text: `ack for ${command.text}` });
    seen.push({ kind: 'command', text: command.text });
  });
  app.action('answer', async ({ ack, action }) => {
    await ack();
    seen.push({ kind: 'action', text: 'value' in action ? action.value : undefined });
  });
  app.event('reaction_added', async ({ event, context }) => {
    seen.push({ kind: 'reaction', text: event.reaction, retryNum: context.retryNum, retryReason: context.retryReason });
  });
  // Resolves once the fake has sent `hello`.
  await app.start();
});

afterEach(async () => {
  // Stop the app first: a Socket Mode client whose server vanishes tries to reconnect.
  await app?.stop();
  app = undefined;
  await fake.close();
});

describe('fake Slack with a real Bolt App (Socket Mode)', () => {
  it('opens the connection with the app token', async () => {
    const call = await fake.waitForCall('apps.connections.open');
    expect(call.token).toBe(fake.appToken);
    expect(call.response.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/socket-mode\/link\/\?ticket=/);
    await fake.socketMode.waitForConnection();
  });

  it('delivers a slash command envelope and returns the ack payload', async () => {
    const ack = await fake.socketMode.send('slash_commands', fake.payloads.slashCommand({ text: 'daily' }));
    expect(ack.payload).toEqual({ response_type: 'ephemeral', text: 'ack for daily' });
    expect((await seen.waitFor((s) => s.kind === 'command', 'command')).text).toBe('daily');
  });

  it('delivers an interactive envelope; a bare ack() sends an empty payload', async () => {
    const ack = await fake.socketMode.send('interactive', fake.payloads.blockActions({ actionId: 'answer', value: 'C' }));
    expect(ack.payload).toEqual({});
    expect((await seen.waitFor((s) => s.kind === 'action', 'action')).text).toBe('C');
  });

  it('maps retry_attempt / retry_reason to context.retryNum / context.retryReason', async () => {
    const event = fake.payloads.reactionAdded({ userId: IDS.member, reaction: 'tada', itemTs: '1700000000.000100' });
    await fake.socketMode.send('events_api', fake.payloads.eventEnvelope(event), { retryAttempt: 1, retryReason: 'timeout' });
    const reaction = await seen.waitFor((s) => s.kind === 'reaction', 'reaction');
    expect(reaction).toMatchObject({ text: 'tada', retryNum: 1, retryReason: 'timeout' });
  });
});
