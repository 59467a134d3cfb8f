/** Recounting a workspace's totals in a new zone, in slices (SQLite): see migration 0016. */
import type { Database } from 'better-sqlite3';
import type { TotalsZone } from '../core/ports.ts';
import type { Scope } from '../core/types.ts';
import type { SyncStore } from './sync-port.ts';

/** A workspace's row as the recount reads it (both engines). */
export type RecountState = {
  tz: string;
  gen: number;
  next_tz: string | null;
  next_gen: number | null;
  next_drop: number | null;
  next_user: string | null;
  stale: number;
  gc_period: string | null;
  gc_user: string | null;
};

/** The generation a totals key belongs to: `week:<start>#3` is 3, `week:<start>` is 0; 'all' has none. */
export function genOfKey(period: string): number | undefined {
  if (period === 'all') return undefined;
  const m = /#(\d+)$/.exec(period);
  return m ? Number(m[1]) : 0;
}

/** Adds one answer's points to each key of `sums` (keyed period, user). */
export function addTo(sums: Map<string, [string, string, number, number, number]>, periods: string[], userId: string, points: number, correct: number) {
  for (const period of periods) {
    if (period === 'all') continue;
    const k = `${period}\u0000${userId}`;
    const t = sums.get(k) ?? [period, userId, 0, 0, 0];
    t[2] += points;
    t[3] += correct;
    t[4] += 1;
    sums.set(k, t);
  }
}

/**
 * A slice's time box (both engines): a slice works in chunks of SLICE_CHUNK answers (or old totals) and
 * starts no new chunk once SLICE_BUDGET_MS have passed since it began, so a slice's statements stay
 * near that budget even when the machine is slower than usual (a chunk of 50 takes 1-2 ms at ten
 * million answers). `limit` still bounds the work outright; the clock only ends a slice earlier.
 */
export const SLICE_BUDGET_MS = 4;
export const SLICE_CHUNK = 50;

/** An answer as the recount reads it (both engines). */
export type RecountRow = { drop_id: number; user_id: string; points: number; correct: number; answered_at: number };
type Part = Pick<SyncStore['workspaces'], 'totalsZone' | 'changeZone' | 'rebuildStep' | 'unfinished'>;

