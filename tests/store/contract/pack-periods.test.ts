/**
 * Contract: per-pack totals keep 'all' and the live generation's week, without its `#<gen>`, so an answer
 * counted in two generations while a time-zone recount runs is counted once per pack (insights read
 * per-pack weeks in the zone in force, by plain keys).
 */
import { describe, expect, it } from 'vitest';
import { packPeriods } from '../../../src/store/pack-periods.ts';
import { ENGINES, useDatabase } from './engines.ts';
import { SCOPE, answer, openDrop } from './fixtures.ts';

describe('packPeriods', () => {
  it("keeps 'all' and the first generation's weeks, stripped; never months", () => {
    expect(packPeriods(['all', 'week:100', 'month:100', 'week:90#1', 'month:90#1'])).toEqual(['all', 'week:100']);
    expect(packPeriods(['all', 'week:100#1', 'month:100#1', 'week:90#2', 'month:90#2'])).toEqual(['all', 'week:100']);
    expect(packPeriods(['all'])).toEqual(['all']);
  });
});

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`per-pack periods of an answer [${engine.title}]`, () => {
    const db = useDatabase(engine);

    it('an answer behind a recount adds to both generations of the totals, and once to its pack', async () => {
      const { store } = db();
      const drop = await openDrop(store);
      await store.answers.insert(answer(drop, 'ann', { correct: true, points: 3 }), ['all', 'week:100#1', 'month:100#1', 'week:90#2', 'month:90#2']);
      const packs = await db().sql('SELECT period, correct, answered FROM pack_totals WHERE platform = ? AND workspace = ? ORDER BY period', [SCOPE.platform, SCOPE.workspace]);
      expect(packs.map((r) => [r.period, Number(r.correct), Number(r.answered)])).toEqual([
        ['all', 1, 1],
        ['week:100', 1, 1],
      ]);
      const totals = await db().sql("SELECT period FROM score_totals WHERE user_id = 'ann' ORDER BY period");
      expect(totals.map((r) => r.period)).toEqual(['all', 'month:100#1', 'month:90#2', 'week:100#1', 'week:90#2']);
    });
  });
}
