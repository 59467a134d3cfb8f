/** Queries on `drops` (PostgreSQL): a slot is claimed once, a channel has one live drop, a drop closes once. */
import type { ClaimResult, NewDrop } from '../../core/ports.ts';
import type { ChannelRef, DropState } from '../../core/types.ts';
import type { StoreQueries } from '../async-port.ts';
import type { Db } from './db.ts';
import { type DropRow, toDrop } from '../rows.ts';

const IN_CHANNEL = 'platform = $1 AND workspace = $2 AND channel = $3';
// No ON CONFLICT: a unique violation (another instance's claim committed between our checks and this
// insert) aborts the claim's transaction, so the previous drop it closed is not left closed.
const INSERT = `
  INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, schedule_id, slot,
                     state, opened_at, closes_at, created_by, reactions, question)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'posting', $9, $10, $11, $12, $13)
  RETURNING *`;
// 'posting' closes too: a drop whose process died mid-post may have reached the channel and been answered.
// The UPDATE waits for answers still being committed (they hold a share lock on the drop row).
const CLOSE = `UPDATE drops SET state = 'closed', closed_at = $1 WHERE id = $2 AND state IN ('open', 'posting') RETURNING platform, workspace`;
// A separate statement, so its snapshot includes the answers the close waited for:
// - closed_at never precedes an answer the drop accepted (one stamped after the closing time but stored
//   before the close took the row was on time);
// - a drop that closes without your right answer ends your streak (a wrong answer already did).
const AFTER_CLOSE = `
  WITH settle AS (
    UPDATE drops SET closed_at = GREATEST(closed_at, (SELECT MAX(answered_at) FROM answers WHERE drop_id = $3)) WHERE id = $3)
  UPDATE streaks SET current = 0
  WHERE platform = $1 AND workspace = $2 AND current > 0
    AND user_id NOT IN (SELECT user_id FROM answers WHERE drop_id = $3 AND correct = 1)`;

/** How often each question was dropped in a channel: kept by triggers on drops (migration 10), one row per question, not per drop. */
export const USAGE = `SELECT question_id, n FROM channel_usage WHERE ${IN_CHANNEL} AND n > 0 ORDER BY question_id`;

/** PostgreSQL's unique_violation, with the index that refused the row. */
const uniqueViolation = (e: unknown): string | undefined =>
  (e as { code?: string }).code === '23505' ? ((e as { constraint?: string }).constraint ?? '') : undefined;

/** Moves an open or posting drop to closed on `tx` (inside a transaction); false if it was neither. */
async function closeIn(tx: Db, id: number, at: number): Promise<boolean> {
  const d = (await tx.query<{ platform: string; workspace: string }>('drops.close', CLOSE, [at, id])).rows[0];
  if (!d) return false;
  await tx.query('drops.afterClose', AFTER_CLOSE, [d.platform, d.workspace, id]);
  return true;
}