/** The recount part of the workspaces group. */
export function zoneRebuildQueries(db: Database, zoneOf: (s: Scope, fallback: string) => string, clock: () => number = () => performance.now()): Part {
  const state = db.prepare<[string, string], RecountState>('SELECT * FROM workspaces WHERE platform = ? AND workspace = ?');
  // The answer path's one read: the zone, and whether a recount has already passed this answer's key.
  const forAnswer = db.prepare<Record<string, unknown>, RecountState & { behind: number }>(`
    SELECT *, (next_tz IS NOT NULL AND (@dropId < next_drop OR (@dropId = next_drop AND @userId <= next_user))) AS behind
    FROM workspaces WHERE platform = @platform AND workspace = @workspace`);
  const start = db.prepare(`
    UPDATE workspaces SET next_tz = ?, next_gen = MAX(gen, COALESCE(next_gen, gen)) + 1, next_drop = -1, next_user = '', stale = 1
    WHERE platform = ? AND workspace = ?`);
  const cancel = db.prepare('UPDATE workspaces SET next_tz = NULL, next_drop = NULL, next_user = NULL WHERE platform = ? AND workspace = ?');
  // Read drop by drop through the answers' primary key (drop_id, user_id), so a slice costs its own rows
  // whatever the size of the table or of other workspaces.
  const dropsFrom = db.prepare<[string, string, number], { id: number }>('SELECT id FROM drops WHERE platform = ? AND workspace = ? AND id >= ? ORDER BY id LIMIT 100');
  const ofDrop = db.prepare<[number, string, number], RecountRow>('SELECT drop_id, user_id, points, correct, answered_at FROM answers WHERE drop_id = ? AND user_id > ? ORDER BY user_id LIMIT ?');
  /** Up to `limit` answers after the cursor, and the cursor after them (null: the end was reached). */
  function page(s: Scope, drop: number, user: string, limit: number): { rows: RecountRow[]; next: [number, string] | null } {
    const rows: RecountRow[] = [];
    let visited = 0;
    for (let from = drop; ; ) {
      const ids = dropsFrom.all(s.platform, s.workspace, from);
      if (!ids.length) return { rows, next: null };
      for (const { id } of ids) {
        const got = ofDrop.all(id, id === drop ? user : '', limit - rows.length);
        rows.push(...got);
        visited++;
        if (rows.length >= limit) return { rows, next: [id, rows.at(-1)!.user_id] };
        // A drop read to its end: the cursor moves past it (answers to it from now on are behind).
        if (visited >= limit) return { rows, next: [id + 1, ''] };
      }
      from = ids.at(-1)!.id + 1;
    }
  }
  const add = db.prepare(`
    INSERT INTO score_totals (platform, workspace, period, user_id, points, correct, answered) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (platform, workspace, period, user_id) DO UPDATE SET
      points = points + excluded.points, correct = correct + excluded.correct, answered = answered + excluded.answered`);
  const advance = db.prepare('UPDATE workspaces SET next_drop = ?, next_user = ? WHERE platform = ? AND workspace = ?');
  const swap = db.prepare(`
    UPDATE workspaces SET tz = next_tz, gen = next_gen, next_tz = NULL, next_drop = NULL, next_user = NULL, gc_period = '', gc_user = ''
    WHERE platform = ? AND workspace = ?`);
  const gcPage = db.prepare<[string, string, string, string, number], { period: string; user_id: string }>(`
    SELECT period, user_id FROM score_totals WHERE platform = ? AND workspace = ? AND (period, user_id) > (?, ?)
    ORDER BY period, user_id LIMIT ?`);
  const del = db.prepare('DELETE FROM score_totals WHERE platform = ? AND workspace = ? AND period = ? AND user_id = ?');
  const gcAdvance = db.prepare('UPDATE workspaces SET gc_period = ?, gc_user = ? WHERE platform = ? AND workspace = ?');
  const gcDone = db.prepare('UPDATE workspaces SET stale = 0, gc_period = NULL, gc_user = NULL WHERE platform = ? AND workspace = ?');
  const unfinished = db.prepare<[], Scope>('SELECT platform, workspace FROM workspaces WHERE next_tz IS NOT NULL OR stale = 1');

  function step(s: Scope, keysOf: (t: number, tz: string, gen: number) => string[], limit: number): 'more' | 'idle' {
    const began = clock();
    const st = state.get(s.platform, s.workspace);
    if (!st) return 'idle';
    if (st.next_tz !== null) {
      let cursor: [number, string] | null = [st.next_drop!, st.next_user!];
      // Chunk by chunk, each summed and written before the next is read; every chunk reads at most its
      // size in answers and drops, so the whole slice stays within `limit`.
      for (let done = 0; cursor && done < limit && (done === 0 || clock() - began < SLICE_BUDGET_MS); ) {
        const size = Math.min(SLICE_CHUNK, limit - done);
        const { rows, next } = page(s, cursor[0], cursor[1], size);
        const sums = new Map<string, [string, string, number, number, number]>();
        for (const a of rows) addTo(sums, keysOf(a.answered_at, st.next_tz, st.next_gen!), a.user_id, a.points, a.correct);
        for (const t of sums.values()) add.run(s.platform, s.workspace, ...t);
        done += size;
        cursor = next;
      }
      // The slice that finds the end makes the new totals live, in the same transaction: no answer
      // can be stored between its read and the switch.
      if (!cursor) swap.run(s.platform, s.workspace);
      else advance.run(cursor[0], cursor[1], s.platform, s.workspace);
      return 'more';
    }
    if (!st.stale) return 'idle';
    let after: [string, string] = [st.gc_period ?? '', st.gc_user ?? ''];
    for (let done = 0; done < limit && (done === 0 || clock() - began < SLICE_BUDGET_MS); ) {
      const size = Math.min(SLICE_CHUNK, limit - done);
      const rows = gcPage.all(s.platform, s.workspace, after[0], after[1], size);
      for (const r of rows) {
        const g = genOfKey(r.period);
        if (g !== undefined && g !== st.gen) del.run(s.platform, s.workspace, r.period, r.user_id);
      }
      if (rows.length < size) {
        gcDone.run(s.platform, s.workspace);
        return 'idle';
      }
      done += size;
      after = [rows.at(-1)!.period, rows.at(-1)!.user_id];
    }
    gcAdvance.run(after[0], after[1], s.platform, s.workspace);
    return 'more';
  }
  const inTx = <A extends unknown[], R>(fn: (...a: A) => R) => {
    const t = db.transaction(fn);
    return (...a: A): R => (db.inTransaction ? fn(...a) : t.immediate(...a));
  };

  const view = (st: RecountState, behind: boolean): TotalsZone => ({
    tz: st.tz,
    gen: st.gen,
    ...(st.next_tz !== null ? { next: { tz: st.next_tz, gen: st.next_gen!, behind } } : {}),
  });

  return {
    totalsZone(s, fallback, key) {
      let st = key ? forAnswer.get({ ...s, platform: s.platform, workspace: s.workspace, dropId: key.dropId, userId: key.userId }) : state.get(s.platform, s.workspace);
      if (!st) {
        zoneOf(s, fallback);
        st = key ? forAnswer.get({ platform: s.platform, workspace: s.workspace, dropId: key.dropId, userId: key.userId }) : state.get(s.platform, s.workspace);
      }
      return view(st!, Boolean((st as { behind?: number }).behind));
    },
    changeZone: inTx((s: Scope, tz: string) => {
      zoneOf(s, tz);
      const st = state.get(s.platform, s.workspace)!;
      if (st.next_tz === null ? st.tz === tz : st.next_tz === tz) return 'same' as const;
      if (st.tz === tz) {
        cancel.run(s.platform, s.workspace);
        return 'cancelled' as const;
      }
      start.run(tz, s.platform, s.workspace);
      return 'started' as const;
    }),
    rebuildStep: inTx(step),
    unfinished: () => unfinished.all(),
  };
}
