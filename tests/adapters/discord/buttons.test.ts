import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, textOf, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

describe('answering by button and /quiz answer on Discord', () => {
  it('replies ephemerally with the worked solution well within 3 s; the first answer counts; late answers are not scored', async () => {
    h = await startHarness();
    const { learner, admin } = h;
    const { dropId, messageId } = await h.drop();

    const first = await h.reply(h.press(learner.id, messageId, `stepwise:answer:${dropId}:B`));
    expect(first).toMatchObject({ deferred: false, flags: 64 });
    expect(first.ms).toBeLessThan(3000);
    expect(first.body.embeds?.[0]?.title).toBe('✅ Correct: B) Data Preparation (+1 point)');
    expect(textOf(first.body)).toContain('Final answer\nData Preparation -> Option B');
    expect(first.body.allowed_mentions).toEqual({ parse: [], replied_user: false });

    const command = await h.reply(h.slash(admin.id, 'answer', { choice: 'C' }));
    expect(command).toMatchObject({ deferred: false, flags: 64 });
    expect(command.ms).toBeLessThan(3000);
    expect(command.body.embeds?.[0]?.title).toBe('❌ Not quite: you picked C');
    expect(command.body.embeds?.[0]?.description).toContain('The answer is **B) Data Preparation**.');
    expect(command.body.embeds?.[0]?.description).toContain('**Why C tempts:** Monitoring watches a model after it is live');

    // Duplicate: by button and by command, the first answer stands.
    const again = await h.reply(h.press(learner.id, messageId, `stepwise:answer:${dropId}:A`));
    expect(again.body.content).toBe('You already answered this one: your first answer, B (right, +1), counts.');
    const againCmd = await h.reply(h.slash(learner.id, 'answer', { choice: 'a' }));
    expect(againCmd.body.content).toBe('You already answered this one: your first answer, B (right, +1), counts.');
    const rows = h.bot.db.prepare('SELECT user_id, choice, via FROM answers').all();
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([
        { user_id: learner.id, choice: 'B', via: 'button' },
        { user_id: admin.id, choice: 'C', via: 'command' },
      ]),
    );

    // Late: after the window, a new person still learns the answer, unscored.
    const drop = (await h.bot.tutor.openDrop(h.bot.channel))!;
    h.bot.clock.t = drop.closesAt + 1;
    const owner = h.fake.state.users.owner;
    const late = await h.reply(h.press(owner.id, messageId, `stepwise:answer:${dropId}:B`));
    expect(late.body.embeds?.[0]?.title).toBe('✅ Correct: B) Data Preparation');
    expect(late.body.embeds?.[0]?.description).toBe('This question has closed, so your answer was not scored. 2 answered, 1 got it right.');
    expect(h.bot.db.prepare('SELECT COUNT(*) AS n FROM answers').get()).toEqual({ n: 2 });
  });

  it('answers a bad letter and an unknown question with a short ephemeral error', async () => {
    h = await startHarness();
    const { dropId, messageId } = await h.drop();
    const wrong = await h.reply(h.press(h.learner.id, messageId, `stepwise:answer:${dropId}:Z`));
    expect(wrong.flags).toBe(64);
    expect(wrong.body.content).toMatch(/^"Z" is not an option\. Answer with one of A, B, C, D/);
    const unknown = await h.reply(h.press(h.learner.id, messageId, 'stepwise:answer:999:A'));
    expect(unknown.body.content).toBe('That question is not known here.');
    const none = await h.reply(h.slash(h.learner.id, 'answer', { choice: 'E' }));
    expect(none.body.content).toMatch(/is not an option/);
  });

  it('autocompletes pack ids from the loaded packs, by id or title', async () => {
    h = await startHarness();
    const { fake } = h;
    const ask = async (value: string, sub = 'drop', group?: string) => {
      const payload = fake.interact(fake.payloads.autocompleteInteraction({ userId: h.admin.id, subcommand: sub, ...(group ? { group } : {}), focused: { name: 'pack', value } }));
      const call = await fake.waitForCall('POST', `/interactions/${payload.id}/${payload.token}/callback`);
      return call.body as { type: number; data: { choices: { name: string; value: string }[] } };
    };
    expect(await ask('')).toEqual({
      type: 8,
      data: {
        choices: h.bot.tutor.packs.list().map((p) => ({ name: `${p.title} (${p.id})`, value: p.id })),
      },
    });
    expect((await ask('exp')).data.choices.map((c) => c.value)).toEqual(['experiment-tracking']);
    expect((await ask('MONITOR', 'add', 'schedule')).data.choices.map((c) => c.value)).toEqual(['model-monitoring']);
    expect((await ask('zzz')).data.choices).toEqual([]);
  });

  it('asks for a server channel when /quiz comes from a DM', async () => {
    h = await startHarness();
    const payload = h.fake.interact(h.fake.payloads.chatInputInteraction({ inDm: true, subcommand: 'leaderboard' }));
    const reply = await h.reply(payload);
    expect(reply.body.content).toBe('Stepwise works in server channels: use /quiz there.');
    expect(reply.flags).toBe(64);
  });
});
