/** The recount's period keys, cached per quarter hour, are exactly periodsOf's for every answer time. */
import { describe, expect, it } from 'vitest';
import { periodsOf } from '../../src/core/boards.ts';
import { quarterHourKeys } from '../../src/core/zones.ts';

describe('quarterHourKeys', () => {
  it('gives periodsOf for every time, across month ends, DST jumps and offsets that are not whole hours', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Pacific/Kiritimati'];
    const starts = [Date.UTC(2026, 2, 27), Date.UTC(2026, 9, 30), Date.UTC(2026, 3, 3), Date.UTC(2026, 11, 31)];
    for (const tz of zones) {
      const keys = quarterHourKeys();
      for (const start of starts) {
        // Every 7 minutes and 13 seconds over three days, so times fall all over the quarter hours.
        for (let t = start; t < start + 3 * 86_400_000; t += 433_000) {
          for (const gen of [0, 2]) expect(keys(t, tz, gen)).toEqual(periodsOf(t, tz, gen));
        }
      }
    }
  });

  it('computes the keys of a quarter hour once, and falls back to each time when a boundary lies inside it', () => {
    let calls = 0;
    // A made-up zone whose weeks start at an odd minute: the quarter hour holding it is never cached.
    const odd = Date.UTC(2026, 10, 30, 0, 7);
    const fake = (t: number) => (calls++, [t < odd ? 'week:a' : 'week:b']);
    const keys = quarterHourKeys(fake);
    for (let i = 0; i < 10; i++) expect(keys(Date.UTC(2026, 10, 29, 23, 0) + i * 60_000, 'X', 0)).toEqual(['week:a']);
    expect(calls).toBe(2);
    calls = 0;
    expect(keys(odd - 1, 'X', 0)).toEqual(['week:a']);
    expect(keys(odd, 'X', 0)).toEqual(['week:b']);
    expect(keys(odd + 60_000, 'X', 0)).toEqual(['week:b']);
    // Two probes and one exact computation per call, as the quarter hour is never cached.
    expect(calls).toBe(9);
  });
});
