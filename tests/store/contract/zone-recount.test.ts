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
  describe.skipIf(engine.skip)(`zone recount [${engine.title}]`, () => {
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

    it('a slice does bounded work however large the workspace: answers and drops read, totals written or deleted', async () => {
      const { store } = db();
      const sql = db().sql;
      const tutor = tutorOver(store);
      const other = { platform: 'test', workspace: 'W2' };
      // 15 drops in W1, each followed by one of W2 (so W2's drops sit between W1's ids); three of W1's
      // are answered by 9 people, the rest by nobody.
      const drops: Drop[] = [];
      for (let i = 0; i < 15; i++) {
        drops.push((await tutor.postDrop({ channel: { ...scope, channel: `C${i}` } }, SUNDAY - 3 * DAY + i * 60_000))!);
        await tutor.postDrop({ channel: { ...other, channel: `C${i}` } }, SUNDAY - 3 * DAY + i * 60_000);
      }
      for (const i of [0, 7, 14]) {
        for (let u = 0; u < 9; u++) {
          const reply = await tutor.answerInChannel({ ...scope, channel: `C${i}` }, { id: `u${u}`, name: `U${u}`, isAdmin: false }, drops[i]!.question!.answer, 'button', SUNDAY - 2 * DAY + u * 7 * HOUR + i);
          expect(reply.view.kind).toBe('feedback');
        }
      }
      const LIMIT = 4;
      const totals = async () =>
        new Map((await sql("SELECT period, user_id, points, correct, answered FROM score_totals WHERE platform = 'test' AND workspace = 'W1'")).map((r) => [`${r.period} ${r.user_id}`, `${r.points}/${r.correct}/${r.answered}`]));
      const cursor = async () => (await sql("SELECT next_tz, next_drop, next_user FROM workspaces WHERE platform = 'test' AND workspace = 'W1'"))[0]!;
      const answersIn = async (from: [number, string], to: [number, string] | undefined) =>
        Number(
          (
            await sql(
              `SELECT COUNT(*) AS n FROM answers WHERE platform = 'test' AND workspace = 'W1' AND (drop_id > ? OR (drop_id = ? AND user_id > ?))
               AND (? = 1 OR drop_id < ? OR (drop_id = ? AND user_id <= ?))`,
              [from[0], from[0], from[1], to ? 0 : 1, to?.[0] ?? 0, to?.[0] ?? 0, to?.[1] ?? ''],
            )
          )[0]!.n,
        );
      const dropsIn = async (from: number, to: number | undefined) =>
        Number((await sql("SELECT COUNT(*) AS n FROM drops WHERE platform = 'test' AND workspace = 'W1' AND id >= ? AND (? = 1 OR id < ?)", [from, to === undefined ? 1 : 0, to ?? 0]))[0]!.n);
      const changed = (a: Map<string, string>, b: Map<string, string>) => [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).length;

      expect(await store.workspaces.changeZone(scope, NEW_TZ)).toBe('started');
      let recountSteps = 0;
      let gcSteps = 0;
      let more = true;
      while (more) {
        const [before, at] = [await totals(), await cursor()];
        more = (await store.workspaces.rebuildStep(scope, periodsOf, LIMIT)) === 'more';
        const [after, next] = [await totals(), await cursor()];
        if (at.next_tz !== null) {
          recountSteps++;
          const to = next.next_tz === null ? undefined : ([Number(next.next_drop), String(next.next_user)] as [number, string]);
          // At most LIMIT answers read, LIMIT drops passed, and a week and a month total per answer.
          expect(await answersIn([Number(at.next_drop), String(at.next_user)], to)).toBeLessThanOrEqual(LIMIT);
          expect(await dropsIn(Number(at.next_drop), to?.[0])).toBeLessThanOrEqual(LIMIT + 1);
          expect(changed(before, after)).toBeLessThanOrEqual(2 * LIMIT);
        } else {
          gcSteps++;
          // At most LIMIT old totals looked at, so at most LIMIT deleted; nothing else changes.
          expect(changed(before, after)).toBeLessThanOrEqual(LIMIT);
          expect(after.size).toBeLessThanOrEqual(before.size);
        }
      }
      // 27 answers and 12 empty drops take several slices; the old generation's rows several more.
      expect(recountSteps).toBeGreaterThanOrEqual(27 / LIMIT);
      expect(gcSteps).toBeGreaterThan(2);
      expect(await store.workspaces.unfinished()).toEqual([]);

      // Paging the workspace's drops walks an index from the cursor, in order, instead of sorting them all.
      const pageOfDrops = 'SELECT id FROM drops WHERE platform = ? AND workspace = ? AND id >= ? ORDER BY id LIMIT 100';
      const gcPage = 'SELECT period, user_id FROM score_totals WHERE platform = ? AND workspace = ? AND (period, user_id) > (?, ?) ORDER BY period, user_id LIMIT 100';
      if (engine.name === 'sqlite') {
        const plan = async (q: string, p: unknown[]) => (await sql(`EXPLAIN QUERY PLAN ${q}`, p)).map((r) => String(r.detail)).join('\n');
        expect(await plan(pageOfDrops, ['test', 'W1', 0])).toMatch(/drops_scope \(platform=\? AND workspace=\? AND id>\?\)/);
        expect(await plan(pageOfDrops, ['test', 'W1', 0])).not.toMatch(/TEMP B-TREE|SCAN/);
        expect(await plan(gcPage, ['test', 'W1', '', ''])).not.toMatch(/TEMP B-TREE|SCAN/);
      } else {
        // Tables this small would be read whole; with sequential scans off the plan shows the index used.
        await sql('SET enable_seqscan = off');
        try {
          const plan = async (q: string, p: unknown[]) => (await sql(`EXPLAIN ${q}`, p)).map((r) => String(r['QUERY PLAN'])).join('\n');
          expect(await plan(pageOfDrops, ['test', 'W1', 0])).toMatch(/Index Only Scan using drops_scope/);
          expect(await plan(pageOfDrops, ['test', 'W1', 0])).not.toMatch(/Sort/);
          expect(await plan(gcPage, ['test', 'W1', '', ''])).not.toMatch(/Sort|Seq Scan/);
        } finally {
          await sql('RESET enable_seqscan');
        }
      }
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
