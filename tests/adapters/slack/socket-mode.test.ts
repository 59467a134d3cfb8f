/** Socket Mode wiring: with an app token the adapter connects over the fake's WebSocket, no HTTP port. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDS, sent, startSlackWorld, type SlackWorld } from './harness.ts';

let w: SlackWorld;
beforeEach(async () => {
  w = await startSlackWorld({ socket: true });
});
afterEach(async () => {
  await w.cleanup();
});

describe('Slack adapter in Socket Mode', () => {
  it('opens the connection with the app token and serves no HTTP port', async () => {
    const open = await w.fake.waitForCall('apps.connections.open');
    expect(open.token).toBe(w.fake.appToken);
    await w.fake.socketMode.waitForConnection();
    expect(w.adapter.httpPort()).toBeUndefined();
    expect(w.fake.callsTo('auth.test').map((c) => c.token)).toEqual([w.fake.botToken]);
  });

  it('acks a /quiz envelope at once with an empty payload and answers through response_url', async () => {
    const fields = w.fake.payloads.slashCommand({ text: 'drop', userId: IDS.admin });
    const ack = await w.fake.socketMode.send('slash_commands', fields);
    expect(ack.payload).toEqual({});
    expect(ack.ms).toBeLessThan(1000);
    const id = fields.response_url!.split('/').pop();
    expect(sent(await w.fake.waitForResponse((p) => p.id === id))).toContain('Posted question #1');
    console.info(`[measured] Socket Mode /quiz drop ack: ${ack.ms.toFixed(1)} ms`);
  });

  it('answers by button and by reaction, and handles a redelivered event (retry_attempt 1) once', async () => {
    await w.fake.socketMode.send('slash_commands', w.fake.payloads.slashCommand({ text: 'drop', userId: IDS.admin }));
    const posted = await w.fake.waitForCall('chat.postMessage');
    const ts = String(posted.response.ts);
    let since = w.mark();
    await w.fake.socketMode.send('interactive', w.fake.payloads.blockActions({ actionId: 'stepwise_answer_b', value: '1:B', userId: IDS.member, messageTs: ts }));
    expect(sent(await w.ephemeralTo(IDS.member, since))).toContain('✅ *Correct:* B) Data Preparation');

    const envelope = w.fake.payloads.eventEnvelope(w.fake.payloads.reactionAdded({ userId: IDS.owner, reaction: 'one', itemTs: ts }), { eventId: 'Ev0SOCKET1' });
    since = w.mark();
    await w.fake.socketMode.send('events_api', envelope);
    expect(sent(await w.ephemeralTo(IDS.owner, since))).toContain('you picked *A*');
    await w.fake.socketMode.send('events_api', envelope, { retryAttempt: 1, retryReason: 'timeout' });
    const dup = await w.logs.waitFor((l) => l.event === 'slack.event_duplicate', 'duplicate');
    expect(dup.fields).toMatchObject({ eventId: 'Ev0SOCKET1', retry: 1 });
    expect(w.fake.callsTo('chat.postEphemeral').filter((c) => c.body.user === IDS.owner)).toHaveLength(1);
  });

  it('says when the link drops and when it is back, so /healthz follows Socket Mode', { timeout: 30_000 }, async () => {
    await w.fake.socketMode.waitForConnection();
    await w.logs.waitFor((l) => l.event === 'slack.connected', 'the first connection logged');
    const since = w.logs.entries.length;
    const connections = w.fake.socketMode.connections.entries.length;
    // apps.connections.open is Tier 1 (about once a minute): the link drops a while after the last open.
    w.fake.limiter.reset();
    w.fake.socketMode.dropConnections();
    await w.logs.waitFor((l) => l.event === 'slack.disconnected', 'the drop logged', { since });
    // The client waits its ping timeout (5 s) before it connects again.
    await w.fake.socketMode.connections.waitFor(() => true, 'a new connection', { since: connections, timeoutMs: 15_000 });
    await w.logs.waitFor((l) => l.event === 'slack.connected', 'the reconnect logged', { since, timeoutMs: 5_000 });
    // And the link works again.
    const ack = await w.fake.socketMode.send('slash_commands', w.fake.payloads.slashCommand({ text: 'help', userId: IDS.member }));
    expect(ack.payload).toEqual({});
  });
});
