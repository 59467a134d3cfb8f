/** Slack faults through the real Bolt adapter: 5xx on posting, and events Slack delivers more than once. */
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.ts';
import { createSlackSender, RESPONSE_URL_METHOD } from '../fakes/slack/index.ts';
import { FAST_RETRIES, IDS, recordingLog, sent, SIGNING_SECRET, startSlackWorld, T0, type SlackWorld } from '../adapters/slack/harness.ts';

let w: SlackWorld | undefined;
let restarted: SlackAdapter | undefined;
afterEach(async () => {
  await restarted?.stop();
  restarted = undefined;
  await w?.cleanup();
  w = undefined;
});

/** Backoff that is measurable but quick: waits of 50 ms, then 100 ms, no jitter. */
const BACKOFF = { retries: 2, factor: 2, minTimeout: 50, maxTimeout: 1000, randomize: false };
const answers = () => w!.db.prepare('SELECT user_id, choice, via FROM answers').all();
const statuses = (method: string) => w!.fake.callsTo(method).map((c) => c.status);

describe('Slack 5xx on posting', () => {
  it('retries chat.postMessage through two 503s with growing waits, then posts the drop once', async () => {
    w = await startSlackWorld({ retryConfig: BACKOFF });
    w.fake.failNext('chat.postMessage', { status: 503 }, 2);
    const { res, response } = await w.command(IDS.admin, 'drop');
    expect(res.status).toBe(200);
    expect(sent(await response())).toContain('Posted question #1 (easy)');
    const attempts = w.fake.callsTo('chat.postMessage');
    expect(attempts.map((c) => c.status)).toEqual([503, 503, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(45);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(95);
    const ts = String(attempts[2]!.response.ts);
    expect(w.db.prepare('SELECT id, state, message_ref FROM drops').all()).toEqual([{ id: 1, state: 'open', message_ref: `${IDS.quizChannel}:${ts}` }]);
  });

  it('an outage that outlasts the retries records the drop as failed, tells the admin, and the next drop works', async () => {
    w = await startSlackWorld({ retryConfig: BACKOFF });
    w.fake.failNext('chat.postMessage', { status: 503 }, 3);
    const reply = await (await w.command(IDS.admin, 'drop')).response();
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(sent(reply)).toContain('Could not post the question: Slack refused the post (http_503).');
    expect(statuses('chat.postMessage')).toEqual([503, 503, 503]);
    expect(w.db.prepare('SELECT state, failure FROM drops').all()).toEqual([{ state: 'failed', failure: 'Slack refused the post (http_503).' }]);
    const logged = await w.logs.waitFor((l) => l.event === 'slack.api_failed', 'api failure');
    expect(logged.fields).toMatchObject({ method: 'chat.postMessage', error: 'http_503', channel: IDS.quizChannel });
    expect(await w.tutor.openDrop(w.channel)).toBeUndefined();

    const { dropId } = await w.drop(IDS.admin);
    expect(w.db.prepare('SELECT id, state FROM drops ORDER BY id').all()).toEqual([
      { id: 1, state: 'failed' },
      { id: dropId, state: 'open' },
    ]);
  });

  it('retries a 500 on chat.postEphemeral (a reaction answer): the answer is stored once and its feedback shown once', async () => {
    w = await startSlackWorld();
    const drop = await w.drop(IDS.admin);
    w.fake.failNext('chat.postEphemeral', { status: 500 });
    const since = w.mark();
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.reactionAdded({ userId: IDS.member, reaction: 'two', itemTs: drop.ts })));
    const shown = await w.fake.waitForCall('chat.postEphemeral', (c) => c.status === 200, { since: since.calls });
    expect(sent(shown)).toContain('✅ *Correct:* B) Data Preparation (+1 point)');
    await w.adapter.idle();
    expect(statuses('chat.postEphemeral')).toEqual([500, 200]);
    expect(w.fake.callsTo('conversations.open')).toEqual([]); // retried in place, no DM fallback
    expect(answers()).toEqual([{ user_id: IDS.member, choice: 'B', via: 'reaction' }]);
  });

  it('when response_url answers 503, the command reply still reaches the person as an ephemeral', async () => {
    w = await startSlackWorld();
    w.fake.failNext(RESPONSE_URL_METHOD, { status: 503 });
    const since = w.mark();
    const { res } = await w.command(IDS.member, 'packs');
    expect(res.status).toBe(200);
    const eph = await w.ephemeralTo(IDS.member, since);
    expect(eph.body.channel).toBe(IDS.quizChannel);
    expect(sent(eph)).toContain('Why ML lifecycle stages in MLOps?');
    expect(w.fake.responses.map((r) => r.status)).toEqual([503]);
    const warned = await w.logs.waitFor((l) => l.event === 'slack.respond_failed', 'respond failure');
    expect(warned.fields).toMatchObject({ workspace: IDS.team, user: IDS.member });
  });
});

