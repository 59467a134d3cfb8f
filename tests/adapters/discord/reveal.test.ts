import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_PERMISSIONS, Perm } from '../../fakes/discord/index.ts';
import { startHarness, T0, textOf, type Body, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

describe('close, reveal, boards and schedules on Discord', () => {
  it('closes: replies to the drop with counts, names and the solution, and disables its buttons', async () => {
    h = await startHarness();
    const { fake, learner, admin } = h;
    const { dropId, messageId } = await h.drop();
    await h.reply(h.press(learner.id, messageId, `stepwise:answer:${dropId}:B`));
    h.bot.clock.t += 1000;
    await h.reply(h.slash(admin.id, 'answer', { choice: 'B' }));
    h.bot.clock.t += 1000;
    await h.reply(h.press(fake.state.users.owner.id, messageId, `stepwise:answer:${dropId}:A`));

    const closed = await h.reply(h.slash(admin.id, 'close'));
    expect(closed).toMatchObject({ deferred: true, flags: 64 });
    expect(closed.body.content).toBe(`Closed question #${dropId}; the reveal is posted.`);

    const reveal = fake.callsTo('POST', h.channelMessages).find((c) => (c.body as Body).message_reference)!.body as Body;
    expect(reveal.message_reference).toMatchObject({ message_id: messageId });
    expect(reveal.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const embed = reveal.embeds![0]!;
    expect(embed.title).toBe(`🔔 Question #${dropId} is closed`);
    expect(embed.description).toBe('The answer: **B) Data Preparation**\n\nA) 1\nB) 2 ✅\nC) 0\nD) 0\n\n**Got it right:** Bob B., Quizmaster');
    expect(textOf(reveal)).toContain('2. Identify the stage focused on data tasks\nData Preparation is the stage where data is gathered and made ready for training.');

    const edit = fake.callsTo('PATCH', `${h.channelMessages}/${messageId}`)[0]!.body as Body;
    expect(edit.embeds?.[0]?.title).toBe(`Question #${dropId} · easy · closed`);
    expect(edit.embeds?.[0]?.description).toContain('**B)** Data Preparation ✅');
    const buttons = edit.components![0]!.components;
    expect(buttons.every((b) => b.disabled)).toBe(true);
    expect(buttons.map((b) => b.style)).toEqual([2, 3, 2, 2]);
    expect(h.bot.db.prepare('SELECT state FROM drops WHERE id = ?').get(dropId)).toEqual({ state: 'closed' });

    // A press on the closed drop is late: shown, not scored.
    const late = await h.reply(h.press(fake.state.users.owner.id, messageId, `stepwise:answer:${dropId}:B`));
    expect(late.body.embeds?.[0]?.description).toBe('This question has closed, so your answer was not scored. 3 answered, 2 got it right.');
    expect((await h.reply(h.slash(admin.id, 'close'))).body.content).toBe('There is no open question in this channel.');
  });

  it('shows the leaderboard and stats as embeds with names, never mentions', async () => {
    h = await startHarness();
    const { learner, admin } = h;
    const { dropId, messageId } = await h.drop();
    await h.reply(h.press(learner.id, messageId, `stepwise:answer:${dropId}:B`));
    await h.reply(h.press(admin.id, messageId, `stepwise:answer:${dropId}:D`));

    const board = await h.reply(h.slash(admin.id, 'leaderboard', { period: 'week' }));
    expect(board.flags).toBe(64);
    const embed = board.body.embeds![0]!;
    expect(embed.title).toBe('🏆 Leaderboard, this week (since Mon 23 Nov, UTC)');
    expect(embed.description).toBe('` 1.` **Bob B.** · 1 pts · 1/1 (100%) · streak 1\n` 2.` **Quizmaster** · 0 pts · 0/1 (0%) · streak 0');
    expect(embed.footer?.text).toBe('2 player(s)');

    const stats = await h.reply(h.slash(admin.id, 'stats', [{ name: 'user', type: 6, value: learner.id }]));
    const s = stats.body.embeds![0]!;
    expect(s.title).toBe('📊 Bob B.');
    expect(s.fields?.slice(0, 3)).toEqual([
      { name: 'Points', value: '1', inline: true },
      { name: 'Correct', value: '1/1 (100%)', inline: true },
      { name: 'Streak', value: '1 (best 1)', inline: true },
    ]);
    expect(textOf(stats.body)).toContain('Per pack\nWhy ML lifecycle stages in MLOps?: 1/1 (100%)');
  });

  it('adds a schedule, fires it for a fixed slot, and lists it', async () => {
    h = await startHarness();
    const { fake, admin } = h;
    const added = await h.reply(h.slash(admin.id, 'add', { cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' }, 'schedule'));
    expect(added.body.content).toBe(`Schedule #1 added: "0 9 * * 1-5" (Europe/Berlin) in channel ${fake.state.channel.id}.`);

    const slot = Date.UTC(2026, 10, 26, 8, 0); // Thu 09:00 in Berlin
    const drop = await h.bot.tutor.fireSchedule(1, slot, T0);
    expect(drop).toMatchObject({ state: 'open', scheduleId: 1, slot });
    const posted = fake.callsTo('POST', h.channelMessages).filter((c) => (c.body as Body).embeds?.length);
    expect(posted).toHaveLength(1);
    expect((posted[0]!.body as Body).embeds![0]!.title).toBe(`Question #${drop!.id} · easy`);
    expect(await h.bot.tutor.fireSchedule(1, slot, T0 + 1000)).toBeNull(); // the same slot never posts twice
    await h.reactions(drop!.messageRef!);

    const list = await h.reply(h.slash(admin.id, 'list', undefined, 'schedule'));
    expect(list.body.embeds?.[0]?.description).toBe(`**#1** \`0 9 * * 1-5\` (Europe/Berlin) in <#${fake.state.channel.id}> · by <@${admin.id}>`);
    expect(list.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('refuses a schedule for a channel where the bot lacks permissions, naming them', async () => {
    h = await startHarness({ fake: { botPermissions: DEFAULT_BOT_PERMISSIONS & ~Perm.EmbedLinks & ~Perm.AddReactions } });
    const { fake, admin } = h;
    const refused = await h.reply(h.slash(admin.id, 'add', { cron: '0 9 * * *' }, 'schedule'));
    expect(refused.body.content).toBe(
      `I can't post questions in <#${fake.state.channel.id}>: I'm missing Embed Links, Add Reactions there. Give the Stepwise role those permissions in the channel's settings, then try again.`,
    );
    expect(await h.bot.tutor.listSchedules(h.bot.channel)).toEqual([]);

    fake.setBotPermissions(DEFAULT_BOT_PERMISSIONS);
    const otherChannel = '1191168914227335999';
    const unknown = await h.reply(h.slash(admin.id, 'add', [{ name: 'cron', type: 3, value: '0 9 * * *' }, { name: 'channel', type: 7, value: otherChannel }], 'schedule'));
    expect(unknown.body.content).toMatch(new RegExp(`^I can't use <#${otherChannel}>: it is not a text channel, announcement channel or thread of this server that I can see`));
    const ok = await h.reply(h.slash(admin.id, 'add', { cron: '0 9 * * *' }, 'schedule'));
    expect(ok.body.content).toMatch(/^Schedule #1 added/);
  });
});
