/** Recounting a workspace's totals in a new zone, in slices (PostgreSQL): as src/store/zone-rebuild.ts. */
import type { TotalsZone } from '../../core/ports.ts';
import type { Scope } from '../../core/types.ts';
import type { StoreQueries } from '../async-port.ts';
import { addTo, genOfKey, SLICE_BUDGET_MS, SLICE_CHUNK, type RecountRow, type RecountState } from '../zone-rebuild.ts';
import type { Db } from './db.ts';

type State = RecountState & { behind?: boolean };
type Row = RecountRow;
type Part = Pick<StoreQueries['workspaces'], 'totalsZone' | 'changeZone' | 'rebuildStep' | 'unfinished'>;

/**
 * An answer's transaction reads the workspace row FOR KEY SHARE; a slice and a zone change lock it FOR
 * UPDATE, which waits for those transactions and holds new ones back until it commits. So a slice
 * never reads past an answer whose transaction decided it was still ahead of the slices.
 */
export function zoneRebuildQueries(db: Db, zoneOf: (q: Db, s: Scope, fallback: string) => Promise<string>, clock: () => number = () => performance.now()): Part {
  const where = 'WHERE platform = $1 AND workspace = $2';
  const lockState = async (q: Db, s: Scope) =>
    (await q.query<State>('workspaces.lockState', `SELECT * FROM workspaces ${where} FOR UPDATE`, [s.platform, s.workspace])).rows[0];
  const view = (st: State): TotalsZone => ({
    tz: st.tz,
    gen: st.gen,
    ...(st.next_tz !== null ? { next: { tz: st.next_tz, gen: st.next_gen!, behind: Boolean(st.behind) } } : {}),
  });

  async function read(q: Db, s: Scope, key?: { dropId: number; userId: string }) {
    if (!key) return (await q.query<State>('workspaces.state', `SELECT * FROM workspaces ${where}`, [s.platform, s.workspace])).rows[0];
    const r = await q.query<State>(
      'workspaces.forAnswer',
      `SELECT *, (next_tz IS NOT NULL AND ($3 < next_drop OR ($3 = next_drop AND $4 <= next_user))) AS behind
       FROM workspaces ${where} FOR KEY SHARE`,
      [s.platform, s.workspace, key.dropId, key.userId],
    );
    return r.rows[0];
  }

  /** Up to `limit` answers after the cursor, drop by drop through the primary key; `next` null at the end. */
  async function page(q: Db, s: Scope, drop: number, user: string, limit: number): Promise<{ rows: Row[]; next: [number, string] | null }> {
    const rows: Row[] = [];
    let visited = 0;
    for (let from = drop; ; ) {
      const ids = (await q.query<{ id: number }>('workspaces.rebuildDrops', `SELECT id FROM drops ${where} AND id >= $3 ORDER BY id LIMIT 100`, [s.platform, s.workspace, from])).rows.map((r) => Number(r.id));
      if (!ids.length) return { rows, next: null };
      for (const id of ids) {
        const got = await q.query<Row>(
          'workspaces.rebuildAnswers',
          'SELECT drop_id, user_id, points, correct, answered_at FROM answers WHERE drop_id = $1 AND user_id > $2 ORDER BY user_id LIMIT $3',
          [id, id === drop ? user : '', limit - rows.length],
        );
        rows.push(...got.rows);
        visited++;
        if (rows.length >= limit) return { rows, next: [id, rows.at(-1)!.user_id] };
        if (visited >= limit) return { rows, next: [id + 1, ''] };
      }
      from = ids.at(-1)! + 1;
    }
  }

  /** Adds one chunk's answers to the new generation's totals, in one statement. */
  async function addChunk(q: Db, s: Scope, rows: Row[], st: State, keysOf: (t: number, tz: string, gen: number) => string[]) {
    const sums = new Map<string, [string, string, number, number, number]>();
    for (const a of rows) addTo(sums, keysOf(Number(a.answered_at), st.next_tz!, st.next_gen!), a.user_id, a.points, a.correct);
    if (!sums.size) return;
    const all = [...sums.values()];
    await q.query(
      'workspaces.rebuildAdd',
      `INSERT INTO score_totals (platform, workspace, period, user_id, points, correct, answered)
       SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::int[], $6::int[], $7::int[])
       ON CONFLICT (platform, workspace, period, user_id) DO UPDATE SET points = score_totals.points + excluded.points,
         correct = score_totals.correct + excluded.correct, answered = score_totals.answered + excluded.answered`,
      [s.platform, s.workspace, ...[0, 1, 2, 3, 4].map((c) => all.map((t) => t[c]))],
    );
  }

  /** As SQLite's step: chunks of SLICE_CHUNK until `limit` or SLICE_BUDGET_MS (here wall time, mostly the server's). */
  async function step(q: Db, s: Scope, keysOf: (t: number, tz: string, gen: number) => string[], limit: number): Promise<'more' | 'idle'> {
    const began = clock();
    const st = await lockState(q, s);
    if (!st) return 'idle';
    if (st.next_tz !== null) {
      let cursor: [number, string] | null = [Number(st.next_drop), st.next_user!];
      for (let done = 0; cursor && done < limit && (done === 0 || clock() - began < SLICE_BUDGET_MS); ) {
        const size = Math.min(SLICE_CHUNK, limit - done);
        const { rows, next } = await page(q, s, cursor[0], cursor[1], size);
        await addChunk(q, s, rows, st, keysOf);
        done += size;
        cursor = next;
      }
      if (!cursor) {
        // The slice that finds the end makes the new totals live, in its transaction.
        await q.query(
          'workspaces.rebuildSwap',
          `UPDATE workspaces SET tz = next_tz, gen = next_gen, next_tz = NULL, next_drop = NULL, next_user = NULL, gc_period = '', gc_user = '' ${where}`,
          [s.platform, s.workspace],
        );
      } else {
        await q.query('workspaces.rebuildAdvance', `UPDATE workspaces SET next_drop = $3, next_user = $4 ${where}`, [s.platform, s.workspace, ...cursor]);
      }
      return 'more';
    }
    if (!st.stale) return 'idle';
    let after: [string, string] = [st.gc_period ?? '', st.gc_user ?? ''];
    for (let done = 0; done < limit && (done === 0 || clock() - began < SLICE_BUDGET_MS); ) {
      const size = Math.min(SLICE_CHUNK, limit - done);
      const { rows } = await q.query<{ period: string; user_id: string }>(
        'workspaces.gcPage',
        `SELECT period, user_id FROM score_totals WHERE platform = $1 AND workspace = $2 AND (period, user_id) > ($3, $4)
         ORDER BY period, user_id LIMIT $5`,
        [s.platform, s.workspace, ...after, size],
      );
      const old = rows.filter((r) => {
        const g = genOfKey(r.period);
        return g !== undefined && g !== st.gen;
      });
      if (old.length) {
        await q.query(
          'workspaces.gcDelete',
          `DELETE FROM score_totals t USING unnest($3::text[], $4::text[]) AS o (period, user_id)
           WHERE t.platform = $1 AND t.workspace = $2 AND t.period = o.period AND t.user_id = o.user_id`,
          [s.platform, s.workspace, old.map((r) => r.period), old.map((r) => r.user_id)],
        );
      }
      if (rows.length < size) {
        await q.query('workspaces.gcDone', `UPDATE workspaces SET stale = 0, gc_period = NULL, gc_user = NULL ${where}`, [s.platform, s.workspace]);
        return 'idle';
      }
      done += size;
      after = [rows.at(-1)!.period, rows.at(-1)!.user_id];
    }
    await q.query('workspaces.gcAdvance', `UPDATE workspaces SET gc_period = $3, gc_user = $4 ${where}`, [s.platform, s.workspace, ...after]);
    return 'more';
  }

  return {
    async totalsZone(s, fallback, key) {
      let st = await read(db, s, key);
      if (!st) {
        await zoneOf(db, s, fallback);
        st = await read(db, s, key);
      }
      return view(st!);
    },
    changeZone: (s, tz) =>
      db.atomic(async (q) => {
        await zoneOf(q, s, tz);
        const st = (await lockState(q, s))!;
        if (st.next_tz === null ? st.tz === tz : st.next_tz === tz) return 'same' as const;
        if (st.tz === tz) {
          await q.query('workspaces.cancelRebuild', `UPDATE workspaces SET next_tz = NULL, next_drop = NULL, next_user = NULL ${where}`, [s.platform, s.workspace]);
          return 'cancelled' as const;
        }
        await q.query(
          'workspaces.startRebuild',
          `UPDATE workspaces SET next_tz = $3, next_gen = GREATEST(gen, COALESCE(next_gen, gen)) + 1, next_drop = -1, next_user = '', stale = 1 ${where}`,
          [s.platform, s.workspace, tz],
        );
        return 'started' as const;
      }),
    rebuildStep: (s, keysOf, limit) => db.atomic((q) => step(q, s, keysOf, limit)),
    unfinished: async () =>
      (await db.query<Scope>('workspaces.unfinished', 'SELECT platform, workspace FROM workspaces WHERE next_tz IS NOT NULL OR stale = 1')).rows,
  };
}