/** The drops part of the Store port. */
export function dropQueries(db: Db): StoreQueries['drops'] {
  const rows = async (q: Db, name: string, text: string, values: unknown[]) => (await q.query<DropRow>(name, text, values)).rows.map(toDrop);
  const first = async (q: Db, name: string, text: string, values: unknown[]) => (await rows(q, name, text, values))[0];
  const channel = (c: ChannelRef) => [c.platform, c.workspace, c.channel];
  const bySlot = (q: Db, id: number, slot: number) => first(q, 'drops.bySlot', 'SELECT * FROM drops WHERE schedule_id = $1 AND slot = $2', [id, slot]);
  const liveIn = (q: Db, c: ChannelRef) => first(q, 'drops.liveIn', `SELECT * FROM drops WHERE ${IN_CHANNEL} AND state IN ('posting', 'open')`, channel(c));

  /** The checks, the close of the channel's open drop and the insert, on the claim's transaction. */
  async function claimIn(tx: Db, d: NewDrop): Promise<ClaimResult> {
    if (d.scheduleId !== null && d.slot !== null && (await bySlot(tx, d.scheduleId, d.slot))) return { kind: 'slot_taken' };
    const live = await liveIn(tx, d);
    if (live?.state === 'posting') return { kind: 'busy', posting: live };
    // False only when another connection closed it since the read above: it reveals it, not this claim.
    const closed = live ? await closeIn(tx, live.id, d.openedAt) : false;
    const values = [...channel(d), d.packId, d.questionId, d.difficulty, d.scheduleId, d.slot, d.openedAt, d.closesAt, d.createdBy, d.reactions ? 1 : 0, JSON.stringify(d.question)];
    const drop = (await first(tx, 'drops.insert', INSERT, values))!;
    const previous = closed ? await first(tx, 'drops.get', 'SELECT * FROM drops WHERE id = $1', [live!.id]) : undefined;
    return { kind: 'claimed', drop, previous };
  }

  /**
   * After a unique violation: what another instance's committed claim means for this one. A taken slot
   * wins over a busy channel, as in the checks. Undefined when the conflicting drop is gone already.
   */
  async function afterConflict(d: NewDrop, index: string): Promise<ClaimResult | undefined> {
    if (index === 'drops_schedule_slot' || (d.scheduleId !== null && d.slot !== null && (await bySlot(db, d.scheduleId, d.slot)))) {
      return { kind: 'slot_taken' };
    }
    const live = await liveIn(db, d);
    return live ? { kind: 'busy', posting: live } : undefined;
  }

  return {
    async claim(d) {
      // The transaction makes the close of the previous drop and the insert one step; the unique indexes
      // decide between instances claiming at once (the second insert waits for the first to commit).
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.atomic((tx) => claimIn(tx, d));
        } catch (error) {
          const index = uniqueViolation(error);
          // Inside a caller's transaction the violation aborted it: nothing more can be read there.
          if (index === undefined || db.inTransaction) throw error;
          const outcome = await afterConflict(d, index);
          if (outcome) return outcome;
          if (attempt === 3) throw error;
        }
      }
    },
    postingBefore: (before) => rows(db, 'drops.postingBefore', `SELECT * FROM drops WHERE state = 'posting' AND opened_at < $1 ORDER BY id`, [before]),
    recentStates: async (id, n) =>
      (await db.query<{ state: DropState }>('drops.recentStates', 'SELECT state FROM drops WHERE schedule_id = $1 ORDER BY id DESC LIMIT $2', [id, n])).rows.map(
        (r) => r.state,
      ),
    async markOpen(id, ref) {
      await db.query('drops.markOpen', `UPDATE drops SET state = 'open', message_ref = $1 WHERE id = $2 AND state = 'posting'`, [ref, id]);
    },
    async markFailed(id, reason) {
      await db.query('drops.markFailed', `UPDATE drops SET state = 'failed', failure = $1 WHERE id = $2 AND state = 'posting'`, [reason, id]);
    },
    close: (id, at) => db.atomic((tx) => closeIn(tx, id, at)),
    get: (id) => first(db, 'drops.get', 'SELECT * FROM drops WHERE id = $1', [id]),
    byMessage: (platform, ref) => first(db, 'drops.byMessage', 'SELECT * FROM drops WHERE platform = $1 AND message_ref = $2', [platform, ref]),
    openIn: (c) => first(db, 'drops.openIn', `SELECT * FROM drops WHERE ${IN_CHANNEL} AND state = 'open' ORDER BY id DESC LIMIT 1`, channel(c)),
    latestIn: (c) =>
      first(db, 'drops.latestIn', `SELECT * FROM drops WHERE ${IN_CHANNEL} AND state IN ('open', 'closed') ORDER BY id DESC LIMIT 1`, channel(c)),
    dueToClose: (now) => rows(db, 'drops.dueToClose', `SELECT * FROM drops WHERE state = 'open' AND closes_at <= $1 ORDER BY closes_at, id`, [now]),
    bySlot: (id, slot) => bySlot(db, id, slot),
    async usage(c) {
      const { rows: r } = await db.query<{ question_id: string; n: number }>(
        'drops.usage',
        USAGE,
        channel(c),
      );
      return new Map(r.map((x) => [x.question_id, x.n]));
    },
  };
}
