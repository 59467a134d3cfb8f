/**
 * The recount's time box (SQLite; PostgreSQL's step has the same loop): a slice starts no new chunk of
 * SLICE_CHUNK answers once SLICE_BUDGET_MS have passed, and `limit` bounds it whatever the clock says.
 * The clock is injected, so nothing here depends on how fast the machine is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFolderSource } from '../../src/content/folder.ts';
import { periodsOf } from '../../src/core/boards.ts';
import { PackRegistry } from '../../src/core/packs.ts';
import { createTutor } from '../../src/core/tutor.ts';
import { nodeCronCalendar } from '../../src/scheduler/calendar.ts';
import { openDatabase } from '../../src/store/index.ts';
import { createAsyncSqliteStore } from '../../src/store/sqlite-async.ts';
import { SLICE_BUDGET_MS, SLICE_CHUNK, zoneRebuildQueries } from '../../src/store/zone-rebuild.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 25, 12);
const scope = { platform: 'test', workspace: 'W1' };
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A database with one drop answered by `people` people, its zone change started. */
async function seeded(people: number) {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-slices-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'x.db'));
  const tutor = createTutor({
    store: createAsyncSqliteStore(db),
    packs: new PackRegistry(createFolderSource(join(import.meta.dirname, '..', '..', 'content'))),
    calendar: nodeCronCalendar,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    settings: { tz: 'UTC', windowMs: 30 * 24 * HOUR, catchupMs: HOUR, easyMs: 15_000 },
    chat: () => ({ platform: 'test', postDrop: async () => 'm1', postReveal: async () => {} }),
    defer: setImmediate,
  });
  tutor.reload();
  const channel = { ...scope, channel: 'C1' };
  const drop = (await tutor.postDrop({ channel }, T0))!;
  for (let i = 0; i < people; i++) await tutor.answerInChannel(channel, { id: `p${String(i).padStart(3, '0')}`, name: `P${i}`, isAdmin: false }, drop.question!.answer, 'button', T0 + 1000 + i);
  return db;
}

/** Runs the recount to the end with `clock`; returns how many slices read answers. */
function recountSlices(db: ReturnType<typeof openDatabase>, clock: () => number, limit: number, tz = 'Pacific/Kiritimati'): number {
  const q = zoneRebuildQueries(db, () => 'UTC', clock);
  expect(q.changeZone(scope, tz)).toBe('started');
  let slices = 0;
  while (q.totalsZone(scope, 'UTC').next) {
    q.rebuildStep(scope, periodsOf, limit);
    slices++;
  }
  while (q.rebuildStep(scope, periodsOf, limit) === 'more');
  return slices;
}

describe('zone recount time box', () => {
  const people = 3 * SLICE_CHUNK + 7;

  it('with time to spare, a slice reads up to its limit', async () => {
    const db = await seeded(people);
    expect(recountSlices(db, () => 0, 1000)).toBe(1);
    expect(recountSlices(db, () => 0, 2 * SLICE_CHUNK, 'Europe/Berlin')).toBe(2);
  });

  it('past the budget, a slice stops after its chunk: one chunk each, whatever the limit', async () => {
    const db = await seeded(people);
    let now = 0;
    // Every look at the clock finds the budget spent.
    const slow = () => (now += SLICE_BUDGET_MS);
    expect(recountSlices(db, slow, 1000)).toBe(Math.ceil(people / SLICE_CHUNK));
    // The totals are the same whichever way the slices fell.
    const rows = db.prepare("SELECT SUM(answered) AS n FROM score_totals WHERE platform = 'test' AND workspace = 'W1' AND period LIKE 'week:%'").get() as { n: number };
    expect(rows.n).toBe(people);
  });
});
