/** A drop's life on Slack: scheduled posting, close and reveal in the thread, 429s waited out or recorded. */
import { afterEach, describe, expect, it } from 'vitest';
import { IDS, sent, startSlackWorld, T0, type SlackWorld } from './harness.ts';

let w: SlackWorld | undefined;
afterEach(async () => {
  await w?.cleanup();
  w = undefined;
});

const blockTypes = (blocks: unknown) => (blocks as { type: string }[]).map((b) => b.type);

describe('Slack drop lifecycle', () => {
  it('posts a scheduled drop for a fixed slot exactly once', async () => {
    w = await startSlackWorld();
    const schedule = await w.tutor.addSchedule({ channel: w.channel, cron: '0 9 * * *', by: IDS.admin }, T0);
    const posted = await w.tutor.fireSchedule(schedule.id, T0, T0);
    expect(posted).toMatchObject({ state: 'open', scheduleId: schedule.id, slot: T0, createdBy: `schedule:${schedule.id}` });
    const call = await w.fake.waitForCall('chat.postMessage');
    expect(posted?.messageRef).toBe(`${IDS.quizChannel}:${String(call.response.ts)}`);
    expect(blockTypes(call.body.blocks)).toContain('actions');
    await w.fake.waitForCall('reactions.add', (c) => c.body.name === 'four');
    expect(await w.tutor.fireSchedule(schedule.id, T0, T0 + 5_000)).toBeNull();
    expect(w.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('close: the reveal goes into the thread and the drop is updated without buttons', async () => {
    w = await startSlackWorld();
    const { ts, dropId } = await w.drop(IDS.admin);
    let since = w.mark();
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.reactionAdded({ userId: IDS.member, reaction: 'two', itemTs: ts })));
    await w.ephemeralTo(IDS.member, since);
    since = w.mark();
    await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_answer_a', value: `${dropId}:A`, userId: IDS.owner, messageTs: ts }));
    await w.ephemeralTo(IDS.owner, since);

    const reply = await (await w.command(IDS.admin, 'close')).response();
    expect(sent(reply)).toContain(`Closed question #${dropId}; the reveal is posted.`);
    const thread = w.fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === ts);
    expect(thread?.body.channel).toBe(IDS.quizChannel);
    const threadText = sent(thread!);
    expect(threadText).toContain(`🔔 *Question #${dropId} is closed.* The answer: *B) Data Preparation*`);
    expect(threadText).toContain('▫️ *A)* 1 answer\\n✅ *B)* 1 answer\\n▫️ *C)* 0 answers\\n▫️ *D)* 0 answers');
    expect(threadText).toContain('🏅 *Got it right:* mia');
    expect(threadText).toContain('*Solution, step by step*');

    const update = w.fake.callsTo('chat.update')[0]!;
    expect(update.body).toMatchObject({ channel: IDS.quizChannel, ts });
    expect(blockTypes(update.body.blocks)).toEqual(['header', 'section', 'section', 'context']);
    expect(sent(update)).toContain('🔒 Closed · the answer is *B* · 2 answers');
    expect(sent(update)).not.toContain('stepwise_answer_');
    expect(w.fake.state.findMessage(IDS.quizChannel, ts)?.blocks).toEqual(update.body.blocks);
    expect(w.db.prepare('SELECT state FROM drops WHERE id = ?').get(dropId)).toEqual({ state: 'closed' });

    // After close, a button still teaches but does not score.
    since = w.mark();
    await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_answer_b', value: `${dropId}:B`, userId: IDS.admin, messageTs: ts }));
    expect(sent(await w.ephemeralTo(IDS.admin, since))).toContain('This question has closed, so your answer was not scored. 2 answered, 1 got it right.');
  });

  it('waits out a 429 from chat.postMessage (Retry-After: 1) and then posts', async () => {
    w = await startSlackWorld();
    w.fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const { res, response } = await w.command(IDS.admin, 'drop');
    expect(res.ms).toBeLessThan(1000);
    expect(sent(await response())).toContain('Posted question #1');
    const waited = Date.now() - started;
    expect(w.fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(w.db.prepare('SELECT state FROM drops').get()).toEqual({ state: 'open' });
    console.info(`[measured] 429 with Retry-After 1 s: ack ${res.ms.toFixed(1)} ms, drop posted after ${waited} ms`);
  });

  it('a post still rate-limited after the retries is recorded as failed, and the admin is told', async () => {
    w = await startSlackWorld();
    w.fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 }, 2);
    const reply = await (await w.command(IDS.admin, 'drop')).response();
    expect(sent(reply)).toContain('Could not post the question: Slack is rate-limiting Stepwise right now. Try again in a minute.');
    expect(w.db.prepare('SELECT state, failure FROM drops').get()).toEqual({ state: 'failed', failure: 'Slack is rate-limiting Stepwise right now. Try again in a minute.' });
    const logged = await w.logs.waitFor((l) => l.event === 'slack.api_failed', 'api failure');
    expect(logged.fields).toMatchObject({ platform: 'slack', workspace: IDS.team, channel: IDS.quizChannel, method: 'chat.postMessage', error: 'ratelimited' });
  });

  it('a reaction that comes while the bot is still adding its own reactions already counts', async () => {
    w = await startSlackWorld();
    w.fake.failNext('reactions.add', { delayMs: 800 });
    const { response } = await w.command(IDS.admin, 'drop');
    const posted = await w.fake.waitForCall('chat.postMessage');
    await response();
    expect(w.fake.callsTo('reactions.add').filter((c) => c.status === 200)).toHaveLength(0);
    const since = w.mark();
    const ts = String(posted.response.ts);
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.reactionAdded({ userId: IDS.member, reaction: 'two', itemTs: ts })));
    expect(sent(await w.ephemeralTo(IDS.member, since))).toContain('✅ *Correct:* B) Data Preparation (+1 point)');
    await w.fake.waitForCall('reactions.add', (c) => c.body.name === 'four', { timeoutMs: 5000 });
  });

  it('STEPWISE_ADMINS makes a plain member an admin', async () => {
    w = await startSlackWorld({ admins: [IDS.member] });
    const { posted } = await w.drop(IDS.member);
    expect(posted.response.ok).toBe(true);
    expect(w.db.prepare('SELECT created_by FROM drops').get()).toEqual({ created_by: IDS.member });
  });
});
