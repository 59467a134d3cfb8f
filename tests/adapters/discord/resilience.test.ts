import { afterEach, describe, expect, it } from 'vitest';
import { Perm } from '../../fakes/discord/index.ts';
import { startHarness, T0, textOf, type Body, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

const drops = () => h.fake.callsTo('POST', h.channelMessages).filter((c) => (c.body as Body).embeds?.length || c.status !== 200);

describe('Discord failures, retries and restarts', () => {
  it('waits out a 429 with Retry-After on posting a drop, then posts it once', async () => {
    h = await startHarness();
    await h.drop();
    await h.reply(h.slash(h.admin.id, 'close')); // so the next drop is the only post (no reveal, no intro)
    const before = h.fake.calls.length;
    h.fake.failNext({ method: 'POST', path: h.channelMessages, status: 429, retryAfterSeconds: 0.3 });
    const { dropId, reply } = await h.drop();
    expect(textOf(reply.body)).toMatch(new RegExp(`^Posted question #${dropId} `));
    const attempts = h.fake.calls.slice(before).filter((c) => c.method === 'POST' && c.path === h.channelMessages);
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(300);
    expect(reply.ms).toBeLessThan(3000); // deferred at once, edited after the wait
    expect(h.bot.log.find((l) => l.event === 'discord.rate_limited' && l.fields.method === 'POST')?.fields).toMatchObject({ method: 'POST', platform: 'discord' });
  });

  it('retries a 5xx outage that outlasts discord.js’s own retries, with backoff, and posts once', async () => {
    h = await startHarness({ retryDelaysMs: [20, 40] });
    await h.drop();
    await h.reply(h.slash(h.admin.id, 'close'));
    const before = h.fake.calls.length;
    h.fake.failNext({ method: 'POST', path: h.channelMessages, status: 502, times: 5 });
    const { reply } = await h.drop();
    expect(textOf(reply.body)).toMatch(/^Posted question #2 /);
    const attempts = h.fake.calls.slice(before).filter((c) => c.method === 'POST' && c.path === h.channelMessages);
    // discord.js: 1 try + 3 retries → HTTPError; ours: a second round after 20 ms (502, 200).
    expect(attempts.map((a) => a.status)).toEqual([502, 502, 502, 502, 502, 200]);
    expect(new Set(attempts.map((a) => (a.body as Body).nonce))).toEqual(new Set(['sw-drop-2']));
    const retry = h.bot.log.find((l) => l.event === 'discord.retry');
    expect(retry?.fields).toMatchObject({ what: 'drop', attempt: 1, delayMs: 20, reason: 'Bad Gateway', workspace: h.fake.state.guild.id, channel: h.fake.state.channel.id });
  });

  it('records a scheduled drop that cannot be posted as failed, with the reason logged', async () => {
    h = await startHarness();
    await h.reply(h.slash(h.admin.id, 'add', { cron: '0 9 * * *' }, 'schedule'));
    h.fake.setBotPermissions(Perm.ViewChannel); // Send Messages taken away after the schedule was added
    await h.reply(h.slash(h.admin.id, 'help')); // events arrive in order: the role update is in the cache now
    expect(await h.bot.tutor.fireSchedule(1, T0, T0)).toBeNull();
    // Checked before posting, as for schedules: no 403 is spent (each counts toward Discord's invalid-request limit).
    const reason = `I can't post questions in <#${h.fake.state.channel.id}>: I'm missing Send Messages, Embed Links, Add Reactions there. Give the Stepwise role those permissions in the channel's settings, then try again.`;
    expect(h.bot.db.prepare('SELECT state, failure FROM drops').all()).toEqual([{ state: 'failed', failure: reason }]);
    const line = h.bot.log.find((l) => l.event === 'drop.post_failed');
    expect(line).toMatchObject({ level: 'error', fields: { platform: 'discord', workspace: h.fake.state.guild.id, channel: h.fake.state.channel.id, reason } });
    expect(h.bot.log.some((l) => l.event === 'discord.retry')).toBe(false);
    expect(drops()).toEqual([]);
  });

  it('still counts a reaction on a drop posted before a restart', async () => {
    h = await startHarness();
    const { dropId, messageId } = await h.drop();
    await h.reactions(messageId);
    await h.restart(); // destroys the client; a new client, tutor and adapter open the same database
    expect(h.fake.identifyCount).toBe(2);

    h.react(h.learner.id, messageId, '🇧');
    const sent = await h.fake.waitForCall('POST', /^\/channels\/\d+\/messages$/, { where: (c) => c.path !== h.channelMessages });
    expect((sent.body as Body).embeds?.[0]?.title).toBe('✅ Correct: B) Data Preparation (+1 point)');
    await h.fake.waitForCall('DELETE', `${h.channelMessages}/${messageId}/reactions/🇧/${h.learner.id}`);
    expect(h.bot.db.prepare('SELECT drop_id, choice, via FROM answers').all()).toEqual([{ drop_id: dropId, choice: 'B', via: 'reaction' }]);
  });

  it('never logs the token', async () => {
    h = await startHarness();
    const { messageId } = await h.drop();
    h.react(h.learner.id, messageId, '🇧');
    await h.fake.waitForCall('POST', /^\/channels\/\d+\/messages$/, { where: (c) => c.path !== h.channelMessages });
    expect(h.bot.log.map((l) => l.event)).toEqual(expect.arrayContaining(['discord.ready', 'drop.posted', 'answer.recorded']));
    expect(JSON.stringify(h.bot.log)).not.toContain(h.fake.token);
  });
});
