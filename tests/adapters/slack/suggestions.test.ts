/**
 * Member suggestions through the real Bolt and the fake Slack: /quiz suggest opens a modal, its
 * view_submission queues the question (or answers errors keyed by block_id), admins approve, edit or reject
 * from the queue's buttons, and an approved question is dropped, answered and credited.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OpenedView, TypedValues } from '../../fakes/slack/index.ts';
import { TRIGGER_LIFETIME_MS } from '../../fakes/slack/index.ts';
import { PROFILE_TTL_MS } from '../../../src/adapters/slack/admin.ts';
import { IDS, sent, startSlackWorld, type SlackWorld } from './harness.ts';

let w: SlackWorld;
afterEach(async () => {
  await w?.cleanup();
});

/** A suggestion as a member types it, in the form's order: prompt, options, answer, steps, hint. */
const GOOD = [
  'Which tool versions the datasets a model was trained on?',
  'DVC\nGrafana\nKubernetes\nJupyter',
  'A',
  'DVC keeps a hash of each dataset in git.\nThe commit of a training run names its data.\nCheck: git log shows the data version.',
  'Think of git, for data.',
];

type Block = { type: string; block_id: string; label: { text: string }; optional?: boolean; element: Record<string, unknown> };
const inputsOf = (view: OpenedView) => (view.view.blocks as Block[]).filter((b) => b.type === 'input');
/** What the person types, by the inputs' order in the modal. */
const typed = (view: OpenedView, texts: readonly (string | null)[]): TypedValues => Object.fromEntries(inputsOf(view).map((b, i) => [b.block_id, texts[i] ?? null]));
const metadata = (view: OpenedView) => JSON.parse(String(view.view.private_metadata)) as { form: string; key?: string; channel: string };

/** Sends `/quiz suggest` as `userId` and waits for the modal it opened. */
async function openSuggest(userId: string = IDS.member): Promise<OpenedView> {
  const since = w.fake.calls.length;
  await w.command(userId, 'suggest');
  const call = await w.fake.waitForCall('views.open', () => true, { since, timeoutMs: 5000 });
  expect(call.response.ok, JSON.stringify(call.response)).toBe(true);
  return w.fake.openedViews.at(-1)!;
}

/** A member's suggestion, submitted and queued; returns its id as the admin's queue shows it. */
async function suggest(texts: readonly string[] = GOOD): Promise<number> {
  const view = await openSuggest();
  const res = await w.submit(typed(view, texts));
  expect(res.status).toBe(200);
  expect(res.json, res.body).toBeUndefined();
  await w.adapter.idle();
  const queue = await listQueue();
  return queue.ids.at(-1)!;
}

/** `/quiz suggestions` as an admin: the ephemeral reply and the ids on its Approve buttons. */
async function listQueue(adminId: string = IDS.admin) {
  const reply = await (await w.command(adminId, 'suggestions')).response();
  const blocks = (reply.body.blocks ?? []) as { type: string; elements?: { action_id: string; value: string }[] }[];
  const ids = blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).filter((e) => e.action_id === 'stepwise_sg_approve').map((e) => Number(e.value)) : []));
  return { reply, ids };
}

/** Clicks a queue button (in the ephemeral queue message) as `userId`. */
function click(kind: 'approve' | 'edit' | 'reject', id: number, userId: string = IDS.admin) {
  return w.sender.sendAction(w.fake.payloads.blockActions({ actionId: `stepwise_sg_${kind}`, value: String(id), blockId: `stepwise_sg_${id}`, text: kind, userId, isEphemeral: true }));
}

/** The DMs the bot sent `userId` after `since`. */
function dmsTo(userId: string, since = 0) {
  const dm = w.fake.state.workspace.channels.find((c) => c.isIm && c.members.includes(userId))?.id;
  return w.fake.calls.slice(since).filter((c) => c.method === 'chat.postMessage' && dm !== undefined && c.body.channel === dm);
}

