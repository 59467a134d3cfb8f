/** The 💡 Hint button on Slack drops and review cards: a new ephemeral (the question stays), the same twice, its cost shown. */
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

const press = (userId: string, actionId: string, value: string, extra: { isEphemeral?: boolean } = {}) =>
  w.sender.sendAction(w.fake.payloads.blockActions({ actionId, value, userId, messageTs: drop.ts, ...extra }));

describe('hints on Slack', () => {
  it('the drop button posts the hint as a new ephemeral, the same twice; a right answer after it says "with hint" and scores half', async () => {
    let since = w.mark();
    await press(IDS.member, 'stepwise_hint', `d:${drop.dropId}`);
    const first = await w.ephemeralTo(IDS.member, since);
    expect(first.via).toBe('response_url');
    expect(first.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(sent(first)).toContain('💡 Hint for question #1: ');
    since = w.mark();
    await press(IDS.member, 'stepwise_hint', `d:${drop.dropId}`);
    const again = await w.ephemeralTo(IDS.member, since);
    expect(sent(again)).toContain('You asked before; it is the same hint.');
    const hintOf = (e: typeof first) => (e.body.blocks as { text: { text: string } }[])[0]!.text.text.split('\n')[0];
    expect(hintOf(again)).toMatch(/^💡 Hint for question #1: \S/);
    expect(hintOf(again)).toBe(hintOf(first));

    since = w.mark();
    await press(IDS.member, 'stepwise_answer_b', `${drop.dropId}:B`);
    const graded = await w.ephemeralTo(IDS.member, since);
    expect(sent(graded)).toContain('✅ *Correct with hint:* B) Data Preparation (+0 points)');
    expect(w.db.prepare('SELECT user_id, points FROM answers').all()).toEqual([{ user_id: IDS.member, points: 0 }]);
  });

  it('a bad hint value or another workspace’s drop gets a short private error', async () => {
    let since = w.mark();
    await press(IDS.member, 'stepwise_hint', 'nonsense');
    expect(sent(await w.ephemeralTo(IDS.member, since))).toContain('That button does not belong to a Stepwise question.');
    since = w.mark();
    await press(IDS.member, 'stepwise_hint', 'd:999');
    expect(sent(await w.ephemeralTo(IDS.member, since))).toContain('That question is not known here.');
  });

  it('the review card button gives the card hint and leaves the card; its answer says "with hint"', async () => {
    let since = w.mark();
    await press(IDS.owner, 'stepwise_answer_a', `${drop.dropId}:A`);
    await w.ephemeralTo(IDS.owner, since);
    w.clock.set(T0 + 2 * 86_400_000);
    const card = await (await w.command(IDS.owner, 'review')).response();
    const buttons = (card.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions')!.elements!;
    since = w.mark();
    await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_hint', value: buttons[4]!.value, userId: IDS.owner, isEphemeral: true }));
    const hint = await w.ephemeralTo(IDS.owner, since);
    expect(hint.body).toMatchObject({ replace_original: false });
    expect(sent(hint)).toContain('💡 Hint for your review card: ');
    const payload = w.fake.payloads.blockActions({ actionId: buttons[1]!.action_id, value: buttons[1]!.value, userId: IDS.owner, isEphemeral: true, text: 'B' });
    const id = String(payload.response_url).split('/').pop();
    await w.sender.sendAction(payload);
    const graded = await w.fake.waitForResponse((p) => p.id === id);
    expect(sent(graded)).toContain('✅ *Correct with hint:* B) Data Preparation');
  });
});
