/**
 * A busy channel on Slack: answers are stamped when they arrive, the answer path makes no Web API
 * call, feedback goes through each click's response_url, and a drop asked for during the burst is
 * posted at once. (Counts here are modest; bench/slack-burst.ts runs 2,000 against the rate tiers.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCallQueue, type Timer } from '../../../src/adapters/slack/call-queue.ts';
import { webApi } from '@slack/bolt';
import { actedAt } from '../../../src/adapters/slack/refs.ts';
import { IDS, startSlackWorld, T0, type SlackWorld } from './harness.ts';

let w: SlackWorld | undefined;
afterEach(async () => {
  await w?.cleanup();
  w = undefined;
});

describe('the Slack answer path under load', () => {
  it('stamps a button answer with the time the click arrived, not after any lookup', async () => {
    w = await startSlackWorld();
    const { ts, dropId } = await w.drop(IDS.admin);
    await w.adapter.idle();
    w.clock.tick(60_000); // every clock read is a minute later than the one before
    const since = w.mark();
    await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_answer_b', value: `${dropId}:B`, userId: IDS.member, messageTs: ts }));
    await w.ephemeralTo(IDS.member, since);
    const row = w.db.prepare('SELECT answered_at FROM answers WHERE user_id = ?').get(IDS.member) as { answered_at: number };
    expect(row.answered_at).toBe(w.clock.reads[0]);
  });

  it('uses Slack’s action_ts (the click) when it agrees with our clock, so a slow intake cannot make an answer late', async () => {
    w = await startSlackWorld();
    w.clock.set(Date.now());
    const { ts, dropId } = await w.drop(IDS.admin);
    const clickedAt = Date.now();
    w.clock.set(clickedAt + 4_000); // the receiver only gets to it 4 s later
    const since = w.mark();
    await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_answer_b', value: `${dropId}:B`, userId: IDS.member, messageTs: ts }));
    await w.ephemeralTo(IDS.member, since);
    const row = w.db.prepare('SELECT answered_at FROM answers WHERE user_id = ?').get(IDS.member) as { answered_at: number };
    expect(row.answered_at).toBeGreaterThanOrEqual(clickedAt - 1);
    expect(row.answered_at).toBeLessThan(clickedAt + 1_000);
    expect(actedAt('1700000000.123456', 1_700_000_001_000)).toBe(1_700_000_000_123);
    expect(actedAt('1700000000.123456', 1_600_000_000_000)).toBe(1_600_000_000_000); // in the future: ours
    expect(actedAt(undefined, 5)).toBe(5);
  });

  it('300 clicks at once: all stored with their click time, each answered through its response_url, no Web API call; a drop in another channel meanwhile is posted', async () => {
    w = await startSlackWorld();
    const quiz = w.fake.state.channel(IDS.quizChannel)!;
    const users = Array.from({ length: 300 }, (_, i) => `U0B${String(i).padStart(6, '0')}`);
    for (const [i, id] of users.entries()) {
      w.fake.workspace.users.push({ id, name: `learner${i}`, realName: `Learner ${i}`, displayName: `learner${i}`, isAdmin: false, isOwner: false, isBot: false });
      quiz.members.push(id);
    }
    const other = w.fake.state.channel(IDS.otherChannel)!;
    other.members.push(IDS.botUser);
    const { ts, dropId } = await w.drop(IDS.admin);
    await w.adapter.idle();
    w.clock.set(T0 + 5_000);
    const since = w.mark();
    const clicks = users.map((userId) =>
      w!.sender.sendAction(w!.fake.payloads.blockActions({ actionId: 'stepwise_answer_b', value: `${dropId}:B`, userId, messageTs: ts })),
    );
    // A drop asked for in the middle of the burst goes out on the channel client, not behind feedback.
    const dropMidBurst = w.tutor.postDrop({ channel: { ...w.channel, channel: IDS.otherChannel } }, T0 + 5_000);
    const acks = await Promise.all(clicks);
    expect(acks.every((r) => r.status === 200)).toBe(true);
    expect((await dropMidBurst)?.state).toBe('open');
    await w.adapter.idle();
    await Promise.all(users.map((u) => w!.ephemeralTo(u, since)));
    const rows = w.db.prepare('SELECT answered_at AS at, COUNT(*) AS n FROM answers GROUP BY answered_at').all();
    expect(rows).toEqual([{ at: T0 + 5_000, n: 300 }]);
    const methods = w.fake.calls.slice(since.calls).map((c) => c.method);
    expect(methods.filter((m) => m === 'users.info' || m === 'chat.postEphemeral' || m === 'conversations.open')).toEqual([]);
    expect(methods.filter((m) => m === 'chat.postMessage')).toEqual(['chat.postMessage']);
  });
});

describe('the per-person call queue', () => {
  /** Virtual time: sleeping moves the clock, so the test runs at once and sees exact start times. */
  const virtual = (): Timer & { t: number } => {
    const timer = { t: 0, now: () => timer.t, sleep: async (ms: number) => void (timer.t += ms) };
    return timer;
  };

  it('paces each method at its tier (Tier 4: a burst, then one every 600 ms) and drops nothing', async () => {
    const timer = virtual();
    const queue = createCallQueue(timer);
    const starts: number[] = [];
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => queue.run('T1', 'chat.postEphemeral', async () => (starts.push(timer.t), i))));
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(starts.slice(0, 20).every((t) => t === 0)).toBe(true);
    expect(starts[20]).toBe(600);
    expect(starts[49]).toBe(30 * 600);
  });

  it('a 429 waits out Retry-After for that method only and retries the call, which is not lost', async () => {
    const timer = virtual();
    const queue = createCallQueue(timer);
    let refused = false;
    const limited = queue.run('T1', 'chat.postEphemeral', async () => {
      if (!refused) {
        refused = true;
        throw Object.assign(new Error('A rate limit was exceeded'), { code: webApi.ErrorCode.RateLimitedError, retryAfter: 7 });
      }
      return timer.t;
    });
    const other = queue.run('T1', 'views.publish', async () => timer.t);
    // Slack counts limits per workspace: another workspace's ephemerals do not wait for this one's 429.
    const elsewhere = queue.run('T2', 'chat.postEphemeral', async () => timer.t);
    expect(await other).toBe(0);
    expect(await elsewhere).toBe(0);
    expect(await limited).toBe(7000);
  });

  it('paces each workspace by its own bucket', async () => {
    const timer = virtual();
    const queue = createCallQueue(timer);
    // T1 spends its whole burst of 20 at once.
    await Promise.all(Array.from({ length: 20 }, () => queue.run('T1', 'chat.postEphemeral', async () => timer.t)));
    // T2's bucket is still full; T1's next call waits for its next token.
    expect(await queue.run('T2', 'chat.postEphemeral', async () => timer.t)).toBe(0);
    expect(await queue.run('T1', 'chat.postEphemeral', async () => timer.t)).toBe(600);
  });
});
