/** Channels Slack will not let Stepwise use: DMs, archived or restricted channels, the bot removed, the app uninstalled. */
import { afterEach, describe, expect, it } from 'vitest';
import { IDS, sent, startSlackWorld, T0, type SlackWorld } from './harness.ts';

let w: SlackWorld | undefined;
afterEach(async () => {
  await w?.cleanup();
  w = undefined;
});

const paused = async (world: SlackWorld) => (await world.tutor.listSchedules({ platform: 'slack', workspace: IDS.team })).map((s) => [s.id, s.paused]);
const addSchedule = (world: SlackWorld, channel: string = IDS.quizChannel) => world.tutor.addSchedule({ channel: { ...world.channel, channel }, cron: '0 9 * * *', by: IDS.admin }, T0);

describe('schedules refuse channels that cannot work', () => {
  it('/quiz schedule add in a DM or a group DM is refused clearly (conversations.info there would need im:read / mpim:read)', async () => {
    w = await startSlackWorld({ scopesFromManifest: true });
    const dm = w.fake.state.dmWith(IDS.admin).id;
    const inDm = await (await w.command(IDS.admin, 'schedule add "0 9 * * *"', { channelId: dm })).response();
    expect(sent(inDm)).toContain('Schedules and questions go into channels, not direct messages or group DMs.');
    const inGroup = await (await w.command(IDS.admin, 'schedule add "0 9 * * *"', { channelId: IDS.groupDm })).response();
    expect(sent(inGroup)).toContain('Schedules and questions go into channels, not direct messages or group DMs.');
    expect(await paused(w)).toEqual([]);
    // The group DM was asked about and Slack answered missing_scope: that is a refusal, not a pass.
    expect(w.fake.callsTo('conversations.info').map((c) => c.response.error)).toEqual(['missing_scope']);
  });
});

describe('posting refusals', () => {
  it('maps restricted_action* to clear sentences', async () => {
    w = await startSlackWorld();
    const quiz = w.fake.state.channel(IDS.quizChannel)!;
    const texts: string[] = [];
    for (const posting of ['restricted', 'read_only', 'thread_only'] as const) {
      quiz.posting = posting;
      w.fake.limiter.reset();
      texts.push(sent(await (await w.command(IDS.admin, 'drop')).response()));
    }
    expect(texts[0]).toContain('A workspace setting does not let Stepwise post in <#C0QUIZ001>.');
    expect(texts[1]).toContain('<#C0QUIZ001> is read-only (only some members may post there)');
    expect(texts[2]).toContain('<#C0QUIZ001> only allows replies in threads, so Stepwise cannot post a question there.');
  });

  it('three not_in_channel failures in a row pause the schedule and tell its creator by DM', async () => {
    w = await startSlackWorld();
    const schedule = await addSchedule(w, IDS.otherChannel).catch(() => undefined);
    // The bot is not in #random, so checkChannel refuses; add it as if it had been in and was removed since.
    expect(schedule).toBeUndefined();
    const random = w.fake.state.channel(IDS.otherChannel)!;
    random.members.push(IDS.botUser);
    const s = await addSchedule(w, IDS.otherChannel);
    random.members.pop();
    for (let day = 0; day < 3; day += 1) {
      const slot = T0 + day * 86_400_000;
      await w.tutor.fireSchedule(s.id, slot, slot).catch(() => undefined);
    }
    const dm = await w.fake.waitForCall('chat.postMessage', (c) => String(c.body.channel).startsWith('D'));
    expect(sent(dm)).toContain(`Schedule #${s.id}`);
    expect(sent(dm)).toContain('is paused');
    expect(await paused(w)).toEqual([[s.id, true]]);
  });
});

describe('lifecycle events', () => {
  const event = (world: SlackWorld, e: Record<string, unknown>) => world.sender.sendEvent(world.fake.payloads.eventEnvelope(e));

  it('channel_archive pauses that channel’s schedules at once and tells the creator; others stay', async () => {
    w = await startSlackWorld();
    const quiz = await addSchedule(w);
    w.fake.state.channel(IDS.otherChannel)!.members.push(IDS.botUser);
    const other = await addSchedule(w, IDS.otherChannel);
    expect((await event(w, w.fake.payloads.channelEvent({ type: 'channel_archive', channel: IDS.quizChannel }))).status).toBe(200);
    await w.logs.waitFor((l) => l.event === 'slack.channel_gone', 'channel gone');
    await w.adapter.idle();
    expect(await paused(w)).toEqual([
      [quiz.id, true],
      [other.id, false],
    ]);
    const dm = w.fake.callsTo('chat.postMessage').find((c) => String(c.body.channel).startsWith('D'));
    expect(sent(dm!)).toContain('the channel was archived');
  });

  it('member_left_channel pauses only when the bot itself left; channel_left and group_archive pause too', async () => {
    w = await startSlackWorld();
    const s = await addSchedule(w);
    await event(w, w.fake.payloads.memberLeftChannel({ userId: IDS.member }));
    await event(w, w.fake.payloads.memberLeftChannel({ userId: IDS.botUser }));
    await w.logs.waitFor((l) => l.event === 'slack.channel_gone', 'channel gone');
    await w.adapter.idle();
    expect(w.logs.entries.filter((l) => l.event === 'slack.channel_gone')).toHaveLength(1);
    expect(await paused(w)).toEqual([[s.id, true]]);
    for (const type of ['channel_left', 'group_archive'] as const) {
      await event(w, w.fake.payloads.channelEvent({ type, channel: IDS.quizChannel }));
    }
    await w.logs.waitFor((l) => l.event === 'slack.channel_gone' && l.fields.reason === 'the private channel was archived', 'group archive');
  });

  it('app_uninstalled and tokens_revoked pause every schedule of the workspace', async () => {
    w = await startSlackWorld();
    const a = await addSchedule(w);
    w.fake.state.channel(IDS.otherChannel)!.members.push(IDS.botUser);
    const b = await addSchedule(w, IDS.otherChannel);
    // A revoked user token is not the bot's: nothing happens.
    await event(w, w.fake.payloads.tokensRevoked({ bot: [], oauth: [IDS.member] }));
    w.fake.state.tokensRevoked = true;
    await event(w, w.fake.payloads.appUninstalled());
    await w.logs.waitFor((l) => l.event === 'slack.channel_gone' && l.fields.channel === IDS.otherChannel, 'both channels');
    await w.adapter.idle();
    expect(await paused(w)).toEqual([
      [a.id, true],
      [b.id, true],
    ]);
    // Telling the creator failed (the token is dead), and that is logged, not thrown.
    expect(w.logs.entries.some((l) => l.event === 'schedule.pause_notice_failed')).toBe(true);
  });
});
