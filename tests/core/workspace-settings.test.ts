/** Workspace settings in the core: defaults from the environment, per workspace, validated before anything changes. */
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorld, T0, type World } from '../helpers/world.ts';

let w: World;
afterEach(() => w.cleanup());

const HOUR = 3_600_000;

describe('workspace settings', () => {
  it('a workspace that never chose follows the environment, and follows a changed environment too', async () => {
    w = makeWorld({ tz: 'Europe/Berlin', windowMs: 3 * HOUR });
    expect(await w.tutor.settingsOf(w.channel)).toEqual({
      tz: 'Europe/Berlin',
      windowMs: 3 * HOUR,
      reactions: true,
      adminGroup: null,
      defaults: { windowMs: true, reactions: true },
    });
    w.tutor.deps.settings.reactions = false;
    expect((await w.tutor.settingsOf(w.channel)).reactions).toBe(false);
  });

  it('two workspaces keep separate settings, and drops in each follow their own', async () => {
    w = makeWorld();
    const other = { platform: 'test', workspace: 'W2', channel: 'C9' };
    await w.tutor.changeSettings(w.channel, { window: '30m', reactions: 'off', admins: 'tutors' });
    await w.tutor.changeSettings(other, { window: '2d' });
    const here = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    const there = (await w.tutor.postDrop({ channel: other }, T0))!;
    expect([here.closesAt - T0, here.reactions]).toEqual([30 * 60_000, false]);
    expect([there.closesAt - T0, there.reactions]).toEqual([48 * HOUR, true]);
    expect(w.chat.posted.map((p) => p.view.reactions)).toEqual([false, true]);
    expect((await w.tutor.settingsOf(other)).adminGroup).toBeNull();
  });

  it('a schedule with reactions off keeps them off in a workspace with them on; the workspace off wins over a schedule on', async () => {
    w = makeWorld();
    expect((await w.tutor.postDrop({ channel: w.channel, reactions: false }, T0))!.reactions).toBe(false);
    await w.tutor.changeSettings(w.channel, { reactions: 'off' });
    expect((await w.tutor.postDrop({ channel: w.channel, reactions: true }, T0 + 1))!.reactions).toBe(false);
  });

  it('new schedules, review times and drop views use the workspace zone, not STEPWISE_TZ', async () => {
    w = makeWorld({ tz: 'UTC' });
    await w.tutor.changeSettings(w.channel, { tz: 'America/New_York' });
    const schedule = await w.tutor.addSchedule({ channel: w.channel, cron: '0 9 * * *', by: 'admin' }, T0);
    expect(schedule.tz).toBe('America/New_York');
    await w.tutor.postDrop({ channel: w.channel }, T0);
    expect(w.chat.posted[0]!.view.tz).toBe('America/New_York');
    expect((await w.tutor.stats(w.channel, 'ann', 'Ann', T0)).tz).toBe('America/New_York');
  });

  it('a bad value among good ones changes nothing, and says the allowed range', async () => {
    w = makeWorld();
    await expect(w.tutor.changeSettings(w.channel, { window: '2h', tz: 'Mars/Olympus' })).rejects.toThrow('"Mars/Olympus" is not a time zone.');
    await expect(w.tutor.changeSettings(w.channel, { tz: 'Asia/Tokyo', window: '0m' })).rejects.toThrow('A question can stay open between 1m and 30d; 0s is outside that.');
    await expect(w.tutor.changeSettings(w.channel, { reactions: 'off', admins: 'two words' })).rejects.toThrow('is not a role, user group or name.');
    await expect(w.tutor.changeSettings(w.channel, { window: '2h', reset: 'window' })).rejects.toThrow('Set window or reset it, not both at once.');
    expect(await w.tutor.settingsOf(w.channel)).toMatchObject({ tz: 'UTC', windowMs: 24 * HOUR, reactions: true, adminGroup: null });
  });

  it('reset puts a setting back to the environment default', async () => {
    w = makeWorld({ windowMs: 5 * HOUR });
    await w.tutor.changeSettings(w.channel, { window: '10m' });
    expect(await w.tutor.changeSettings(w.channel, { reset: 'window' })).toBe('The window setting follows the default again.');
    expect(await w.tutor.settingsOf(w.channel)).toMatchObject({ windowMs: 5 * HOUR, defaults: { windowMs: true } });
  });
});
