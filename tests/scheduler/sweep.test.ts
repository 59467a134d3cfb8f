import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createScheduler, type Scheduler } from '../../src/scheduler/index.ts';
import { makeWorld, T0, type World } from '../helpers/world.ts';

const MIN = 60_000;
const SWEEP = 15_000;
const worlds: World[] = [];
const schedulers: Scheduler[] = [];
const others: Database.Database[] = [];
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
  for (const db of others.splice(0)) db.close();
  for (const w of worlds.splice(0)) w.cleanup();
});

function world(opts: Parameters<typeof makeWorld>[0] = {}) {
  const w = makeWorld(opts);
  worlds.push(w);
  return w;
}

/** A scheduler on the world's tutor and log, with a clock the test moves. */
function scheduler(w: World, at: { now: number }) {
  const log = { debug: () => undefined, info: push('info'), warn: push('warn'), error: push('error') };
  function push(level: string) {
    return (event: string, fields: Record<string, unknown> = {}) => void w.log.push({ level, event, fields });
  }
  const s = createScheduler(w.tutor, { now: () => at.now }, log, ['test']);
  schedulers.push(s);
  return s;
}

const events = (w: World, name: string) => w.log.filter((l) => l.event === name).map((l) => l.fields);
const FAIL_UPDATES = "CREATE TRIGGER disk_full BEFORE UPDATE ON drops BEGIN SELECT RAISE(FAIL, 'disk full'); END";

describe('a sweep whose writes fail', () => {
  it('logs each failure once, retries after 1, 2, 4, 8 sweeps, keeps answering, and closes the drop once the fault is gone', async () => {
    const w = world();
    const drop = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    w.db.exec(FAIL_UPDATES);
    const at = { now: drop.closesAt + 1000 };
    const s = scheduler(w, at);
    await s.start(); // closing at start fails too, and start goes on

    const tries = () => events(w, 'scheduler.step_failed').filter((f) => f.step === 'close');
    const triedAt: number[] = [0];
    for (let sweep = 1; sweep <= 15; sweep++) {
      at.now += SWEEP;
      const before = tries().length;
      await s.sweep();
      if (tries().length > before) triedAt.push(sweep);
    }
    expect(triedAt).toEqual([0, 1, 3, 7, 15]);
    expect(tries().map((f) => [f.reason, f.failures, f.retryInSweeps])).toEqual([
      ['disk full', 1, 1],
      ['disk full', 2, 2],
      ['disk full', 3, 4],
      ['disk full', 4, 8],
      ['disk full', 5, 16],
    ]);
    expect(w.store.drops.get(drop.id)!.state).toBe('open');

    // The bot still answers what it can: a late answer is shown its result, unscored.
    const reply = await w.tutor.answerInChannel(w.channel, w.member('u1'), 'B', 'command', at.now);
    expect(JSON.stringify(reply)).toContain('This question has closed, so your answer was not scored');

    w.db.exec('DROP TRIGGER disk_full');
    for (let sweep = 0; sweep < 16 && w.store.drops.get(drop.id)!.state === 'open'; sweep++) {
      at.now += SWEEP;
      await s.sweep();
    }
    expect(w.store.drops.get(drop.id)!.state).toBe('closed');
    expect(w.chat.reveals.map((r) => r.drop.id)).toEqual([drop.id]);
    expect(events(w, 'scheduler.step_recovered')).toEqual([{ step: 'close', failures: 5 }]);
  });

  it('a failing step does not stop the others: reminders still go out while closing fails', async () => {
    const w = world();
    const drop = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    await w.tutor.answerInChannel(w.channel, w.member('u1'), 'A', 'command', T0 + 1000);
    await w.tutor.reviewDaily(w.channel, 'u1', '09:00');
    w.db.exec(FAIL_UPDATES);
    const at = { now: drop.closesAt + 30 * 86_400_000 }; // a month on: the card is due
    const s = scheduler(w, at);
    await s.start();
    at.now += SWEEP;
    await s.sweep();
    expect(w.store.drops.get(drop.id)!.state).toBe('open');
    expect(w.chat.privates.map((p) => p.userId)).toEqual(['u1']);
  });

  it('survives another connection holding the write lock past busy_timeout, and closes once it is released', async () => {
    const w = world();
    const drop = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    w.db.pragma('busy_timeout = 50'); // the real 5 s would only make this test slow
    const other = new Database(w.dbPath);
    others.push(other);
    other.exec('BEGIN IMMEDIATE');
    const at = { now: drop.closesAt + 1000 };
    const s = scheduler(w, at);
    await s.start();
    expect(events(w, 'scheduler.step_failed')).toEqual([{ step: 'close', reason: expect.stringMatching(/database is busy/), failures: 1, retryInSweeps: 1 }]);
    other.exec('COMMIT');
    at.now += SWEEP;
    await s.sweep();
    expect(w.store.drops.get(drop.id)!.state).toBe('closed');
  });

  it('retries a scheduled slot whose firing could not be stored, once the fault is gone', async () => {
    const w = world();
    const schedule = await w.tutor.addSchedule({ channel: w.channel, cron: '0 9 * * *', by: 'admin' }, T0 - 86_400_000);
    w.db.exec("CREATE TRIGGER disk_full BEFORE INSERT ON drops BEGIN SELECT RAISE(FAIL, 'disk full'); END");
    const at = { now: T0 - 30 * SWEEP };
    const s = scheduler(w, at);
    await s.start();
    at.now = T0;
    expect(await w.tutor.fireSchedule(schedule.id, T0, at.now)).toBeNull(); // what the 09:00 timer does
    expect(events(w, 'schedule.fire_failed')).toMatchObject([{ schedule: schedule.id, reason: 'disk full' }]);
    at.now += SWEEP;
    await s.sweep();
    expect(events(w, 'scheduler.step_failed')).toMatchObject([{ step: 'catch_up', reason: `schedule #${schedule.id}: disk full` }]);
    w.db.exec('DROP TRIGGER disk_full');
    at.now += SWEEP;
    await s.sweep();
    expect(w.store.drops.openIn(w.channel)).toMatchObject({ scheduleId: schedule.id, slot: T0 });
    expect(w.chat.posted).toHaveLength(1);
  });
});

