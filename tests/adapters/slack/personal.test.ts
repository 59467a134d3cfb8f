/** What each person sees on Slack: App Home, the leaderboard and its share button, review cards and reminders. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDS, sent, startSlackWorld, T0, type SlackWorld } from './harness.ts';

let w: SlackWorld;
let drop: Awaited<ReturnType<SlackWorld['drop']>>;
beforeEach(async () => {
  w = await startSlackWorld();
  drop = await w.drop(IDS.admin);
  // mia answers right (B), otto wrong (A).
  for (const [user, letter] of [[IDS.member, 'B'], [IDS.owner, 'A']] as const) {
    const since = w.mark();
    await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: `stepwise_answer_${letter.toLowerCase()}`, value: `${drop.dropId}:${letter}`, userId: user, messageTs: drop.ts }));
    await w.ephemeralTo(user, since);
  }
});
afterEach(async () => {
  await w.cleanup();
});

describe('personal views on Slack', () => {
  it('app_home_opened publishes the user’s stats and the weekly leaderboard', async () => {
    const res = await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.appHomeOpened({ userId: IDS.member })));
    expect(res.status).toBe(200);
    const call = await w.fake.waitForCall('views.publish');
    expect(call.body.user_id).toBe(IDS.member);
    const view = call.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('*Your stats* (all time)\\n*1* point · 1/1 correct (100%) · streak *1* (best 1)');
    expect(text).toContain('*🏆 Leaderboard, this week (since Mon 23 Nov, UTC)* · 2 players');
    expect(text).toContain('🥇 *mia* · 1 pts · 1/1 (100%) · streak 1');
    expect(text).toContain('🥈 *otto* · 0 pts · 0/1 (0%) · streak 0');
    // Feedback can always be found again: the last results, and how to see the solution.
    expect(text).toContain(`*Your last results*\\n✅ *Question #${drop.dropId}* · Why ML lifecycle stages in MLOps? · you picked *B*`);
    expect(text).toContain('`/quiz result` shows your latest worked solution again');
    expect(w.fake.state.homeViews.get(IDS.member)).toMatchObject({ type: 'home' });
    // The Messages tab is not ours to draw.
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.appHomeOpened({ userId: IDS.owner, tab: 'messages' })));
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.appHomeOpened({ userId: IDS.owner })));
    await w.fake.waitForCall('views.publish', (c) => c.body.user_id === IDS.owner);
    expect(w.fake.callsTo('views.publish')).toHaveLength(2);
  });

  it('/quiz leaderboard is ephemeral with a Share button that posts it in the channel, then removes the ephemeral copy', async () => {
    const reply = await (await w.command(IDS.owner, 'leaderboard')).response();
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    const blocks = reply.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
    const share = blocks.find((b) => b.type === 'actions')!.elements![0]!;
    expect(share).toMatchObject({ action_id: 'stepwise_share_leaderboard', value: 'week' });

    const payload = w.fake.payloads.blockActions({ actionId: share.action_id, value: share.value, userId: IDS.owner, isEphemeral: true, text: 'Share in channel' });
    const id = String(payload.response_url).split('/').pop();
    await w.sender.sendAction(payload);
    const shared = await w.fake.waitForResponse((p) => p.id === id && p.body.response_type === 'in_channel');
    expect(shared.body).toMatchObject({ replace_original: false });
    expect(sent(shared)).toContain('🥇 *mia* · 1 pts');
    expect(sent(shared)).toContain('Shared by otto');
    expect(sent(shared)).not.toContain('stepwise_share_leaderboard');
    const removed = await w.fake.waitForResponse((p) => p.id === id && p.body.delete_original === true);
    expect(removed.status).toBe(200);
  });

  it('a missed question comes back as a private review card; its button grades it and replaces the card', async () => {
    w.clock.set(T0 + 2 * 86_400_000);
    const card = await (await w.command(IDS.owner, 'review')).response();
    expect(sent(card)).toContain('🔁 *Review* · Why ML lifecycle stages in MLOps? · easy');
    const buttons = (card.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions')!.elements!;
    expect(buttons.map((b) => b.action_id)).toEqual([...['a', 'b', 'c', 'd'].map((l) => `stepwise_review_${l}`), 'stepwise_hint']);
    expect(buttons[4]!.value).toBe('r:mlc-data-preparation');
    const b = buttons[1]!;
    expect(b.value).toBe('mlc-data-preparation:B');

    const payload = w.fake.payloads.blockActions({ actionId: b.action_id, value: b.value, userId: IDS.owner, isEphemeral: true, text: 'B' });
    const id = String(payload.response_url).split('/').pop();
    await w.sender.sendAction(payload);
    const graded = await w.fake.waitForResponse((p) => p.id === id);
    expect(graded.body).toMatchObject({ replace_original: true });
    expect(sent(graded)).toContain('✅ *Correct:* B) Data Preparation');
    expect(sent(graded)).toContain('Review: next time');
    expect(sent(graded)).toContain('🔁 Review · Why ML lifecycle stages in MLOps? · easy');
    // The leaderboard is for drops only: reviews never change it.
    expect(w.db.prepare('SELECT COUNT(*) AS n FROM answers').get()).toEqual({ n: 2 });
  });

  it('the daily review reminder arrives as a DM with the card (ChatPort.sendPrivate)', async () => {
    const scope = { platform: 'slack', workspace: IDS.team };
    await w.tutor.reviewDaily(scope, IDS.owner, '09:00');
    expect(await w.tutor.sendDueReminders(T0 + 2 * 86_400_000)).toBe(1);
    const dm = await w.fake.waitForCall('chat.postMessage', (c) => String(c.body.channel).startsWith('D'));
    expect(w.fake.callsTo('conversations.open').map((c) => c.body.users)).toEqual([IDS.owner]);
    expect(sent(dm)).toContain('⏰ *Daily review:* 1 question due.');
    expect(sent(dm)).toContain('stepwise_review_b');
  });
});