describe('events Slack delivers more than once', () => {
  const reaction = (ts: string, eventId: string) =>
    w!.fake.payloads.eventEnvelope(w!.fake.payloads.reactionAdded({ userId: IDS.member, reaction: 'two', itemTs: ts }), { eventId });

  it('a retry that arrives while the first delivery is still being handled is dropped', async () => {
    w = await startSlackWorld();
    const { ts } = await w.drop(IDS.admin);
    w.fake.failNext('users.info', { delayMs: 1000 }); // the first delivery is slow to learn who reacted
    const envelope = reaction(ts, 'Ev0SLOW001');
    const since = w.mark();
    expect((await w.sender.sendEvent(envelope)).status).toBe(200);
    expect((await w.sender.sendEvent(envelope, { retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
    const dup = await w.logs.waitFor((l) => l.event === 'slack.event_duplicate', 'duplicate event');
    expect(dup.fields).toMatchObject({ eventId: 'Ev0SLOW001', retry: 1 });
    // The retry came while the first delivery was still waiting for users.info (answered only after the delay).
    expect(w.fake.callsTo('users.info').filter((c) => c.body.user === IDS.member)).toEqual([]);
    expect(sent(await w.ephemeralTo(IDS.member, since))).toContain('✅ *Correct:* B) Data Preparation (+1 point)');
    await w.adapter.idle();
    expect(w.fake.callsTo('chat.postEphemeral')).toHaveLength(1);
    expect(answers()).toEqual([{ user_id: IDS.member, choice: 'B', via: 'reaction' }]);
  });

  it('a retry that lands on another instance (or on a restarted one) is not answered twice', async () => {
    w = await startSlackWorld();
    const { ts } = await w.drop(IDS.admin);
    const envelope = reaction(ts, 'Ev0RESTART1');
    let since = w.mark();
    await w.sender.sendEvent(envelope);
    await w.ephemeralTo(IDS.member, since);

    // A second instance behind the same address: its own adapter (and HTTP receiver) over the same database,
    // while the first keeps running. The handled event ids live in the database, not in either process.
    const { log, lines } = recordingLog();
    restarted = createSlackAdapter(w.tutor, {
      botToken: w.fake.botToken,
      signingSecret: SIGNING_SECRET,
      port: 0,
      apiUrl: w.fake.apiUrl,
      admins: [],
      clock: { now: () => T0 },
      log,
      retryConfig: FAST_RETRIES,
    });
    await restarted.start();
    const sender = createSlackSender({ url: `http://127.0.0.1:${restarted.httpPort()}/slack/events`, signingSecret: SIGNING_SECRET });
    since = w.mark();
    expect((await sender.sendEvent(envelope, { retryNum: 2, retryReason: 'http_timeout' })).status).toBe(200);
    const duplicate = await lines.waitFor((l) => l.event === 'slack.event_duplicate', 'the redelivery recognised');
    expect(duplicate.fields).toMatchObject({ eventId: 'Ev0RESTART1', retry: 2 });
    await restarted.idle();
    expect(w.fake.calls.slice(since.calls).filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    expect(w.fake.callsTo('chat.postEphemeral')).toHaveLength(1);
    expect(answers()).toEqual([{ user_id: IDS.member, choice: 'B', via: 'reaction' }]);

    // The restarted adapter is otherwise fully working: a new reaction by someone else is answered.
    since = w.mark();
    await sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.reactionAdded({ userId: IDS.owner, reaction: 'one', itemTs: ts })));
    expect(sent(await w.ephemeralTo(IDS.owner, since))).toContain('you picked *A*');
  });
});
