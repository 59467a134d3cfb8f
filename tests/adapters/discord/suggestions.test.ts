/**
 * Member suggestions on Discord, through discord.js and the fake: /quiz suggest opens a modal, a submit queues
 * the question, errors come back with "Fix it", admins approve, edit or reject from the queue's buttons, and
 * the approved question is dropped, answered and credited.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ModalData } from '../../fakes/discord/index.ts';
import { startHarness, textOf, type Body, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

const GOOD = {
  prompt: 'Which file lists the services a new engineer must get access to first?',
  options: 'The access checklist\nThe holiday calendar\nThe lunch menu',
  answer: 'A',
  steps: 'Access comes first: nothing else works without the accounts.\nThe checklist is where we keep it.',
  hint: 'What do you need before you can log in anywhere?',
};

interface Row {
  id: number;
  status: string;
  author_id: string;
  author_name: string;
  pack_id: string | null;
  fields: string;
}
const rows = () => h.bot.db.prepare('SELECT id, status, author_id, author_name, pack_id, fields FROM suggestions ORDER BY id').all() as Row[];

/** The callback the bot answered an interaction with: its type and data. */
async function callbackOf(payload: { id: string; token: string }): Promise<{ type: number; data: Body & Partial<ModalData> }> {
  const call = await h.fake.waitForCall('POST', `/interactions/${payload.id}/${payload.token}/callback`);
  const body = call.body as { type: number; data?: Body & Partial<ModalData> };
  return { type: body.type, data: body.data ?? {} };
}

/** The text inputs of a modal, by custom id: their prefilled value. */
const prefilled = (modal: ModalData | undefined) =>
  Object.fromEntries((modal?.components ?? []).map((row) => (row.type === 1 ? row.components[0]! : row.type === 18 ? row.component : undefined)).filter((c) => !!c).map((c) => [c!.custom_id, c!.value]));

/** The DMs the bot sent a user (their text). */
function dmsTo(userId: string): string[] {
  const dm = h.fake.state.dmChannelByUser.get(userId);
  return dm ? h.fake.callsTo('POST', `/channels/${dm}/messages`).map((c) => textOf(c.body as Body)) : [];
}

/** `/quiz suggest` from `userId`, then the modal submitted with `values`; resolves with the reply to the submit. */
async function suggest(userId: string, values: Record<string, string>) {
  const open = h.slash(userId, 'suggest');
  expect((await callbackOf(open)).type).toBe(9);
  const submit = h.fake.submitModal(open, values);
  return { open, submit, reply: await h.reply(submit) };
}

