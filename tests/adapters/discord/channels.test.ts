/** Channels Discord says no to, threads and forum posts, and DMs that cannot or must not arrive twice. */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_PERMISSIONS, Perm } from '../../fakes/discord/index.ts';
import { startHarness, T0, textOf, type Body, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

const DAY = 86_400_000;
/** Posts the bot made to any channel but the quiz channel that Discord accepted: DMs. */
const dms = () => h.fake.callsTo('POST', /^\/channels\/\d+\/messages$/).filter((c) => c.path !== h.channelMessages && c.status === 200);

async function scheduleByAdmin(): Promise<void> {
  const added = await h.reply(h.slash(h.admin.id, 'add', { cron: '0 9 * * *' }, 'schedule'));
  expect(textOf(added.body)).toMatch(/^Schedule #1 added/);
}

describe('a channel Discord says is gone', () => {
  it.each([
    [404, 10003, 'Unknown Channel'],
    [403, 50001, 'Missing Access'],
  ])('%i %i on a scheduled drop pauses the schedule at once and DMs its creator', async (status, code, message) => {
    h = await startHarness();
    await scheduleByAdmin();
    h.fake.failNext({ method: 'POST', path: h.channelMessages, status, code, message, times: 2 });
    expect(await h.bot.tutor.fireSchedule(1, T0, T0)).toBeNull();
    expect((await h.bot.tutor.listSchedules(h.bot.channel))[0]?.paused).toBe(true);
    const notice = await h.fake.waitForCall('POST', /^\/channels\/\d+\/messages$/, { where: (c) => c.path !== h.channelMessages && c.status === 200 });
    expect(textOf(notice.body as Body)).toMatch(/^Schedule #1 \("0 9 \* \* \*"\) in channel \d+ is paused: Discord says channel \d+ is not usable any more/);
    expect(h.fake.callsTo('POST', '/users/@me/channels').map((c) => c.body)).toEqual([{ recipient_id: h.admin.id }]);
  });

  it('a deleted channel found at fetch time (10003) pauses too, without a single post', async () => {
    h = await startHarness();
    const other = h.fake.addChannel({ name: 'soon-gone' });
    const added = await h.reply(h.slash(h.admin.id, 'add', [{ name: 'cron', type: 3, value: '0 9 * * *' }, { name: 'channel', type: 7, value: other.id }], 'schedule'));
    expect(textOf(added.body)).toMatch(/^Schedule #1 added/);
    h.fake.deleteChannel(other.id);
    await h.reply(h.slash(h.admin.id, 'help')); // the delete is in the cache now
    expect(await h.bot.tutor.fireSchedule(1, T0, T0)).toBeNull();
    expect((await h.bot.tutor.allSchedules())[0]?.paused).toBe(true);
    expect(h.fake.callsTo('POST', `/channels/${other.id}/messages`)).toEqual([]);
  });

  it('a missing permission (50013) is a strike, not an immediate pause', async () => {
    h = await startHarness();
    await scheduleByAdmin();
    h.fake.failNext({ method: 'POST', path: h.channelMessages, status: 403, code: 50013, message: 'Missing Permissions', times: 2 });
    expect(await h.bot.tutor.fireSchedule(1, T0, T0)).toBeNull();
    expect((await h.bot.tutor.listSchedules(h.bot.channel))[0]?.paused).toBe(false);
    expect(h.bot.db.prepare('SELECT failure FROM drops').all()).toEqual([{ failure: `Discord refused: the bot is missing a permission in channel ${h.fake.state.channel.id}` }]);
  });
});

describe('/quiz drop checks the channel first, as schedules do', () => {
  it('says what is missing and posts nothing; never "Posted"', async () => {
    h = await startHarness({ fake: { botPermissions: DEFAULT_BOT_PERMISSIONS & ~Perm.EmbedLinks } });
    const reply = await h.reply(h.slash(h.admin.id, 'drop'));
    expect(textOf(reply.body)).toBe(
      `Could not post the question: I can't post questions in <#${h.fake.state.channel.id}>: I'm missing Embed Links there. Give the Stepwise role that permission in the channel's settings, then try again.`,
    );
    expect(h.fake.callsTo('POST', h.channelMessages)).toEqual([]);
  });

  it('a drop with reactions off needs neither Add Reactions nor Read Message History, nor invites reactions', async () => {
    h = await startHarness();
    await h.reply(h.slash(h.admin.id, 'add', { cron: '0 9 * * *', reactions: 'off' }, 'schedule'));
    h.fake.setBotPermissions(DEFAULT_BOT_PERMISSIONS & ~Perm.AddReactions & ~Perm.ReadMessageHistory);
    h.fake.state.roleById.get(h.fake.state.roles.everyone)!.permissions = '0';
    await h.reply(h.slash(h.admin.id, 'help')); // the role update is in the cache now
    const drop = await h.bot.tutor.fireSchedule(1, T0, T0);
    expect(drop?.messageRef).toBeTruthy();
    expect(h.fake.callsTo('PUT', /\/reactions\//)).toEqual([]);
    const post = h.fake.callsTo('POST', h.channelMessages).find((c) => (c.body as Body).embeds?.length)!;
    expect((post.body as Body).embeds![0]!.fields![0]!.value).toMatch(/^Tap a letter or use `\/quiz answer` \(your pick stays private\)\./);
  });

  it('without Read Message History the reveal is posted without the reply reference (Discord would refuse it: 160002)', async () => {
    h = await startHarness({ fake: { everyonePermissions: 0n } });
    await h.drop();
    h.fake.setBotPermissions(DEFAULT_BOT_PERMISSIONS & ~Perm.ReadMessageHistory);
    const closed = await h.reply(h.slash(h.admin.id, 'close'));
    expect(textOf(closed.body)).not.toMatch(/could not|failed/i);
    const reveal = h.fake.callsTo('POST', h.channelMessages).at(-1)!;
    expect(reveal.status).toBe(200);
    expect(textOf(reveal.body as Body)).toContain('is closed');
    expect((reveal.body as Body).message_reference).toBeUndefined();
  });
});

describe('threads and forum posts', () => {
  it('posts, reacts and reveals in a thread; an archived thread gets the reveal first (it reopens it), then the edit', async () => {
    h = await startHarness();
    const thread = h.fake.addThread({ parentId: h.fake.state.channel.id });
    await h.reply(h.slash(h.admin.id, 'help'));
    const refused = await h.bot.adapter.port.checkChannel!({ platform: 'discord', workspace: h.fake.state.guild.id, channel: thread.id });
    expect(refused).toBeNull();
    const drop = await h.bot.tutor.postDrop({ channel: { platform: 'discord', workspace: h.fake.state.guild.id, channel: thread.id } }, T0);
    const path = `/channels/${thread.id}/messages`;
    await h.fake.waitForCall('PUT', new RegExp(`^${path}/${drop!.messageRef}/reactions/.+/@me$`), { nth: 4, where: (c) => c.status === 204 });
    h.fake.setThreadArchived(thread.id, true);
    await h.reply(h.slash(h.admin.id, 'help'));
    await h.bot.tutor.closeDue(T0 + 2 * DAY);
    const order = h.fake.calls.filter((c) => c.path.startsWith(path) && (c.method === 'PATCH' || c.method === 'POST')).slice(-2);
    expect(order.map((c) => [c.method, c.status])).toEqual([
      ['POST', 200],
      ['PATCH', 200],
    ]);
    expect(textOf(order[0]!.body as Body)).toContain('is closed');
  });

  it('refuses a thread without Send Messages in Threads, naming it, and a locked one', async () => {
    h = await startHarness({ fake: { botPermissions: DEFAULT_BOT_PERMISSIONS & ~Perm.SendMessagesInThreads } });
    const thread = h.fake.addThread({ parentId: h.fake.state.channel.id });
    const locked = h.fake.addThread({ parentId: h.fake.state.channel.id, locked: true });
    await h.reply(h.slash(h.admin.id, 'help'));
    const ref = (channel: string) => ({ platform: 'discord', workspace: h.fake.state.guild.id, channel });
    expect(await h.bot.adapter.port.checkChannel!(ref(thread.id))).toBe(
      `I can't post questions in <#${thread.id}>: I'm missing Send Messages in Threads there. Give the Stepwise role that permission in the thread's parent channel (threads take its permissions), then try again.`,
    );
    expect(await h.bot.adapter.port.checkChannel!(ref(locked.id))).toBe(`I can't post questions in <#${locked.id}>: the thread is locked. Unlock it, or use another channel.`);
  });

  it('a forum channel itself is refused; a post in it takes questions', async () => {
    h = await startHarness();
    const forum = h.fake.addChannel({ name: 'questions', type: 15 });
    const post = h.fake.addThread({ parentId: forum.id });
    await h.reply(h.slash(h.admin.id, 'help'));
    const ref = (channel: string) => ({ platform: 'discord', workspace: h.fake.state.guild.id, channel });
    expect(await h.bot.adapter.port.checkChannel!(ref(forum.id))).toMatch(/^I can't use <#\d+>: it is not a text channel, announcement channel or thread/);
    expect(await h.bot.adapter.port.checkChannel!(ref(post.id))).toBeNull();
    const drop = await h.bot.tutor.postDrop({ channel: ref(post.id) }, T0);
    expect(drop?.state).toBe('open');
  });
});

describe('DMs', () => {
  it('a reminder to closed DMs (50007) turns the reminder off instead of failing every day', async () => {
    h = await startHarness();
    const { dropId, messageId } = await h.drop();
    await h.reply(h.press(h.learner.id, messageId, `stepwise:answer:${dropId}:C`));
    await h.reply(h.slash(h.learner.id, 'daily', { time: '09:00' }, 'review'));
    h.fake.setDmBlocked(h.learner.id);
    h.bot.clock.t += 2 * DAY;
    await h.bot.tutor.sendDueReminders(h.bot.clock.t);
    h.bot.clock.t += DAY;
    await h.bot.tutor.sendDueReminders(h.bot.clock.t);
    const refused = h.fake.callsTo('POST', /^\/channels\/\d+\/messages$/).filter((c) => c.status === 403);
    expect(refused).toHaveLength(1); // the second day sends nothing: no second 403
    expect((await h.bot.tutor.deps.store.reminders.get(h.bot.channel, h.learner.id))?.atMinute).toBeNull();
  });

  it('a DM whose answer was lost (stored, then 502) is retried with its nonce and arrives once', async () => {
    h = await startHarness();
    const { messageId } = await h.drop();
    await h.reactions(messageId);
    const dmPath = new RegExp(`^/channels/(?!${h.fake.state.channel.id}/)\\d+/messages$`);
    h.fake.failNext({ method: 'POST', path: dmPath, status: 502, afterCommit: true });
    h.react(h.learner.id, messageId, '🇧');
    await h.fake.waitForCall('POST', dmPath, { where: (c) => c.status === 200 });
    const attempts = h.fake.callsTo('POST', dmPath);
    expect(attempts.map((c) => c.status)).toEqual([502, 200]);
    expect(new Set(attempts.map((c) => (c.body as Body).nonce)).size).toBe(1);
    const dmChannel = h.fake.state.dmChannelByUser.get(h.learner.id)!;
    expect([...h.fake.state.messages.values()].filter((m) => m.channel_id === dmChannel)).toHaveLength(1);
    expect(dms()).toHaveLength(1);
  });
});

describe('reaction removal in a server that requires 2FA', () => {
  it('stops trying after the first 60003 in that server', async () => {
    h = await startHarness({ fake: { requireMfa: true, ownerHasMfa: false } });
    const { messageId } = await h.drop();
    await h.reactions(messageId);
    h.react(h.learner.id, messageId, '🇧');
    await h.fake.waitForCall('DELETE', /\/reactions\//, { where: (c) => c.status === 403 });
    h.react(h.admin.id, messageId, '🇦');
    await h.fake.waitForCall('POST', /^\/channels\/\d+\/messages$/, { nth: 2, where: (c) => c.path !== h.channelMessages && c.status === 200 });
    await h.bot.adapter.stop();
    const removals = h.fake.callsTo('DELETE', /\/reactions\//).filter((c) => c.status !== 429);
    expect(removals.map((c) => c.status)).toEqual([403]);
    expect(h.bot.log.find((l) => l.event === 'discord.reaction_remove_failed')?.fields.reason).toMatch(/requires 2FA/);
  });
});
