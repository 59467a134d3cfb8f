import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startHarness, type Body, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

const DAY = 86_400_000;

describe('spaced review on Discord', () => {
  it('shows a due card ephemerally with buttons that grade it privately', async () => {
    h = await startHarness();
    const { fake, learner } = h;
    const { dropId, messageId } = await h.drop();
    await h.reply(h.press(learner.id, messageId, `stepwise:answer:${dropId}:A`)); // wrong: the card comes back
    h.bot.clock.t += 2 * DAY;

    const payload = h.slash(learner.id, 'next', undefined, 'review');
    const card = await h.reply(payload);
    expect(card).toMatchObject({ deferred: false, flags: 64 });
    const question = 'mlc-data-preparation';
    expect(card.body.components?.[0]?.components.map((b) => b.custom_id)).toEqual([
      ...['A', 'B', 'C', 'D'].map((l) => `stepwise:review:${fake.state.guild.id}:${l}:${question}`),
      `stepwise:rhint:${fake.state.guild.id}:${question}`,
    ]);
    const cardMessage = fake.state.interactions.get(payload.id)!.originalMessageId!;
    const graded = await h.reply(h.press(learner.id, cardMessage, `stepwise:review:${fake.state.guild.id}:B:${question}`));
    expect(graded.flags).toBe(64);
    expect(graded.body.embeds?.[0]?.title).toBe('✅ Correct: B) Data Preparation');
    expect(graded.body.embeds?.[0]?.author?.name).toBe('Review · Why ML lifecycle stages in MLOps? · easy');
    const again = await h.reply(h.press(learner.id, cardMessage, `stepwise:review:${fake.state.guild.id}:B:${question}`));
    expect(again.body.content).toBe('That review card was already answered. Try /quiz review for the next one.');
  });

  it('sends the daily reminder by DM, and its buttons work from the DM', async () => {
    h = await startHarness();
    const { fake, learner } = h;
    const { dropId, messageId } = await h.drop();
    await h.reply(h.press(learner.id, messageId, `stepwise:answer:${dropId}:C`));
    await h.reply(h.slash(learner.id, 'daily', { time: '09:00' }, 'review'));
    h.bot.clock.t += 2 * DAY;

    expect(await h.bot.tutor.sendDueReminders(h.bot.clock.t)).toBe(1);
    const dm = await fake.waitForCall('POST', /^\/channels\/\d+\/messages$/, { where: (c) => c.path !== h.channelMessages });
    const body = dm.body as Body;
    expect(body.embeds?.[0]?.title).toBe('⏰ Daily review: 1 question due');
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const dmMessage = [...fake.state.messages.values()].find((m) => m.embeds[0]?.title === '⏰ Daily review: 1 question due')!;
    const customId = body.components![0]!.components[1]!.custom_id;
    const graded = await h.reply(fake.interact(fake.payloads.buttonInteraction({ userId: learner.id, message: dmMessage.id, customId, inDm: true })));
    expect(graded.body.embeds?.[0]?.title).toBe('✅ Correct: B) Data Preparation');
  });

  it('answers a card whose question id is too long for a whole custom id (cut, resolved by prefix)', async () => {
    h = await startHarness({ content: join(import.meta.dirname, 'fixtures', 'long-id.md') });
    const { fake, learner } = h;
    const { dropId, messageId } = await h.drop();
    await h.reply(h.press(learner.id, messageId, `stepwise:answer:${dropId}:B`));
    h.bot.clock.t += 2 * DAY;
    const payload = h.slash(learner.id, 'next', undefined, 'review');
    const card = await h.reply(payload);
    const ids = card.body.components![0]!.components.map((b) => b.custom_id);
    expect(ids.every((id) => id.length === 100)).toBe(true);
    // The 💡 button's id is cut the same way and still finds the card.
    const cardId = fake.state.interactions.get(payload.id)!.originalMessageId!;
    expect((await h.reply(h.press(learner.id, cardId, ids.at(-1)!))).body.content).toMatch(/^💡 Hint for your review card: /);
    const cardMessage = fake.state.interactions.get(payload.id)!.originalMessageId!;
    const graded = await h.reply(h.press(learner.id, cardMessage, ids[0]!));
    expect(graded.body.embeds?.[0]?.title).toBe('✅ Correct with hint: A) A');
  });
});
