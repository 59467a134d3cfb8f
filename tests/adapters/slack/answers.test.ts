/** Answering a drop on Slack: by button, reaction and command; duplicates, late answers, redelivered events. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESPONSE_URL_METHOD } from '../../fakes/slack/index.ts';
import { IDS, sent, startSlackWorld, T0, type SlackWorld } from './harness.ts';

let w: SlackWorld;
let drop: Awaited<ReturnType<SlackWorld['drop']>>;
beforeEach(async () => {
  w = await startSlackWorld();
  drop = await w.drop(IDS.admin);
});
afterEach(async () => {
  await w.cleanup();
});

const answers = () => w.db.prepare('SELECT user_id, choice, correct, points, via FROM answers ORDER BY answered_at, user_id').all();
const click = (userId: string, letter: string, opts: { dropId?: number } = {}) =>
  w.sender.sendAction(
    w.fake.payloads.blockActions({ actionId: `stepwise_answer_${letter.toLowerCase()}`, value: `${opts.dropId ?? drop.dropId}:${letter}`, userId, messageTs: drop.ts, text: letter }),
  );
const react = (userId: string, reaction: string, opts: { eventId?: string; itemTs?: string } = {}) =>
  w.fake.payloads.eventEnvelope(w.fake.payloads.reactionAdded({ userId, reaction, itemTs: opts.itemTs ?? drop.ts }), opts.eventId ? { eventId: opts.eventId } : {});

describe('answering a Slack drop', () => {
  it('a wrong button answer gets an ephemeral: why the pick tempts first, the final answer, and the walkthrough buttons', async () => {
    await w.adapter.idle(); // the drop's own reactions are added
    const since = w.mark();
    const res = await click(IDS.member, 'C');
    expect(res.status).toBe(200);
    const eph = await w.ephemeralTo(IDS.member, since);
    // Through the click's response_url, as a new ephemeral (the drop stays): no Web API call at all.
    expect(eph.via).toBe('response_url');
    expect(eph.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(w.fake.calls.slice(since.calls)).toEqual([]);
    const blocks = eph.body.blocks as { text?: { text: string } }[];
    const texts = blocks.map((b) => b.text?.text ?? JSON.stringify(b));
    expect(texts[0]).toBe('❌ *Not quite:* you picked *C*. The answer is *B) Data Preparation*.');
    expect(texts[1]).toMatch(/^\*Why C tempts:\* Monitoring watches a model after it is live/);
    expect(texts[2]).toBe('*Final answer:* Data Preparation -&gt; Option B');
    expect((blocks[3] as unknown as { elements: { action_id: string; value: string }[] }).elements.map((e) => [e.action_id, e.value])).toEqual([
      ['stepwise_walk_next', `d:${drop.dropId}:C:1`],
      ['stepwise_walk_all', `d:${drop.dropId}:C:a`],
    ]);
    expect(sent(eph)).not.toContain('Understand the role');
    expect(eph.body.text).toBe('❌ Not quite: you picked C. The answer is B) Data Preparation.');
    expect(answers()).toEqual([{ user_id: IDS.member, choice: 'C', correct: 0, points: 0, via: 'button' }]);
  });

  it('a reaction (:two:) answers by message ref and the ephemeral says correct, +1', async () => {
    const since = w.mark();
    expect((await w.sender.sendEvent(react(IDS.owner, 'two'))).status).toBe(200);
    const eph = await w.ephemeralTo(IDS.owner, since);
    expect(sent(eph)).toContain('✅ *Correct:* B) Data Preparation (+1 point)');
    expect(sent(eph)).toContain('*Final answer:* Data Preparation -&gt; Option B');
    expect(answers()).toEqual([{ user_id: IDS.owner, choice: 'B', correct: 1, points: 1, via: 'reaction' }]);
  });

  it(':a: and :b: count as A and B; other emoji, other messages and the bot’s own reactions are ignored', async () => {
    await w.sender.sendEvent(react(IDS.botUser, 'one'));
    await w.sender.sendEvent(react(IDS.member, 'tada'));
    await w.sender.sendEvent(react(IDS.member, 'one', { itemTs: '1700000099.000100' }));
    await w.logs.waitFor((l) => l.event === 'slack.reaction_ignored' && l.fields.reason === 'not a drop', 'ignored non-drop');
    await w.logs.waitFor((l) => l.event === 'slack.reaction_ignored' && l.fields.reason === 'not an answer emoji', 'ignored emoji');
    const since = w.mark();
    await w.sender.sendEvent(react(IDS.member, 'a'));
    expect(sent(await w.ephemeralTo(IDS.member, since))).toContain('you picked *A*');
    expect(answers()).toEqual([{ user_id: IDS.member, choice: 'A', correct: 0, points: 0, via: 'reaction' }]);
    expect(w.fake.callsTo('chat.postEphemeral')).toHaveLength(1);
  });

  it('a command answer replies ephemerally through response_url with the worked solution', async () => {
    const reply = await (await w.command(IDS.member, 'answer b')).response();
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', text: '✅ Correct: B) Data Preparation' });
    expect(sent(reply)).toContain('Walk me through it');
    expect(answers()).toEqual([{ user_id: IDS.member, choice: 'B', correct: 1, points: 1, via: 'command' }]);
  });

  it('only the first answer counts: a second button and a reaction get "you already answered"', async () => {
    let since = w.mark();
    await click(IDS.member, 'A');
    await w.ephemeralTo(IDS.member, since);
    since = w.mark();
    await click(IDS.member, 'B');
    expect(sent(await w.ephemeralTo(IDS.member, since))).toContain('You already answered this one: your first answer, A (not right), counts.');
    since = w.mark();
    await w.sender.sendEvent(react(IDS.member, 'two'));
    expect(sent(await w.ephemeralTo(IDS.member, since))).toContain('You already answered this one');
    expect(answers()).toEqual([{ user_id: IDS.member, choice: 'A', correct: 0, points: 0, via: 'button' }]);
  });

  it('a late answer (after the window) shows the result, marked unscored', async () => {
    w.clock.set(T0 + 25 * 3_600_000);
    const since = w.mark();
    await click(IDS.member, 'B');
    const eph = await w.ephemeralTo(IDS.member, since);
    expect(sent(eph)).toContain('"text":"✅ *Correct:* B) Data Preparation"');
    expect(sent(eph)).toContain('This question has closed, so your answer was not scored.');
    expect(answers()).toEqual([]);
  });

  it('a redelivered event (x-slack-retry-num) is processed once, even when it arrives after the first finished', async () => {
    const envelope = react(IDS.member, 'three', { eventId: 'Ev0RETRY01' });
    const since = w.mark();
    await w.sender.sendEvent(envelope);
    await w.ephemeralTo(IDS.member, since);
    const retry = await w.sender.sendEvent(envelope, { retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.status).toBe(200);
    const dup = await w.logs.waitFor((l) => l.event === 'slack.event_duplicate', 'duplicate event log');
    expect(dup.fields).toMatchObject({ eventId: 'Ev0RETRY01', retry: 1, workspace: IDS.team });
    expect(w.fake.callsTo('chat.postEphemeral')).toHaveLength(1);
    expect(answers()).toHaveLength(1);
  });

  it('a reactor not in the channel gets the feedback by DM, and the DM channel is opened once', async () => {
    let since = w.mark();
    await w.sender.sendEvent(react(IDS.outsider, 'two'));
    const dm = await w.fake.waitForCall('chat.postMessage', (c) => String(c.body.channel).startsWith('D'), { since: since.calls });
    expect(w.fake.callsTo('chat.postEphemeral').at(-1)?.response).toMatchObject({ ok: false, error: 'user_not_in_channel' });
    expect(w.fake.callsTo('conversations.open').map((c) => c.body.users)).toEqual([IDS.outsider]);
    expect(sent(dm)).toContain(`About <#${IDS.quizChannel}>`);
    expect(sent(dm)).toContain('✅ *Correct:* B) Data Preparation');
    since = w.mark();
    await w.sender.sendEvent(react(IDS.outsider, 'three'));
    const second = await w.fake.waitForCall('chat.postMessage', (c) => c.body.channel === dm.body.channel, { since: since.calls });
    expect(sent(second)).toContain('You already answered this one');
    expect(w.fake.callsTo('conversations.open')).toHaveLength(1);
  });

  it('a button answer whose response_url has expired falls back to chat.postEphemeral', async () => {
    w.fake.failNext(RESPONSE_URL_METHOD, { error: 'expired_url' });
    const since = w.mark();
    await click(IDS.member, 'B');
    const eph = await w.ephemeralTo(IDS.member, since);
    expect(eph.via).toBe('chat.postEphemeral');
    expect(sent(eph)).toContain('✅ *Correct:* B) Data Preparation');
  });

  it('a button for a question of another workspace, or a forged value, gets a short error', async () => {
    const since = w.mark();
    await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_answer_b', value: 'nonsense', userId: IDS.member, messageTs: drop.ts }));
    expect(sent(await w.ephemeralTo(IDS.member, since))).toContain('That button does not belong to a Stepwise question.');
    const since2 = w.mark();
    await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_answer_b', value: '999:B', userId: IDS.member, messageTs: drop.ts }));
    expect(sent(await w.ephemeralTo(IDS.member, since2))).toContain('That question is not known here.');
    expect(answers()).toEqual([]);
  });
});
