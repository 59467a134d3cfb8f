/** Discord faults through the real adapter: a gateway that drops and resumes, and 5xx outages on the answer path. */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, textOf, type Body, type Harness } from '../adapters/discord/harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

/** The nth DM (a post to any channel but the quiz channel) that Discord accepted. */
const dm = (nth = 1) =>
  h.fake.waitForCall('POST', /^\/channels\/\d+\/messages$/, { nth, where: (c) => c.path !== h.channelMessages && c.status === 200 });
const answers = () => h.bot.db.prepare('SELECT user_id, choice, via FROM answers ORDER BY user_id').all();

describe('a gateway disconnect on Discord', () => {
  it('resumes the session; a reaction sent while it was down and one sent after are both answered', async () => {
    h = await startHarness();
    const { fake, learner, admin } = h;
    const { messageId } = await h.drop();
    await h.reactions(messageId);

    await fake.disconnect(); // close code 4000: discord.js reconnects to the resume URL and sends RESUME
    expect(fake.connectedSessions).toBe(0);
    // While the socket is down Discord buffers the event for the session and replays it on RESUME.
    h.react(learner.id, messageId, '🇧');
    await fake.waitForGateway('resume');
    expect((await dm()).body).toMatchObject({ embeds: [{ title: '✅ Correct: B) Data Preparation (+1 point)' }] });

    // An event after the resume goes down the same path.
    h.react(admin.id, messageId, '🇦');
    expect(textOf((await dm(2)).body as Body)).toContain('Why A tempts:');
    expect(answers()).toHaveLength(2);
    expect(answers()).toEqual(
      expect.arrayContaining([
        { user_id: learner.id, choice: 'B', via: 'reaction' },
        { user_id: admin.id, choice: 'A', via: 'reaction' },
      ]),
    );
    expect(h.bot.db.prepare('SELECT COUNT(*) AS n FROM drops').get()).toEqual({ n: 1 });
    // Resumed, not re-identified: no second READY, no second command registration.
    expect([fake.identifyCount, fake.resumeCount]).toEqual([1, 1]);
    expect(fake.callsTo('PUT', /\/commands$/)).toHaveLength(1);
    expect(h.bot.log.map((l) => l.event)).toContain('discord.resumed');
    expect(h.bot.log.map((l) => l.event)).toContain('discord.reconnecting');
  });

  it('after an op 7 Reconnect, a /quiz answer gets its ephemeral reply and is stored once', async () => {
    h = await startHarness();
    const { fake, learner } = h;
    await h.drop();
    fake.requestReconnect();
    await fake.waitForGateway('resume');
    const reply = await h.reply(h.slash(learner.id, 'answer', { choice: 'B' }));
    expect(reply.flags).toBe(64);
    expect(reply.body.embeds?.[0]?.title).toBe('✅ Correct: B) Data Preparation (+1 point)');
    expect(answers()).toEqual([{ user_id: learner.id, choice: 'B', via: 'command' }]);
    expect(fake.identifyCount).toBe(1);
  });
});

describe('5xx on the answer path on Discord', () => {
  it('retries a DM through a 502 outage with backoff, delivers it once, and stores the answer once', async () => {
    h = await startHarness({ retryDelaysMs: [20, 40] });
    const { fake, learner } = h;
    const { messageId } = await h.drop();
    await h.reactions(messageId);
    // Any channel's messages but the quiz channel's: the learner's DM channel.
    const dmPath = new RegExp(`^/channels/(?!${fake.state.channel.id}/)\\d+/messages$`);
    fake.failNext({ method: 'POST', path: dmPath, status: 502, times: 5 });

    h.react(learner.id, messageId, '🇧');
    const delivered = await dm();
    expect((delivered.body as Body).embeds?.[0]?.title).toBe('✅ Correct: B) Data Preparation (+1 point)');
    const attempts = fake.callsTo('POST', dmPath);
    // discord.js: 1 try + 3 immediate retries → HTTPError; ours: another round after 20 ms (502, then 200).
    expect(attempts.map((a) => a.status)).toEqual([502, 502, 502, 502, 502, 200]);
    expect(attempts[4]!.at - attempts[3]!.at).toBeGreaterThanOrEqual(20);
    expect(fake.pendingFailures).toBe(0);
    expect(h.bot.log.filter((l) => l.event === 'discord.retry').map((l) => l.fields)).toEqual([
      expect.objectContaining({ what: 'dm', attempt: 1, delayMs: 20, reason: 'Bad Gateway', user: learner.id }),
    ]);
    expect(answers()).toEqual([{ user_id: learner.id, choice: 'B', via: 'reaction' }]);
  });

  it('when the outage outlasts every retry, the answer still counts and the failure is logged, not thrown', async () => {
    h = await startHarness({ retryDelaysMs: [5] });
    const { fake, learner } = h;
    const { messageId } = await h.drop();
    await h.reactions(messageId);
    const dmPath = new RegExp(`^/channels/(?!${fake.state.channel.id}/)\\d+/messages$`);
    fake.failNext({ method: 'POST', path: dmPath, status: 503, times: 8 });

    h.react(learner.id, messageId, '🇧');
    await fake.waitForCall('POST', dmPath, { nth: 8 });
    // The reaction is removed once the answer is in, whatever happens to the DM.
    await fake.waitForCall('DELETE', `${h.channelMessages}/${messageId}/reactions/🇧/${learner.id}`);
    await h.bot.adapter.stop(); // waits for the in-flight DM attempt, then stops (close() stops again harmlessly)
    expect(fake.callsTo('POST', dmPath).map((a) => a.status)).toEqual(Array(8).fill(503));
    const failed = h.bot.log.find((l) => l.event === 'discord.dm_failed');
    expect(failed?.fields).toMatchObject({ user: learner.id, fallback: false });
    expect(h.bot.log.some((l) => l.event === 'discord.task_failed')).toBe(false);
    expect(answers()).toEqual([{ user_id: learner.id, choice: 'B', via: 'reaction' }]);
    // No notice in the channel: a 5xx is not "DMs closed".
    expect(fake.callsTo('POST', h.channelMessages).filter((c) => (c.body as Body).content?.includes(learner.id))).toEqual([]);
  });
});
