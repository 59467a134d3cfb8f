/** The 💡 Hint button on Discord drops and review cards: ephemeral, the same hint twice, and its cost shown. */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

const DAY = 86_400_000;
const SEED_HINT = '💡 Hint for question #1: ';

describe('hints on Discord', () => {
  it('the drop button answers ephemerally with the hint, the same twice; a right answer after it says "with hint" and scores half', async () => {
    h = await startHarness();
    const { learner, admin } = h;
    const { dropId, messageId } = await h.drop();
    const first = await h.reply(h.press(learner.id, messageId, `stepwise:hint:${dropId}`));
    expect(first).toMatchObject({ deferred: false, flags: 64 });
    expect(first.body.content).toMatch(new RegExp(`^${SEED_HINT}`));
    expect(first.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const again = await h.reply(h.press(learner.id, messageId, `stepwise:hint:${dropId}`));
    expect(again.body.content!.split('\n')[0]).toBe(first.body.content!.split('\n')[0]);
    // /quiz hint gives the same hint to someone else.
    const slash = await h.reply(h.slash(admin.id, 'hint'));
    expect(slash.body.content!.split('\n')[0]).toBe(first.body.content!.split('\n')[0]);

    const graded = await h.reply(h.press(learner.id, messageId, `stepwise:answer:${dropId}:B`));
    expect(graded.body.embeds?.[0]?.title).toBe('✅ Correct with hint: B) Data Preparation (+0 points)');
    const wrong = await h.reply(h.press(admin.id, messageId, `stepwise:answer:${dropId}:C`));
    expect(wrong.body.embeds?.[0]?.title).toBe('❌ Not quite with hint: you picked C');
    expect(h.bot.db.prepare('SELECT COUNT(*) AS n FROM hints').get()).toEqual({ n: 2 });
  });

  it('refuses a hint button for a drop of another guild with a short ephemeral error', async () => {
    h = await startHarness();
    const { messageId } = await h.drop();
    const unknown = await h.reply(h.press(h.learner.id, messageId, 'stepwise:hint:999'));
    expect(unknown).toMatchObject({ flags: 64 });
    expect(unknown.body.content).toBe('That question is not known here.');
  });

  it('the review card button gives the card hint; a right answer after it says "with hint"', async () => {
    h = await startHarness();
    const { fake, learner } = h;
    const { dropId, messageId } = await h.drop();
    await h.reply(h.press(learner.id, messageId, `stepwise:answer:${dropId}:A`));
    h.bot.clock.t += 2 * DAY;
    const payload = h.slash(learner.id, 'next', undefined, 'review');
    const card = await h.reply(payload);
    const ids = card.body.components![0]!.components.map((b) => b.custom_id);
    const cardMessage = fake.state.interactions.get(payload.id)!.originalMessageId!;
    const hint = await h.reply(h.press(learner.id, cardMessage, ids[4]!));
    expect(hint).toMatchObject({ flags: 64 });
    expect(hint.body.content).toMatch(/^💡 Hint for your review card: /);
    const graded = await h.reply(h.press(learner.id, cardMessage, ids[1]!));
    expect(graded.body.embeds?.[0]?.title).toBe('✅ Correct with hint: B) Data Preparation');
  });
});
