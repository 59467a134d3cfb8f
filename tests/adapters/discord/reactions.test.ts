import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_PERMISSIONS, Perm } from '../../fakes/discord/index.ts';
import { startHarness, textOf, type Body, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

/** The nth message the bot posted in a DM channel (any channel but the quiz channel). */
const dm = (nth = 1) =>
  h.fake.waitForCall('POST', /^\/channels\/\d+\/messages$/, { nth, where: (c) => c.path !== h.channelMessages && c.status === 200 });

describe('answering by reaction on Discord', () => {
  it('records the first reaction, removes it, and DMs the worked solution', async () => {
    h = await startHarness();
    const { fake, learner, admin } = h;
    const { dropId, messageId } = await h.drop();
    await h.reactions(messageId);

    h.react(learner.id, messageId, '🇧');
    const removed = await fake.waitForCall('DELETE', `${h.channelMessages}/${messageId}/reactions/🇧/${learner.id}`, { where: (c) => c.status !== 429 });
    expect(removed.status).toBe(204);
    expect((await fake.waitForCall('POST', '/users/@me/channels')).body).toEqual({ recipient_id: learner.id });
    const sent = (await dm()).body as Body;
    expect(sent.embeds?.[0]?.title).toBe('✅ Correct: B) Data Preparation (+1 point)');
    expect(sent.embeds?.[0]?.author?.name).toBe(`Question #${dropId} · Why ML lifecycle stages in MLOps? · easy`);
    // The DM starts at the final answer; its buttons walk through the rest (the guild travels in them).
    expect(textOf(sent)).toContain('Final answer\nData Preparation -> Option B');
    expect(sent.components?.[0]?.components.map((b) => b.custom_id)).toEqual([`stepwise:walk:${fake.state.guild.id}:${dropId}:B:1`, `stepwise:walk:${fake.state.guild.id}:${dropId}:B:a`]);
    expect(fake.state.messages.get(messageId)?.reactions?.find((r) => r.emoji.name === '🇧')?.count).toBe(1); // only the bot's

    // The admin picks A: a second person, named by their guild nickname.
    h.react(admin.id, messageId, '🇦');
    expect(textOf((await dm(2)).body as Body)).toContain('Why A tempts:** Training consumes data that is already prepared');
    const rows = h.bot.db.prepare('SELECT user_id, choice, correct, points, via FROM answers ORDER BY answered_at, user_id').all();
    expect(rows).toEqual(
      expect.arrayContaining([
        { user_id: learner.id, choice: 'B', correct: 1, points: 1, via: 'reaction' },
        { user_id: admin.id, choice: 'A', correct: 0, points: 0, via: 'reaction' },
      ]),
    );
    expect(await h.bot.tutor.deps.store.members.name(h.bot.channel, admin.id)).toBe('Quizmaster');
    expect(await h.bot.tutor.deps.store.members.name(h.bot.channel, learner.id)).toBe('Bob B.');

    // A second reaction does not change the answer; the DM says the first one counts.
    h.react(learner.id, messageId, '🇨');
    expect(((await dm(3)).body as Body).content).toBe('You already answered this one: your first answer, B (right, +1), counts.');
    expect(h.bot.db.prepare('SELECT choice FROM answers WHERE user_id = ?').all(learner.id)).toEqual([{ choice: 'B' }]);
  });

  it('ignores bots, messages that are not drops and emoji that are not options', async () => {
    h = await startHarness();
    const { fake, learner } = h;
    const { messageId } = await h.drop();
    await h.reactions(messageId);
    const other = fake.seedMessage({ content: 'just chatting' });

    h.react(fake.state.users.otherBot.id, messageId, '🇦');
    h.react(learner.id, other.id, '🇦');
    h.react(learner.id, messageId, '✅');
    h.react(learner.id, messageId, '🇪'); // the question has four options
    h.react(learner.id, messageId, '🇩'); // the one that counts
    const sent = (await dm()).body as Body;
    expect(sent.embeds?.[0]?.title).toBe('❌ Not quite: you picked D');
    expect(h.bot.db.prepare('SELECT user_id, choice FROM answers').all()).toEqual([{ user_id: learner.id, choice: 'D' }]);
    expect(fake.callsTo('DELETE', /\/reactions\//).map((c) => c.path)).toEqual([`${h.channelMessages}/${messageId}/reactions/🇩/${learner.id}`]);
    expect(fake.callsTo('POST', '/users/@me/channels')).toHaveLength(1);
  });

  it('leaves reactions in place when the bot lacks Manage Messages', async () => {
    h = await startHarness({ fake: { botPermissions: DEFAULT_BOT_PERMISSIONS & ~Perm.ManageMessages } });
    const { messageId } = await h.drop();
    await h.reactions(messageId);
    h.react(h.learner.id, messageId, '🇧');
    await dm();
    expect(h.fake.callsTo('DELETE', /\/reactions\//)).toEqual([]);
    expect(h.bot.db.prepare('SELECT choice FROM answers').all()).toEqual([{ choice: 'B' }]);
  });

  it('when DMs are closed (50007), posts a notice that shows the result privately, pinging nobody', async () => {
    h = await startHarness();
    const { fake, learner, admin } = h;
    const { dropId, messageId } = await h.drop();
    await h.reactions(messageId);
    fake.setDmBlocked(learner.id);

    h.react(learner.id, messageId, '🇧');
    const notice = await fake.waitForCall('POST', h.channelMessages, { where: (c) => (c.body as Body).content?.startsWith(`<@${learner.id}>`) ?? false });
    const body = notice.body as Body;
    expect(body.content).toBe(`<@${learner.id}> your answer is in, but I can't DM you the worked solution (your DMs are closed). Tap below to see it privately.`);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body.components?.[0]?.components[0]).toMatchObject({ custom_id: `stepwise:result:${dropId}`, label: 'Show my result' });
    const failedDm = fake.calls.find((c) => c.status === 403 && c.path !== h.channelMessages);
    expect(failedDm?.body).toMatchObject({ embeds: [{ title: '✅ Correct: B) Data Preparation (+1 point)' }] });
    expect(h.bot.log.find((l) => l.event === 'discord.dm_failed')?.fields).toMatchObject({ reason: 'Cannot send messages to this user', fallback: true, workspace: fake.state.guild.id });

    const noticeId = [...fake.state.messages.values()].find((m) => m.content.startsWith(`<@${learner.id}>`))!.id;
    const mine = await h.reply(h.press(learner.id, noticeId, `stepwise:result:${dropId}`));
    expect(mine).toMatchObject({ deferred: false, flags: 64 });
    expect(mine.body.embeds?.[0]?.title).toBe('✅ Correct: B) Data Preparation (+1 point)');
    expect(textOf(mine.body)).toContain('Final answer\nData Preparation -> Option B');
    const theirs = await h.reply(h.press(admin.id, noticeId, `stepwise:result:${dropId}`));
    expect(theirs.body.content).toBe(`You have not answered question #${dropId} yet.`);
  });
});
