/**
 * Contract: a time-zone change recounts week and month totals in slices, while answers keep arriving;
 * once the last slice switches over, every answer is counted once in the new zone's periods.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFolderSource } from '../../../src/content/folder.ts';
import { periodKey, periodsOf } from '../../../src/core/boards.ts';
import { PackRegistry } from '../../../src/core/packs.ts';
import type { Store } from '../../../src/core/ports.ts';
import { createTutor } from '../../../src/core/tutor.ts';
import type { Drop } from '../../../src/core/types.ts';
import { nodeCronCalendar } from '../../../src/scheduler/calendar.ts';
import { ENGINES, useDatabase } from './engines.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Sunday 2026-11-29 12:00 UTC: already Monday in Kiritimati (UTC+14), so the weeks differ by zone.
const SUNDAY = Date.UTC(2026, 10, 29, 12);
const NEW_TZ = 'Pacific/Kiritimati';
const scope = { platform: 'test', workspace: 'W1' };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function tutorOver(store: Store) {
  const tutor = createTutor({
    store,
    packs: new PackRegistry(createFolderSource(join(import.meta.dirname, '..', '..', '..', 'content'))),
    calendar: nodeCronCalendar,
    log: quiet,
    settings: { tz: 'UTC', windowMs: 60 * DAY, catchupMs: HOUR, easyMs: 15_000 },
    chat: () => ({ platform: 'test', postDrop: async () => `m${Math.random()}`, postReveal: async () => {} }),
    defer: setImmediate,
  });
  tutor.reload();
  return tutor;
}

/** Sums per (key, user) of every stored answer of `drops`, with the keys `keysOf` gives. */
async function expected(store: Store, drops: Drop[], keysOf: (t: number) => string[]) {
  const sums = new Map<string, number[]>();
  for (const d of drops) {
    for (const a of await store.answers.forDrop(d.id)) {
      for (const k of keysOf(a.answeredAt)) {
        const t = sums.get(`${k} ${a.userId}`) ?? [0, 0, 0];
        sums.set(`${k} ${a.userId}`, [t[0]! + a.points, t[1]! + (a.correct ? 1 : 0), t[2]! + 1]);
      }
    }
  }
  return sums;
}

/** What the store holds for those keys, in the same shape. */
async function stored(store: Store, keys: string[]) {
  const sums = new Map<string, number[]>();
  for (const k of keys) for (const t of await store.boards.top(scope, k, 1000)) sums.set(`${k} ${t.userId}`, [t.points, t.correct, t.answered]);
  return sums;
}

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`zone recount [${engine.name}]`, () => {
    const db = useDatabase(engine);

    it('counts every answer once in the new zone, whether it arrived before, during or after the slices reached it', async () => {
      const { store } = db();
      const tutor = tutorOver(store);
      const channels = ['C1', 'C2', 'C3'].map((channel) => ({ ...scope, channel }));
      const drops: Drop[] = [];
      let user = 0;
      let t = SUNDAY - 2 * DAY;
      const answerSome = async (n: number) => {
        for (let i = 0; i < n; i++) {
          const d = drops[(user * 7) % drops.length]!;
          const channel = channels.find((c) => c.channel === d.channel)!;
          const letter = (user % 3 === 0 ? 'ABCD'[(user / 3) % 4] : d.question?.answer) ?? 'A';
          const reply = await tutor.answerInChannel(channel, { id: `u${String(user).padStart(3, '0')}`, name: `U${user}`, isAdmin: false }, letter, 'command', (t += 97 * 60_000));
          expect(reply.view.kind).toBe('feedback');
          user++;
        }
      };
      for (const c of channels) drops.push((await tutor.postDrop({ channel: c }, t))!);
      await answerSome(12);

      expect(await store.workspaces.changeZone(scope, NEW_TZ)).toBe('started');
      expect(await store.workspaces.changeZone(scope, NEW_TZ)).toBe('same');
      // The boards still show UTC weeks meanwhile, and say a recount is under way.
      const during = await tutor.leaderboard(scope, 'week', 'u000', SUNDAY);
      expect(during.label).toContain(`being recounted for ${NEW_TZ}`);
      expect(during.label).toContain('UTC');

      // Slices of 3 answers, with answers to all three drops arriving between them: some land behind
      // the slices (drops already read past), some ahead of them.
      let steps = 0;
      while ((await store.workspaces.totalsZone(scope, 'UTC')).next) {
        await store.workspaces.rebuildStep(scope, periodsOf, 3);
        await answerSome(2);
        steps++;
      }
      expect(steps).toBeGreaterThan(5);
      await answerSome(4);
      const zone = await store.workspaces.totalsZone(scope, 'UTC');
      expect(zone).toEqual({ tz: NEW_TZ, gen: 1 });
      const all = await expected(store, drops, (at) => periodsOf(at, NEW_TZ, 1));
      const keys = [...new Set([...all.keys()].map((k) => k.split(' ')[0]!))];
      expect(keys.length).toBeGreaterThan(3);
      expect(await stored(store, keys)).toEqual(all);

      // The old generation's week and month rows are deleted in slices too; 'all' stays as it was.
      while ((await store.workspaces.rebuildStep(scope, periodsOf, 4)) === 'more');
      const left = await db().sql("SELECT period FROM score_totals WHERE platform = 'test' AND workspace = 'W1' AND period <> 'all'");
      expect(left.length).toBeGreaterThan(0);
      expect(left.every((r) => String(r.period).endsWith('#1'))).toBe(true);
      expect(await store.workspaces.unfinished()).toEqual([]);

      const board = await tutor.leaderboard(scope, 'week', 'u000', SUNDAY);
      expect(board.label).not.toContain('recounted');
      expect(board.label).toContain(NEW_TZ);
      const week = periodKey('week', SUNDAY, NEW_TZ, 1);
      expect(board.players).toBe([...all.keys()].filter((k) => k.startsWith(`${week} `)).length);
    });

    it('setZone returns at once and the recount runs in the background; a change back cancels it', async () => {
      const { store } = db();
      const tutor = tutorOver(store);
      const channel = { ...scope, channel: 'C1' };
      const drop = (await tutor.postDrop({ channel }, SUNDAY - DAY))!;
      for (let i = 0; i < 30; i++) {
        await tutor.answerInChannel(channel, { id: `p${i}`, name: `P${i}`, isAdmin: false }, drop.question!.answer, 'button', SUNDAY - DAY + i * HOUR);
      }
      expect(await tutor.setZone(scope, NEW_TZ)).toMatch(/recounted in the background/);
      await tutor.recounted(scope);
      expect(await store.workspaces.unfinished()).toEqual([]);
      expect(await tutor.zoneOf(scope)).toBe(NEW_TZ);
      const all = await expected(store, [drop], (at) => periodsOf(at, NEW_TZ, 1));
      const keys = [...new Set([...all.keys()].map((k) => k.split(' ')[0]!))];
      expect(await stored(store, keys)).toEqual(all);

      // Started, then changed back before a slice ran: cancelled, the zone and totals stay.
      expect(await store.workspaces.changeZone(scope, 'UTC')).toBe('started');
      expect(await tutor.setZone(scope, NEW_TZ)).toMatch(/keep following/);
      await tutor.resumeRecounts();
      expect(await store.workspaces.totalsZone(scope, 'UTC')).toEqual({ tz: NEW_TZ, gen: 1 });
      expect(await stored(store, keys)).toEqual(all);
      expect(await tutor.setZone(scope, NEW_TZ)).toMatch(/already follow/);
    });
  });
}
