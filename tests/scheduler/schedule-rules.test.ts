import { afterEach, describe, expect, it } from 'vitest';
import { makeWorld, T0, type World } from '../helpers/world.ts';

const worlds: World[] = [];
afterEach(() => worlds.splice(0).forEach((w) => w.cleanup()));

function world() {
  const w = makeWorld();
  worlds.push(w);
  return w;
}

describe('how often a schedule may post', () => {
  it.each(['*/10 * * * * *', '* * * * * *', '0,30 * * * * *', '0-5 0 9 * * *'])('refuses %s: more than once a minute, with a clear message', async (cron) => {
    const w = world();
    await expect(w.tutor.addSchedule({ channel: w.channel, cron, by: 'admin' }, T0)).rejects.toThrow(
      `"${cron}" would post more than once a minute (seconds field "${cron.split(' ')[0]}"), and Stepwise posts at most once a minute. Use 5 fields`,
    );
    expect(await w.tutor.listSchedules(w.channel)).toEqual([]);
  });

  it('accepts a 6-field cron with one fixed second, and every 5-field cron', async () => {
    const w = world();
    for (const cron of ['30 0 9 * * *', '0 * * * * *', '* * * * *']) {
      await w.tutor.addSchedule({ channel: w.channel, cron, by: 'admin' }, T0);
    }
    expect((await w.tutor.listSchedules(w.channel)).map((s) => s.cron)).toEqual(['30 0 9 * * *', '0 * * * * *', '* * * * *']);
  });

  it('still reports a syntax error first', async () => {
    const w = world();
    await expect(w.tutor.addSchedule({ channel: w.channel, cron: '*/10 61 * * * *', by: 'admin' }, T0)).rejects.toThrow(/is not a valid cron expression: 61 is an invalid expression for minute/);
  });
});
