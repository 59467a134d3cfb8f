/** Reactions on Slack are public, so a drop says so, and a schedule can turn them off. */
import { afterEach, describe, expect, it } from 'vitest';
import { IDS, sent, startSlackWorld, T0, type SlackWorld } from './harness.ts';

let w: SlackWorld | undefined;
afterEach(async () => {
  await w?.cleanup();
  w = undefined;
});

const howTo = (call: { body: Record<string, unknown> }) => JSON.stringify((call.body.blocks as { type: string }[]).filter((b) => b.type === 'context').at(-1));

describe('reactions per schedule on Slack', () => {
  it('a drop with reactions on says a reaction is seen by everyone, and the bot adds the answer emoji', async () => {
    w = await startSlackWorld();
    const { posted } = await w.drop(IDS.admin);
    expect(howTo(posted)).toContain('Answer privately with a button or `/quiz answer B`, or with a reaction (:one: = A, :two: = B, :three: = C, :four: = D), which everyone can see.');
    await w.fake.waitForCall('reactions.add', (c) => c.body.name === 'four');
  });

  it('with reactions off the drop offers none, the bot adds none, and a reaction does not answer', async () => {
    w = await startSlackWorld();
    const s = await w.tutor.addSchedule({ channel: w.channel, cron: '0 9 * * *', by: IDS.admin, reactions: false }, T0);
    const drop = await w.tutor.fireSchedule(s.id, T0, T0);
    const posted = await w.fake.waitForCall('chat.postMessage');
    expect(howTo(posted)).toContain('Answer with a button or `/quiz answer B` (both private).');
    expect(howTo(posted)).not.toContain(':one:');
    await w.adapter.idle();
    expect(w.fake.callsTo('reactions.add')).toEqual([]);

    const since = w.mark();
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.reactionAdded({ userId: IDS.member, reaction: 'two', itemTs: drop!.messageRef!.split(':')[1]! })));
    await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_answer_b', value: `${drop!.id}:B`, userId: IDS.member, messageTs: drop!.messageRef!.split(':')[1]! }));
    // The button is answered; the reaction before it was not.
    expect(sent(await w.ephemeralTo(IDS.member, since))).toContain('✅ *Correct:* B) Data Preparation');
    expect(w.db.prepare('SELECT via FROM answers').all()).toEqual([{ via: 'button' }]);
  });

  it('a reaction from another app’s bot is ignored (one users.info, remembered)', async () => {
    w = await startSlackWorld();
    w.fake.state.upsertUser({ id: 'U0OTHERBOT', name: 'otherbot', realName: 'Other Bot', displayName: 'otherbot', isAdmin: false, isOwner: false, isBot: true });
    const { ts } = await w.drop(IDS.admin);
    for (const reaction of ['two', 'three']) {
      await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.reactionAdded({ userId: 'U0OTHERBOT', reaction, itemTs: ts })));
    }
    await w.logs.waitFor((l) => l.event === 'slack.reaction_ignored' && l.fields.reason === 'a bot’s reaction' && w!.logs.entries.filter((x) => x.fields.reason === 'a bot’s reaction').length === 2, 'two ignored');
    expect(w.fake.callsTo('users.info').filter((c) => c.body.user === 'U0OTHERBOT')).toHaveLength(1);
    expect(w.db.prepare('SELECT COUNT(*) AS n FROM answers').get()).toEqual({ n: 0 });
  });
});