describe('/quiz suggest on Slack', () => {
  it('opens a modal with five inputs for the member, with the channel in private_metadata, and sends no text', async () => {
    w = await startSlackWorld();
    const view = await openSuggest();
    expect(view.user).toBe(IDS.member);
    expect(view.view).toMatchObject({ type: 'modal', callback_id: 'stepwise_form' });
    expect(metadata(view)).toMatchObject({ form: 'suggest', channel: IDS.quizChannel });
    const inputs = inputsOf(view);
    expect(inputs).toHaveLength(5);
    for (const b of inputs) expect(b.element).toMatchObject({ type: 'plain_text_input', action_id: 'value' });
    await w.adapter.idle();
    expect(w.fake.responses).toEqual([]);
    // Within Slack's 3 s of the trigger, by the fake's clock.
    const call = w.fake.callsTo('views.open')[0]!;
    const issued = w.fake.state.views.triggers.get(String(call.body.trigger_id))!;
    expect(issued.exchanged).toBe(true);
    expect(call.at - issued.at).toBeLessThan(TRIGGER_LIFETIME_MS);
    console.info(`[measured] /quiz suggest: views.open ${call.at - issued.at} ms after the command (Slack allows ${TRIGGER_LIFETIME_MS})`);
  });

  it('a submission queues the suggestion: a bare ack closes the modal, the member is told privately in the channel', async () => {
    w = await startSlackWorld();
    const view = await openSuggest();
    const since = w.mark();
    const res = await w.submit(typed(view, GOOD));
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const told = await w.ephemeralTo(IDS.member, since);
    expect(told.via).toBe('chat.postEphemeral');
    expect(told.body.channel).toBe(IDS.quizChannel);
    const queue = await listQueue();
    expect(queue.ids).toHaveLength(1);
    expect(sent(queue.reply)).toContain('Which tool versions the datasets a model was trained on?');
    expect(sent(queue.reply)).toContain('Suggested by *mia*');
    console.info(`[measured] view_submission ack: ${res.ms.toFixed(1)} ms`);
  });

  it('an invalid submission is answered with response_action errors keyed by block_id, and nothing is stored', async () => {
    w = await startSlackWorld();
    const view = await openSuggest();
    const answerBlock = inputsOf(view)[2]!.block_id;
    const res = await w.submit(typed(view, [GOOD[0]!, GOOD[1]!, 'F', GOOD[3]!, GOOD[4]!]));
    expect(res.status).toBe(200);
    const ack = res.json as { response_action: string; errors: Record<string, string> };
    expect(ack.response_action).toBe('errors');
    expect(Object.keys(ack.errors)).toContain(answerBlock);
    for (const key of Object.keys(ack.errors)) expect(inputsOf(view).map((b) => b.block_id)).toContain(key);
    await w.adapter.idle();
    expect(w.fake.callsTo('chat.postEphemeral')).toEqual([]);
    expect((await listQueue()).ids).toEqual([]);
  });

  it('from a channel the bot is not in, the answer to a submission comes as a DM', async () => {
    w = await startSlackWorld();
    const since = w.fake.calls.length;
    await w.command(IDS.member, 'suggest', { channelId: IDS.otherChannel });
    await w.fake.waitForCall('views.open', (c) => c.response.ok === true, { since, timeoutMs: 5000 });
    const view = w.fake.openedViews.at(-1)!;
    expect(metadata(view).channel).toBe(IDS.otherChannel);
    expect((await w.submit(typed(view, GOOD))).body).toBe('');
    await w.adapter.idle();
    expect(w.fake.callsTo('chat.postEphemeral').map((c) => c.response.error)).toEqual(['not_in_channel']);
    expect(dmsTo(IDS.member)).toHaveLength(1);
  });

  it('over Socket Mode too: the errors travel in the envelope’s ack', async () => {
    w = await startSlackWorld({ socket: true });
    await w.fake.socketMode.waitForConnection();
    const ack = await w.fake.socketMode.send('slash_commands', w.fake.payloads.slashCommand({ text: 'suggest', userId: IDS.member }));
    expect(ack.ms).toBeLessThan(3000);
    await w.fake.waitForCall('views.open', (c) => c.response.ok === true, { timeoutMs: 5000 });
    const view = w.fake.openedViews.at(-1)!;
    const answerBlock = inputsOf(view)[2]!.block_id;
    const invalid = await w.fake.socketMode.send('interactive', w.fake.viewSubmission(typed(view, [GOOD[0]!, GOOD[1]!, 'F', GOOD[3]!, GOOD[4]!])));
    expect(invalid.payload).toMatchObject({ response_action: 'errors', errors: { [answerBlock]: expect.any(String) } });
    const done = await w.fake.socketMode.send('interactive', w.fake.viewSubmission(typed(view, GOOD)));
    expect(done.payload).toEqual({});
  });

  it('when the trigger has expired, the form’s text comes instead, privately', async () => {
    w = await startSlackWorld();
    const fields = w.fake.payloads.slashCommand({ text: 'suggest', userId: IDS.member });
    const id = fields.response_url!.split('/').pop()!;
    w.fakeClock.advance(TRIGGER_LIFETIME_MS + 1);
    await w.sender.sendCommand(fields);
    const call = await w.fake.waitForCall('views.open', () => true, { timeoutMs: 5000 });
    expect(call.response).toMatchObject({ ok: false, error: 'expired_trigger_id' });
    const reply = await w.fake.waitForResponse((p) => p.id === id, { timeoutMs: 5000 });
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(reply.body.text).length).toBeGreaterThan(0);
    expect(w.fake.openedViews).toEqual([]);
    const logged = await w.logs.waitFor((l) => l.event === 'slack.api_failed' && l.fields.method === 'views.open', 'views.open failure log');
    expect(logged.fields).toMatchObject({ error: 'expired_trigger_id' });
  });
});