describe('member suggestions on Discord', () => {
  it('/quiz suggest opens a modal of five fields as the first response; a submit queues the suggestion', async () => {
    h = await startHarness();
    const { fake, learner } = h;
    const open = h.slash(learner.id, 'suggest');
    const cb = await callbackOf(open);
    expect(cb.type).toBe(9);
    const modal = fake.modalOf(open.id)!;
    expect(modal.custom_id).toBe('stepwise:form:suggest');
    expect(modal.title).toBe('Suggest a question');
    expect(modal.components.map((row) => (row.type === 1 ? [row.components[0]!.custom_id, row.components[0]!.style, row.components[0]!.required] : []))).toEqual([
      ['prompt', 2, true],
      ['options', 2, true],
      ['answer', 1, true],
      ['steps', 2, true],
      ['hint', 1, true],
    ]);
    // Nothing else answered the slash command: no defer, no message.
    expect(fake.callsTo('POST', `/interactions/${open.id}/${open.token}/callback`)).toHaveLength(1);

    const reply = await h.reply(fake.submitModal(open, GOOD));
    expect(reply).toMatchObject({ deferred: false, flags: 64 });
    expect(reply.body.content).toContain('Thanks! Your question is suggestion #1.');
    expect(rows()).toMatchObject([{ id: 1, status: 'pending', author_id: learner.id, author_name: 'Bob B.', pack_id: null }]);
    expect(JSON.parse(rows()[0]!.fields)).toMatchObject({ options: ['The access checklist', 'The holiday calendar', 'The lunch menu'], answer: 'A', hint: GOOD.hint });
  });

  it('an invalid submit lists the errors with "Fix it", which reopens the modal prefilled; fixed, it goes in', async () => {
    h = await startHarness();
    const { fake, learner, admin } = h;
    const bad = { ...GOOD, options: 'Only one option', answer: 'E' };
    const { submit, reply } = await suggest(learner.id, bad);
    expect(reply.flags).toBe(64);
    expect(reply.body.content).toContain('• **Options, one per line (2 to 4)**: Write 2 to 4 options, one per line (this has 1).');
    expect(reply.body.content).toContain('• **Right option (A, B, C or D)**:');
    const fix = reply.body.components![0]!.components[0]!;
    expect(fix).toMatchObject({ label: 'Fix it', style: 1 });
    expect(fix.custom_id).toMatch(/^stepwise:refill:[\w-]+$/);
    expect(rows()).toEqual([]);

    // Only its own person can reopen it.
    const other = await h.reply(h.press(admin.id, h.replyMessage(submit), fix.custom_id));
    expect(other.body.content).toBe('That form has expired; run /quiz suggest again.');

    const press = h.press(learner.id, h.replyMessage(submit), fix.custom_id);
    expect((await callbackOf(press)).type).toBe(9);
    expect(prefilled(fake.modalOf(press.id))).toEqual(bad);
    const fixed = await h.reply(fake.submitModal(press, { options: GOOD.options, answer: 'B' }));
    expect(fixed.body.content).toContain('Your question is suggestion #1.');
    expect(JSON.parse(rows()[0]!.fields)).toMatchObject({ prompt: GOOD.prompt, answer: 'B', options: ['The access checklist', 'The holiday calendar', 'The lunch menu'] });

    // A token the bot never gave (or forgot, after a restart) says so.
    const stale = await h.reply(h.press(learner.id, h.replyMessage(submit), 'stepwise:refill:nope'));
    expect(stale.body.content).toBe('That form has expired; run /quiz suggest again.');
  });

  it('an admin lists the queue, approves by button; the drop is answered and the reveal credits the author, who got a DM', async () => {
    h = await startHarness();
    const { fake, learner, admin } = h;
    await suggest(learner.id, GOOD);

    const list = h.slash(admin.id, 'list', undefined, 'suggestions');
    const queue = await h.reply(list);
    expect(queue.flags).toBe(64);
    expect(queue.body.content).toContain('1 suggestion waiting');
    expect(queue.body.embeds).toHaveLength(1);
    const embed = queue.body.embeds![0]!;
    expect(embed.title).toBe('Suggestion #1');
    expect(embed.author?.name).toBe('✍️ Bob B.');
    expect(embed.description).toBe(GOOD.prompt);
    expect(embed.fields!.find((f) => f.name === 'Options')!.value).toBe('**A)** The access checklist ✅\n**B)** The holiday calendar\n**C)** The lunch menu');
    expect(queue.body.components!.map((r) => r.components.map((b) => b.custom_id))).toEqual([['stepwise:sg:approve:1', 'stepwise:sg:edit:1', 'stepwise:sg:reject:1']]);

    const approved = await h.reply(h.press(admin.id, h.replyMessage(list), 'stepwise:sg:approve:1'));
    expect(approved.flags).toBe(64);
    expect(approved.body.content).toContain('Approved suggestion #1 by Bob B.: question "suggestion-1" (medium) in pack "suggested"');
    expect(rows()[0]).toMatchObject({ status: 'approved', pack_id: 'suggested' });
    expect(dmsTo(learner.id).join('\n')).toContain('was approved by Quizmaster');

    const { dropId, messageId } = await h.drop('suggested');
    expect(textOf(fake.callsTo('POST', h.channelMessages).map((c) => c.body as Body).find((b) => b.embeds?.[0]?.title?.startsWith(`Question #${dropId}`)))).toContain(GOOD.prompt);
    await h.reply(h.press(fake.state.users.owner.id, messageId, `stepwise:answer:${dropId}:A`));
    await h.reply(h.slash(admin.id, 'close'));
    const reveal = fake.callsTo('POST', h.channelMessages).find((c) => (c.body as Body).message_reference)!.body as Body;
    expect(reveal.embeds![0]!.description).toContain('✍️ Suggested by Bob B.');
    expect(reveal.allowed_mentions).toEqual({ parse: [], replied_user: false });

    const stats = await h.reply(h.slash(learner.id, 'stats'));
    expect(stats.body.embeds![0]!.fields).toContainEqual({ name: 'Suggested', value: '1 question approved', inline: true });
  });

  it('Reject by button opens the reason modal; its submit tells the author why', async () => {
    h = await startHarness();
    const { fake, learner, admin } = h;
    await suggest(learner.id, GOOD);
    const list = h.slash(admin.id, 'list', undefined, 'suggestions');
    await h.reply(list);

    const press = h.press(admin.id, h.replyMessage(list), 'stepwise:sg:reject:1');
    expect((await callbackOf(press)).type).toBe(9);
    const modal = fake.modalOf(press.id)!;
    expect(modal.custom_id).toBe('stepwise:form:reject:1');
    expect(Object.keys(prefilled(modal))).toEqual(['reason']);
    const done = await h.reply(fake.submitModal(press, { reason: 'Covered in the onboarding pack already' }));
    expect(done.flags).toBe(64);
    expect(done.body.content).toBe('Rejected suggestion #1 by Bob B.; they were told why.');
    expect(rows()[0]!.status).toBe('rejected');
    expect(dmsTo(learner.id).join('\n')).toContain('Quizmaster said: Covered in the onboarding pack already');
  });

  it('Edit by button opens the suggestion prefilled; the admin’s save shows it edited', async () => {
    h = await startHarness();
    const { fake, learner, admin } = h;
    await suggest(learner.id, GOOD);
    const list = h.slash(admin.id, 'list', undefined, 'suggestions');
    await h.reply(list);
    const press = h.press(admin.id, h.replyMessage(list), 'stepwise:sg:edit:1');
    expect((await callbackOf(press)).type).toBe(9);
    expect(fake.modalOf(press.id)!.custom_id).toBe('stepwise:form:edit:1');
    expect(prefilled(fake.modalOf(press.id))).toEqual(GOOD);
    const saved = await h.reply(fake.submitModal(press, { hint: 'Where do accounts come from?' }));
    expect(saved.body.content).toContain('Saved your edit of suggestion #1.');
    expect(saved.body.embeds![0]!.author?.name).toBe('✍️ Bob B. · edited by Quizmaster');
    expect(JSON.parse(rows()[0]!.fields).hint).toBe('Where do accounts come from?');
  });

  it('a member pressing Approve, Edit or Reject is refused and nothing changes; the admin role counts as for commands', async () => {
    h = await startHarness();
    const { fake, learner, admin } = h;
    await suggest(learner.id, GOOD);
    const list = h.slash(admin.id, 'list', undefined, 'suggestions');
    await h.reply(list);
    const queueMessage = h.replyMessage(list);
    for (const action of ['approve', 'edit', 'reject']) {
      const press = h.press(learner.id, queueMessage, `stepwise:sg:${action}:1`);
      const refused = await h.reply(press);
      expect(refused.flags).toBe(64);
      expect(refused.body.content).toBe('Only admins review suggestions. Suggest your own question with /quiz suggest.');
      expect(fake.modalOf(press.id)).toBeUndefined();
    }
    expect(rows()[0]!.status).toBe('pending');
    expect(dmsTo(learner.id)).toEqual([]);
    // /quiz suggestions itself is an admin command.
    expect((await h.reply(h.slash(learner.id, 'list', undefined, 'suggestions'))).body.content).toContain('is for admins');

    // With the workspace's admin role, the same member may.
    const tutors = fake.addRole('Tutors');
    await h.reply(h.slash(admin.id, 'settings', [{ name: 'admins', type: 8, value: tutors.id }]));
    fake.setMemberRole(learner.id, tutors.id, true);
    const approved = await h.reply(h.press(learner.id, queueMessage, 'stepwise:sg:approve:1'));
    expect(approved.body.content).toContain('Approved suggestion #1');
  });

  it('the text commands do the same: approve with pack and difficulty, reject with a reason, edit and reject without one open modals', async () => {
    h = await startHarness();
    const { fake, learner, admin } = h;
    await suggest(learner.id, GOOD);
    await suggest(learner.id, { ...GOOD, prompt: 'Where do we write down the on-call rota for the team?' });
    await suggest(learner.id, { ...GOOD, prompt: 'Who approves a production database migration here?' });

    const edit = h.slash(admin.id, 'edit', { id: 2 }, 'suggestions');
    expect((await callbackOf(edit)).type).toBe(9);
    expect(fake.modalOf(edit.id)!.custom_id).toBe('stepwise:form:edit:2');
    const reject = h.slash(admin.id, 'reject', { id: 2 }, 'suggestions');
    expect((await callbackOf(reject)).type).toBe(9);
    expect(fake.modalOf(reject.id)!.custom_id).toBe('stepwise:form:reject:2');

    expect((await h.reply(h.slash(admin.id, 'reject', { id: 3, reason: 'Asked last week' }, 'suggestions'))).body.content).toBe('Rejected suggestion #3 by Bob B.; they were told why.');
    const approved = await h.reply(h.slash(admin.id, 'approve', { id: 1, difficulty: 'hard' }, 'suggestions'));
    expect(approved.body.content).toContain('question "suggestion-1" (hard) in pack "suggested"');
    expect(rows().map((r) => r.status)).toEqual(['approved', 'pending', 'rejected']);
    // A decided one says so.
    expect((await h.reply(h.slash(admin.id, 'approve', { id: 1 }, 'suggestions'))).body.content).toContain('was already approved');
  });

  it('shows at most five in the queue, with buttons per suggestion, and says how many more wait', async () => {
    h = await startHarness();
    const { fake, admin } = h;
    const people = Array.from({ length: 2 }, (_, n) => fake.addMember({ username: `member${n}`, globalName: `Member ${n}` }));
    for (let n = 0; n < 7; n++) await suggest(people[n % 2]!.id, { ...GOOD, prompt: `${GOOD.prompt} Variant number ${n + 1}.` });
    const queue = await h.reply(h.slash(admin.id, 'list', undefined, 'suggestions'));
    expect(queue.body.embeds!.map((e) => e.title)).toEqual(['Suggestion #1', 'Suggestion #2', 'Suggestion #3', 'Suggestion #4', 'Suggestion #5']);
    expect(queue.body.components).toHaveLength(5);
    expect(queue.body.content).toContain('7 suggestions waiting** · the oldest 5 below, 2 more after them');
  });
  it('form work slower than a database answer still opens its modal (it waits up to 2.5 s before a defer)', async () => {
    h = await startHarness();
    const { fake, learner, admin } = h;
    await suggest(learner.id, GOOD);
    const list = h.slash(admin.id, 'list', undefined, 'suggestions');
    await h.reply(list);
    const tutor = h.bot.tutor;
    const original = tutor.editSuggestionForm;
    // 50 ms is many event-loop turns: other work would have been deferred by then.
    tutor.editSuggestionForm = async (...args) => (await new Promise((resolve) => setTimeout(resolve, 50)), original(...args));
    const slow = h.press(admin.id, h.replyMessage(list), 'stepwise:sg:edit:1');
    expect((await callbackOf(slow)).type).toBe(9);
    expect(fake.modalOf(slow.id)!.custom_id).toBe('stepwise:form:edit:1');
    // The slash command too: its spec says it opens a form, so it gets the same wait.
    const slash = h.slash(admin.id, 'edit', { id: 1 }, 'suggestions');
    expect((await callbackOf(slash)).type).toBe(9);
    expect(fake.modalOf(slash.id)!.custom_id).toBe('stepwise:form:edit:1');
  });

  it('a form that comes after the defer cannot open: its text is sent instead', async () => {
    h = await startHarness({ formWaitMs: 0 });
    const { fake, learner, admin } = h;
    await suggest(learner.id, GOOD);
    const list = h.slash(admin.id, 'list', undefined, 'suggestions');
    await h.reply(list);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tutor = h.bot.tutor;
    const edit = tutor.editSuggestionForm;
    tutor.editSuggestionForm = async (...args) => (await gate, edit(...args));
    const late = h.press(admin.id, h.replyMessage(list), 'stepwise:sg:edit:1');
    expect((await callbackOf(late)).type).toBe(5);
    release();
    const seen = await h.reply(late);
    expect(seen).toMatchObject({ deferred: true, flags: 64 });
    expect(seen.body.content).toBe('The form could not open here; run /quiz suggestions edit 1 again.');
    expect(fake.modalOf(late.id)).toBeUndefined();
    expect(h.bot.log.some((l) => l.event === 'discord.form_too_late')).toBe(true);
  });
  it('bad input gets a short private answer and changes nothing: unknown forms, bad keys, unknown suggestions, a DM', async () => {
    h = await startHarness();
    const { fake, learner, admin } = h;
    await suggest(learner.id, GOOD);
    const list = h.slash(admin.id, 'list', undefined, 'suggestions');
    await h.reply(list);
    const queueMessage = h.replyMessage(list);
    const submitRaw = (userId: string, customId: string, fields: Record<string, string>, inDm = false) =>
      fake.interact(fake.payloads.modalSubmitInteraction({ userId, customId, fields, ...(inDm ? { inDm } : {}) }));
    const cases: Array<[{ id: string; token: string }, string]> = [
      [submitRaw(learner.id, 'stepwise:form:nuke', { prompt: 'x' }), 'That form is no longer supported.'],
      [submitRaw(admin.id, 'stepwise:form:edit:abc', GOOD), 'That form is no longer valid; open it again from /quiz suggestions.'],
      [submitRaw(learner.id, 'stepwise:form:suggest', GOOD, true), 'Stepwise works in server channels: use /quiz there.'],
      [h.press(admin.id, queueMessage, 'stepwise:sg:approve:xyz'), 'That button is no longer supported.'],
      [h.press(admin.id, queueMessage, 'stepwise:sg:launch:1'), 'That button is no longer supported.'],
      [h.press(admin.id, queueMessage, 'stepwise:sg:approve:99'), 'There is no suggestion #99 in this workspace. /quiz suggestions lists those waiting.'],
    ];
    for (const [payload, said] of cases) {
      const seen = await h.reply(payload);
      expect([seen.flags, seen.body.content]).toEqual([64, said]);
    }
    expect(rows()).toMatchObject([{ id: 1, status: 'pending' }]);
    expect(h.bot.log.filter((l) => l.level === 'error')).toEqual([]);
  });
});
