import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/commands/dispatch.ts';
import { ChannelGoneError, RecipientUnreachableError } from '../../src/core/errors.ts';
import type { Actor } from '../../src/core/types.ts';
import { makeWorld, T0, type World } from '../helpers/world.ts';

const HOUR = 3_600_000;
let w: World;
afterEach(() => w.cleanup());

const run = (line: string[], options: Record<string, string>, actor: Actor, now = T0) =>
  dispatch({ path: line, options }, { tutor: w.tutor, actor, channel: w.channel, now });
const textOf = (reply: { view: object }) => (reply.view as { text?: string }).text ?? "";

describe('a channel the bot can no longer use', () => {
  it('pauses its schedules at once on a certain error, and tells whoever made each schedule', async () => {
    w = makeWorld();
    const s = await w.tutor.addSchedule({ channel: w.channel, cron: '0 9 * * *', by: 'ada' }, T0);
    const elsewhere = await w.tutor.addSchedule({ channel: { ...w.channel, channel: 'C2' }, cron: '0 9 * * *', by: 'ada' }, T0);
    w.chat.port.postDrop = async () => {
      throw new ChannelGoneError('Unknown Channel', { immediate: true });
    };
    expect(await w.tutor.fireSchedule(s.id, T0 + HOUR, T0 + HOUR)).toBeNull();
    expect(w.store.schedules.get(s.id)!.paused).toBe(true);
    expect(w.store.schedules.get(elsewhere.id)!.paused).toBe(false);
    expect(w.chat.privates).toHaveLength(1);
    expect(w.chat.privates[0]).toMatchObject({ userId: 'ada' });
    expect(textOf({ view: w.chat.privates[0]!.view })).toMatch(/Schedule #1 .* is paused: Unknown Channel.*\/quiz schedule resume 1/);
    // Told once: a second report of the same channel changes nothing.
    expect(await w.tutor.channelGone(w.channel, 'archived', T0 + 2 * HOUR)).toEqual([]);
    expect(w.chat.privates).toHaveLength(1);
  });

  it('pauses after three failures in a row when the error may pass (not in channel)', async () => {
    w = makeWorld();
    const s = await w.tutor.addSchedule({ channel: w.channel, cron: '0 9 * * *', by: 'ada' }, T0);
    w.chat.port.postDrop = async () => {
      throw new ChannelGoneError('not_in_channel', { immediate: false });
    };
    for (const day of [1, 2]) {
      await w.tutor.fireSchedule(s.id, T0 + day * 24 * HOUR, T0 + day * 24 * HOUR);
      expect(w.store.schedules.get(s.id)!.paused).toBe(false);
    }
    await w.tutor.fireSchedule(s.id, T0 + 3 * 24 * HOUR, T0 + 3 * 24 * HOUR);
    expect(w.store.schedules.get(s.id)!.paused).toBe(true);
    expect(w.log.some((l) => l.event === 'schedule.paused_channel_gone')).toBe(true);
  });
});

describe('reactions turned off for a schedule', () => {
  it('drops say so, and a reaction is ignored while buttons and commands still answer', async () => {
    w = makeWorld();
    const reply = await run(['schedule', 'add'], { cron: '0 9 * * *', reactions: 'off' }, w.admin);
    expect(textOf(reply)).toMatch(/reactions do not count/);
    const drop = (await w.tutor.fireSchedule(1, T0 + HOUR, T0 + HOUR))!;
    expect(drop.reactions).toBe(false);
    expect(w.chat.posted[0]!.view.reactions).toBe(false);
    expect(await w.tutor.answerByMessage('test', drop.messageRef!, w.member('ann'), 'B', T0 + HOUR + 1)).toBeNull();
    expect((await w.tutor.answerDropId(w.channel, drop.id, w.member('ann'), 'B', 'button', T0 + HOUR + 2)).view).toMatchObject({ correct: true });

    expect(textOf(await run(['schedule', 'reactions'], { id: '1', state: 'on' }, w.admin))).toMatch(/reactions count as answers again/);
    const next = (await w.tutor.fireSchedule(1, T0 + 25 * HOUR, T0 + 25 * HOUR))!;
    expect(await w.tutor.answerByMessage('test', next.messageRef!, w.member('bo'), 'A', T0 + 25 * HOUR + 1)).not.toBeNull();
  });
});

describe('/quiz result', () => {
  it('shows your latest result again, or the one for question #N, and says when there is none', async () => {
    w = makeWorld();
    const ann = w.member('ann');
    expect(textOf(await run(['result'], {}, ann))).toMatch(/not answered a question here yet/);
    const first = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    await w.tutor.answerInChannel(w.channel, ann, 'C', 'command', T0 + 1);
    await w.tutor.postDrop({ channel: w.channel }, T0 + HOUR);
    await w.tutor.answerInChannel(w.channel, ann, 'A', 'command', T0 + HOUR + 1);
    const latest = await run(['result'], {}, ann);
    expect(latest.view).toMatchObject({ kind: 'feedback', dropId: first.id + 1, chosen: 'A' });
    const byId = await run(['result'], { question: `#${first.id}` }, ann);
    expect(byId.view).toMatchObject({ kind: 'feedback', dropId: first.id, chosen: 'C', correct: false });
    expect(textOf(await run(['result'], { question: '999' }, ann))).toMatch(/not known here/);
    expect(await w.tutor.recentResults(w.channel, 'ann', 5)).toHaveLength(2);
  });
});

describe('a daily reminder that cannot reach its person', () => {
  it('turns the reminder off and tells them once, with their next command', async () => {
    w = makeWorld();
    const ann = w.member('ann');
    await w.tutor.postDrop({ channel: w.channel }, T0);
    await w.tutor.answerInChannel(w.channel, ann, 'A', 'command', T0 + 1);
    await run(['review', 'daily'], { time: '08:00' }, ann);
    let attempts = 0;
    w.chat.port.sendPrivate = async () => {
      attempts += 1;
      throw new RecipientUnreachableError('Cannot send messages to this user');
    };
    const day = (n: number) => Date.UTC(2026, 10, 26 + n, 8, 1);
    await w.tutor.sendDueReminders(day(3));
    await w.tutor.sendDueReminders(day(4));
    expect(attempts).toBe(1);
    expect(w.store.reminders.get(w.channel, 'ann')!.atMinute).toBeNull();
    const next = await run(['leaderboard'], {}, ann, day(4));
    expect(next.notice).toMatch(/reminder could not reach you.*\/quiz review daily/);
    expect((await run(['leaderboard'], {}, ann, day(4))).notice).toBeUndefined();
  });
});