describe('the admins’ queue on Slack', () => {
  it('approve by button, the author is told in a DM, /quiz drop suggested posts it, an answer, and the reveal credits the author', async () => {
    w = await startSlackWorld();
    const id = await suggest();
    const { reply } = await listQueue();
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(sent(reply)).toContain('stepwise_sg_reject');

    let since = w.mark();
    await click('approve', id);
    const approved = await w.ephemeralTo(IDS.admin, since);
    expect(approved.via).toBe('response_url');
    await w.adapter.idle();
    const dm = await w.fake.waitForCall('chat.postMessage', (c) => dmsTo(IDS.member).includes(c), { since: since.calls, timeoutMs: 5000 });
    expect(sent(dm)).toContain('Which tool versions');
    expect((await listQueue()).ids).toEqual([]);

    since = w.mark();
    const drop = await (await w.command(IDS.admin, 'drop suggested')).response();
    expect(sent(drop)).toContain('Posted question #');
    const posted = await w.fake.waitForCall('chat.postMessage', (c) => c.body.channel === IDS.quizChannel && c.body.thread_ts === undefined, { since: since.calls });
    expect(sent(posted)).toContain('Which tool versions the datasets a model was trained on?');
    const ts = String(posted.response.ts);
    const dropId = (await w.tutor.dropByMessage('slack', `${IDS.quizChannel}:${ts}`))!.id;

    since = w.mark();
    await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_answer_a', value: `${dropId}:A`, userId: IDS.owner, messageTs: ts }));
    expect(sent(await w.ephemeralTo(IDS.owner, since))).toContain('Correct');

    await (await w.command(IDS.admin, 'close')).response();
    const reveal = w.fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === ts)!;
    expect(sent(reveal)).toContain('💡 Suggested by mia');
    expect(sent(reveal)).toContain('🏅 *Got it right:* otto');

    const stats = await (await w.command(IDS.member, 'stats')).response();
    expect(sent(stats)).toContain('Suggested questions approved:* 1');
  });

  it('edit opens the admin a modal prefilled with the suggestion; the edit is saved', async () => {
    w = await startSlackWorld();
    const id = await suggest();
    const since = w.fake.calls.length;
    await click('edit', id);
    const call = await w.fake.waitForCall('views.open', () => true, { since, timeoutMs: 5000 });
    expect(call.response.ok, JSON.stringify(call.response)).toBe(true);
    const view = w.fake.openedViews.at(-1)!;
    expect(view.user).toBe(IDS.admin);
    expect(metadata(view)).toEqual({ form: 'edit', key: String(id), channel: IDS.quizChannel });
    expect(inputsOf(view)[0]!.element.initial_value).toBe(GOOD[0]);
    const res = await w.submit({ [inputsOf(view)[0]!.block_id]: 'Which tool versions the data a model was trained on?' });
    expect(res.body).toBe('');
    await w.adapter.idle();
    expect(sent((await listQueue()).reply)).toContain('Which tool versions the data a model was trained on?');
  });

  it('an edit whose admin check is slow is acked within the budget; the outcome follows as a message', async () => {
    w = await startSlackWorld({ formAckBudgetMs: 100 });
    const id = await suggest();
    const before = w.fake.calls.length;
    await click('edit', id);
    await w.fake.waitForCall('views.open', (c) => c.response.ok === true, { since: before, timeoutMs: 5000 });
    const view = w.fake.openedViews.at(-1)!;
    // Editing took longer than the cached admin check lasts, and users.info is slow now.
    w.clock.advance(PROFILE_TTL_MS + 1);
    w.fake.failNext('users.info', { delayMs: 600 });
    const since = w.mark();
    const res = await w.submit({ [inputsOf(view)[0]!.block_id]: 'Which tool versions the data a model was trained on?' });
    expect(res.body).toBe('');
    expect(res.ms).toBeLessThan(600);
    const told = await w.ephemeralTo(IDS.admin, since);
    expect(told.body.channel).toBe(IDS.quizChannel);
    expect(await w.logs.waitFor((l) => l.event === 'slack.form_late', 'late form log')).toBeTruthy();
    console.info(`[measured] view_submission ack with a 600 ms users.info and a 100 ms budget: ${res.ms.toFixed(1)} ms`);
  });

  it('reject opens the reason modal; its submission tells the author, with the reason', async () => {
    w = await startSlackWorld();
    const id = await suggest();
    let since = w.fake.calls.length;
    await click('reject', id);
    await w.fake.waitForCall('views.open', (c) => c.response.ok === true, { since, timeoutMs: 5000 });
    const view = w.fake.openedViews.at(-1)!;
    expect(metadata(view)).toEqual({ form: 'reject', key: String(id), channel: IDS.quizChannel });
    expect(inputsOf(view)).toHaveLength(1);
    since = w.fake.calls.length;
    const res = await w.submit(typed(view, ['We already have this one in the MLOps pack.']));
    expect(res.body).toBe('');
    await w.adapter.idle();
    const dm = await w.fake.waitForCall('chat.postMessage', (c) => dmsTo(IDS.member).includes(c), { since, timeoutMs: 5000 });
    expect(sent(dm)).toContain('We already have this one in the MLOps pack.');
    expect(w.fake.callsTo('chat.postEphemeral').slice(-1)[0]?.body.user).toBe(IDS.admin);
    expect((await listQueue()).ids).toEqual([]);
  });

  it('a member’s Approve is refused and changes nothing: no DM, the suggestion still waits', async () => {
    w = await startSlackWorld();
    const id = await suggest();
    const since = w.mark();
    await click('approve', id, IDS.member);
    const refused = await w.ephemeralTo(IDS.member, since);
    expect(sent(refused)).toMatch(/admin/i);
    await w.adapter.idle();
    expect(dmsTo(IDS.member, since.calls)).toEqual([]);
    expect((await listQueue()).ids).toEqual([id]);
    // Edit and Reject open nothing for a member either.
    await click('reject', id, IDS.member);
    await w.adapter.idle();
    expect(w.fake.openedViews.filter((v) => v.user === IDS.member)).toHaveLength(1);
  });

  it('bad input gets a short private answer and changes nothing: a foreign button value, an unknown id, a second decision, a form it cannot read', async () => {
    w = await startSlackWorld();
    const id = await suggest();
    for (const [value, says] of [
      ['abc', 'does not belong to a Stepwise suggestion'],
      ['999', 'There is no suggestion #999'],
    ] as const) {
      const since = w.mark();
      await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_sg_approve', value, userId: IDS.admin, isEphemeral: true }));
      expect(sent(await w.ephemeralTo(IDS.admin, since))).toContain(says);
    }
    expect((await listQueue()).ids).toEqual([id]);

    // The Reject modal is open when another admin approves: its submission closes it and says so.
    const before = w.fake.calls.length;
    await click('reject', id);
    await w.fake.waitForCall('views.open', (c) => c.response.ok === true, { since: before, timeoutMs: 5000 });
    const rejectView = w.fake.openedViews.at(-1)!;
    let since = w.mark();
    await click('approve', id, IDS.owner);
    await w.ephemeralTo(IDS.owner, since);
    since = w.mark();
    expect((await w.submit(typed(rejectView, ['Too close to an existing question.']))).body).toBe('');
    expect(sent(await w.ephemeralTo(IDS.admin, since))).toMatch(/already approved|decided/);
    since = w.mark();
    await click('approve', id);
    expect(sent(await w.ephemeralTo(IDS.admin, since))).toMatch(/already approved|decided/);

    // A modal whose private_metadata is not ours keeps the person's text and says why under its first field.
    const opened = await openSuggest();
    const tampered = { ...opened, view: { ...opened.view, private_metadata: '{"form":"approve","channel":"C0QUIZ001"}' } };
    const res = await w.sender.sendAction(w.fake.viewSubmission(typed(opened, GOOD), tampered));
    expect(res.json).toEqual({ response_action: 'errors', errors: { [inputsOf(opened)[0]!.block_id]: expect.stringContaining('cannot read this form') } });
    expect(await w.logs.waitFor((l) => l.event === 'slack.form_unknown', 'unknown form log')).toBeTruthy();
  });

  it('the text commands do the same: edit and reject without a reason open modals from the command, a reason rejects at once', async () => {
    w = await startSlackWorld();
    const id = await suggest();
    let before = w.fake.calls.length;
    await w.command(IDS.admin, `suggestions edit ${id}`);
    await w.fake.waitForCall('views.open', (c) => c.response.ok === true, { since: before, timeoutMs: 5000 });
    expect(metadata(w.fake.openedViews.at(-1)!)).toEqual({ form: 'edit', key: String(id), channel: IDS.quizChannel });
    before = w.fake.calls.length;
    await w.command(IDS.admin, `suggestions reject ${id}`);
    await w.fake.waitForCall('views.open', (c) => c.response.ok === true, { since: before, timeoutMs: 5000 });
    expect(metadata(w.fake.openedViews.at(-1)!)).toEqual({ form: 'reject', key: String(id), channel: IDS.quizChannel });
    const opened = w.fake.openedViews.length;
    before = w.fake.calls.length;
    const reply = await (await w.command(IDS.admin, `suggestions reject ${id} reason:"Too close to question 12."`)).response();
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    await w.adapter.idle();
    expect(w.fake.openedViews).toHaveLength(opened);
    expect(sent(await w.fake.waitForCall('chat.postMessage', (c) => dmsTo(IDS.member).includes(c), { since: before, timeoutMs: 5000 }))).toContain('Too close to question 12.');
  });
});
