/** "Walk me through it" on Slack: each button replaces the same private message (respond with replace_original). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

type Blocks = { type: string; text?: { text: string }; elements?: { action_id: string; value: string; text: { text: string } }[] }[];
const buttonsOf = (blocks: unknown) => (blocks as Blocks).find((b) => b.type === 'actions')!.elements!;
const textsOf = (blocks: unknown) => (blocks as Blocks).filter((b) => b.text).map((b) => b.text!.text);

/** Presses a walkthrough button on the private feedback; resolves with what replaced it. */
async function press(userId: string, button: { action_id: string; value: string }) {
  const payload = w.fake.payloads.blockActions({ actionId: button.action_id, value: button.value, userId, isEphemeral: true });
  const id = String(payload.response_url).split('/').pop();
  await w.sender.sendAction(payload);
  return w.fake.waitForResponse((p) => p.id === id);
}

describe('walking through a solution on Slack', () => {
  it('steps one at a time, then the quick check and mistakes, each replacing the same ephemeral; Show all gives everything', async () => {
    const since = w.mark();
    await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_answer_c', value: `${drop.dropId}:C`, userId: IDS.member, messageTs: drop.ts }));
    const start = await w.ephemeralTo(IDS.member, since);
    let buttons = buttonsOf(start.body.blocks);
    expect(buttons.map((b) => b.text.text)).toEqual(['Walk me through it', 'Show all']);

    const step1 = await press(IDS.member, buttons[0]!);
    expect(step1.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(textsOf(step1.body.blocks)[0]).toBe('*Step 1 of 2: Understand the role of data in ML lifecycle*\nData must be collected and cleaned before training a model.');
    buttons = buttonsOf(step1.body.blocks);
    expect(buttons.map((b) => [b.text.text, b.value])).toEqual([['▶ Next step', `d:${drop.dropId}:C:2`], ['Show all', `d:${drop.dropId}:C:a`]]);
    const step2 = await press(IDS.member, buttons[0]!);
    expect(textsOf(step2.body.blocks)[0]).toMatch(/^\*Step 2 of 2: Identify the stage focused on data tasks\*/);
    buttons = buttonsOf(step2.body.blocks);
    expect(buttons[0]!.text.text).toBe('▶ Quick check and mistakes');
    const end = await press(IDS.member, buttons[0]!);
    expect(textsOf(end.body.blocks).slice(0, 3)).toEqual([
      '*Quick check:* Data Preparation = Collecting and cleaning data',
      expect.stringMatching(/^\*Common mistakes\*\n• Confusing deployment with data tasks/),
      '*Key takeaway:* ML lifecycle stages organize the process into clear steps.',
    ]);
    expect(buttonsOf(end.body.blocks).map((b) => b.text.text)).toEqual(['Show all']);
    const all = await press(IDS.member, buttonsOf(end.body.blocks)[0]!);
    expect(all.body).toMatchObject({ replace_original: true });
    expect(sent(all)).toContain('*Solution, step by step*\\n*1. Understand the role of data in ML lifecycle*');
    expect(sent(all)).toContain('❌ *Not quite:* you picked *C*.');
  });

  it('refuses someone who has not answered an open question, privately, without replacing anything', async () => {
    const payload = w.fake.payloads.blockActions({ actionId: 'stepwise_walk_all', value: `d:${drop.dropId}:B:a`, userId: IDS.owner, isEphemeral: true });
    const id = String(payload.response_url).split('/').pop();
    await w.sender.sendAction(payload);
    const refused = await w.fake.waitForResponse((p) => p.id === id);
    expect(refused.body).toMatchObject({ replace_original: false });
    expect(sent(refused)).toContain('Answer the question first; then the solution is yours, step by step.');
  });

  it('works for a review answer too', async () => {
    const since = w.mark();
    await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_answer_a', value: `${drop.dropId}:A`, userId: IDS.owner, messageTs: drop.ts }));
    await w.ephemeralTo(IDS.owner, since);
    w.clock.set(T0 + 2 * 86_400_000);
    const card = await (await w.command(IDS.owner, 'review')).response();
    const b = buttonsOf(card.body.blocks)[1]!;
    const graded = await press(IDS.owner, b);
    const walk = buttonsOf(graded.body.blocks);
    expect(walk.map((x) => x.value)).toEqual(['r:mlc-data-preparation:B:1', 'r:mlc-data-preparation:B:a']);
    const step = await press(IDS.owner, walk[0]!);
    expect(textsOf(step.body.blocks)[0]).toMatch(/^\*Step 1 of 2: /);
  });

  it('a step too long for one section goes over several, each within Slack’s 3,000', async () => {
    const { feedbackMessage } = await import('../../../src/adapters/slack/render.ts');
    const long = `${'Work it out carefully, line by line. '.repeat(200)}(end)`;
    const msg = feedbackMessage({
      kind: 'feedback', dropId: 3, questionId: 'q', stage: 1, packTitle: 'P', difficulty: 'easy', prompt: 'p', chosen: 'A', correct: true, points: 1,
      solution: { correctLetter: 'A', correctText: 'a', steps: [{ title: 'Long', explanation: long }], finalAnswer: 'F', quickCheck: 'Q', commonMistakes: [], hint: 'h' },
    });
    const texts = textsOf(msg.blocks);
    expect(texts.length).toBeGreaterThan(2);
    expect(texts.every((t) => t.length <= 3000)).toBe(true);
    expect(texts.join('')).toContain('(end)');
  });
});
