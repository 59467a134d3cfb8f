/** "Walk me through it" on Discord: the private feedback starts at the verdict, and its buttons update that same message. */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, textOf, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));
const DAY = 86_400_000;
const ids = (b: { components?: { components: { custom_id: string; label?: string }[] }[] }) => (b.components ?? []).flatMap((r) => r.components.map((c) => [c.label, c.custom_id]));

describe('walking through a solution on Discord', () => {
  it('starts with the verdict, why it tempts and the final answer; each press updates the same ephemeral: step 1, step 2, the check; Show all at any point', async () => {
    h = await startHarness();
    const { learner, fake } = h;
    const guild = fake.state.guild.id;
    const { dropId, messageId } = await h.drop();
    const payload = h.press(learner.id, messageId, `stepwise:answer:${dropId}:C`);
    const start = await h.reply(payload);
    expect(start.flags).toBe(64);
    expect(start.body.embeds?.[0]?.title).toBe('❌ Not quite: you picked C');
    expect(start.body.embeds?.[0]?.description).toContain('**Why C tempts:** Monitoring watches a model after it is live');
    expect(start.body.embeds?.[0]?.fields).toEqual([{ name: 'Final answer', value: 'Data Preparation -> Option B' }]);
    expect(textOf(start.body)).not.toContain('Understand the role');
    expect(ids(start.body)).toEqual([
      ['Walk me through it', `stepwise:walk:${guild}:${dropId}:C:1`],
      ['Show all', `stepwise:walk:${guild}:${dropId}:C:a`],
    ]);
    const ephemeral = h.replyMessage(payload);

    const step1 = await h.update(h.press(learner.id, ephemeral, `stepwise:walk:${guild}:${dropId}:C:1`));
    expect(step1.type).toBe(7); // UPDATE_MESSAGE: the same private message changes
    expect(step1.body.embeds?.[0]).toMatchObject({ title: 'Step 1 of 2', fields: [{ name: 'Understand the role of data in ML lifecycle', value: 'Data must be collected and cleaned before training a model.' }] });
    expect(ids(step1.body)[0]).toEqual(['▶ Next step', `stepwise:walk:${guild}:${dropId}:C:2`]);
    const step2 = await h.update(h.press(learner.id, ephemeral, `stepwise:walk:${guild}:${dropId}:C:2`));
    expect(step2.body.embeds?.[0]?.title).toBe('Step 2 of 2');
    expect(ids(step2.body)[0]).toEqual(['▶ Quick check and mistakes', `stepwise:walk:${guild}:${dropId}:C:e`]);
    const end = await h.update(h.press(learner.id, ephemeral, `stepwise:walk:${guild}:${dropId}:C:e`));
    expect(end.body.embeds?.[0]?.fields?.map((f) => f.name)).toEqual(['Quick check', 'Common mistakes', 'Key takeaway']);
    expect(ids(end.body)).toEqual([['Show all', `stepwise:walk:${guild}:${dropId}:C:a`]]);
    const all = await h.update(h.press(learner.id, ephemeral, `stepwise:walk:${guild}:${dropId}:C:a`));
    expect(all.type).toBe(7);
    expect(textOf(all.body)).toContain('1. Understand the role of data in ML lifecycle');
    expect(textOf(all.body)).toContain('Quick check\nData Preparation = Collecting and cleaning data');
    expect(all.body.components).toEqual([]);
    expect(fake.state.messages.get(ephemeral)?.embeds[0]?.title).toBe('❌ Not quite: you picked C');
  });

  it('someone who has not answered cannot walk through an open question: a short ephemeral, the message unchanged', async () => {
    h = await startHarness();
    const { dropId, messageId } = await h.drop();
    const guild = h.fake.state.guild.id;
    const refused = await h.update(h.press(h.admin.id, messageId, `stepwise:walk:${guild}:${dropId}:B:a`));
    expect(refused.type).toBe(4);
    expect(refused.body).toMatchObject({ flags: 64, content: 'Answer the question first; then the solution is yours, step by step.' });
    const bad = await h.update(h.press(h.admin.id, messageId, `stepwise:walk:${guild}:${dropId}:B:zz`));
    expect(bad.body.content).toBe('That button is no longer supported.');
  });

  it('works for a review answer and for /quiz result', async () => {
    h = await startHarness();
    const { learner, fake } = h;
    const guild = fake.state.guild.id;
    const { dropId, messageId } = await h.drop();
    await h.reply(h.press(learner.id, messageId, `stepwise:answer:${dropId}:A`));
    const result = h.slash(learner.id, 'result');
    const shown = await h.reply(result);
    expect(ids(shown.body)[0]).toEqual(['Walk me through it', `stepwise:walk:${guild}:${dropId}:A:1`]);
    const step = await h.update(h.press(learner.id, h.replyMessage(result), `stepwise:walk:${guild}:${dropId}:A:1`));
    expect(step.body.embeds?.[0]?.title).toBe('Step 1 of 2');

    h.bot.clock.t += 2 * DAY;
    const next = h.slash(learner.id, 'next', undefined, 'review');
    await h.reply(next);
    const graded = h.press(learner.id, h.replyMessage(next), `stepwise:review:${guild}:B:mlc-data-preparation`);
    const feedback = await h.reply(graded);
    const walk = ids(feedback.body)[0]!;
    expect(walk).toEqual(['Walk me through it', `stepwise:rwalk:${guild}:B:1:mlc-data-preparation`]);
    const reviewStep = await h.update(h.press(learner.id, h.replyMessage(graded), walk[1]!));
    expect(reviewStep.body.embeds?.[0]).toMatchObject({ title: 'Step 1 of 2', author: { name: 'Review · Why ML lifecycle stages in MLOps? · easy' } });
  });
});