describe('catching up while running', () => {
  it('a clock jump (a suspended VM) posts the missed slot at the next sweep, once', async () => {
    const w = world();
    const schedule = await w.tutor.addSchedule({ channel: w.channel, cron: '0 9 * * *', by: 'admin' }, T0 - 86_400_000);
    const at = { now: T0 - MIN };
    const s = scheduler(w, at);
    await s.start();
    expect(w.chat.posted).toHaveLength(0);
    at.now = T0 + 25 * MIN; // resumed at 09:25: the 09:00 timer never fired
    await s.sweep();
    at.now += SWEEP;
    await s.sweep();
    expect(w.chat.posted).toHaveLength(1);
    expect(w.store.drops.openIn(w.channel)).toMatchObject({ scheduleId: schedule.id, slot: T0 });
    expect(events(w, 'schedule.caught_up')).toMatchObject([{ schedule: schedule.id, slot: '2026-11-26T09:00:00.000Z', lateS: 25 * 60 }]);
  });

  it('leaves a slot to its own timer for a few seconds', async () => {
    const w = world();
    await w.tutor.addSchedule({ channel: w.channel, cron: '0 9 * * *', by: 'admin' }, T0 - 86_400_000);
    const at = { now: T0 - MIN };
    const s = scheduler(w, at);
    await s.start();
    at.now = T0; // the sweep and the 09:00 timer are due in the same second
    await s.sweep();
    expect(w.chat.posted).toHaveLength(0);
  });

  it('logs a slot too old to post once, not at every sweep', async () => {
    const w = world({ catchupMs: 30 * MIN });
    await w.tutor.addSchedule({ channel: w.channel, cron: '0 9 * * *', by: 'admin' }, T0 - 86_400_000);
    const at = { now: T0 - MIN };
    const s = scheduler(w, at);
    await s.start(); // yesterday's slot, missed while down, is too old as well
    expect(events(w, 'schedule.missed_slot_skipped').map((f) => f.slot)).toEqual(['2026-11-25T09:00:00.000Z']);
    at.now = T0 + 3 * 60 * MIN; // resumed three hours later
    for (let i = 0; i < 4; i++, at.now += SWEEP) await s.sweep();
    expect(w.chat.posted).toHaveLength(0);
    expect(events(w, 'schedule.missed_slot_skipped').map((f) => f.slot)).toEqual(['2026-11-25T09:00:00.000Z', '2026-11-26T09:00:00.000Z']);
  });

  it('does not post, on resume, the slots missed while a schedule was paused', async () => {
    const w = world();
    const schedule = await w.tutor.addSchedule({ channel: w.channel, cron: '0 9 * * *', by: 'admin' }, T0 - 86_400_000);
    const at = { now: T0 - MIN };
    const s = scheduler(w, at);
    await s.start();
    await w.tutor.setPaused(w.channel, schedule.id, true);
    at.now = T0 + 10 * MIN;
    await s.sweep();
    await w.tutor.setPaused(w.channel, schedule.id, false);
    for (let i = 0; i < 3; i++, at.now += SWEEP) await s.sweep();
    expect(w.chat.posted).toHaveLength(0);
  });
});

describe('the weekly summary in the sweep', () => {
  it('the sweep posts it on Monday 09:00 once, alongside closing due drops', async () => {
    const w = world();
    await w.tutor.setWeekly(w.channel, true, 'admin', T0);
    await w.tutor.postDrop({ channel: w.channel }, T0);
    await w.tutor.answerInChannel(w.channel, w.member('ann', 'Ann'), 'B', 'command', T0 + 1000);
    const monday = Date.UTC(2026, 10, 30, 9);
    const at = { now: monday + SWEEP };
    const s = scheduler(w, at);
    await s.sweep();
    at.now += SWEEP;
    await s.sweep();
    expect(w.chat.views.map((v) => v.view.kind)).toEqual(['leaderboard']);
    // The drop's window passed on the way: the close step ran in the same sweep.
    expect(w.chat.reveals).toHaveLength(1);
  });
});
