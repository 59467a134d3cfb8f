/** Queries on `drops` (PostgreSQL): a schedule slot is claimed once, a drop is closed once. */
import type { ChannelRef, Difficulty, Drop, DropState } from '../../core/types.ts';
import type { StoreQueries } from '../async-port.ts';
import type { Db } from './db.ts';

interface DropRow {
  id: number;
  platform: string;
  workspace: string;
  channel: string;
  pack_id: string;
  question_id: string;
  difficulty: Difficulty;
  schedule_id: number | null;
  slot: number | null;
  state: DropState;
  message_ref: string | null;
  failure: string | null;
  opened_at: number;
  closes_at: number;
  closed_at: number | null;
  created_by: string | null;
}

function toDrop(r: DropRow): Drop {
  return {
    id: r.id,
    platform: r.platform,
    workspace: r.workspace,
    channel: r.channel,
    packId: r.pack_id,
    questionId: r.question_id,
    difficulty: r.difficulty,
    scheduleId: r.schedule_id,
    slot: r.slot,
    state: r.state,
    messageRef: r.message_ref,
    failure: r.failure,
    openedAt: r.opened_at,
    closesAt: r.closes_at,
    closedAt: r.closed_at,
    createdBy: r.created_by,
  };
}

const IN_CHANNEL = 'platform = $1 AND workspace = $2 AND channel = $3';
// ON CONFLICT DO NOTHING on the partial unique index (schedule_id, slot): of two instances firing
// the same slot, the second waits for the first to commit and gets no row.
const CLAIM = `
  INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, schedule_id, slot,
                     state, opened_at, closes_at, created_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'posting', $9, $10, $11)
  ON CONFLICT DO NOTHING
  RETURNING *`;
// A drop that closes without your right answer ends your streak (a wrong answer already did). Run as
// its own statement after the close: the close waited for in-flight answers (their share lock on the
// drop), and this statement's snapshot includes them.
const END_STREAKS = `
  UPDATE streaks SET current = 0
  WHERE platform = $1 AND workspace = $2 AND current > 0
    AND user_id NOT IN (SELECT user_id FROM answers WHERE drop_id = $3 AND correct = 1)`;

/** The drops part of the Store port. */
export function dropQueries(db: Db): StoreQueries['drops'] {
  const rows = async (name: string, text: string, values: unknown[]) => (await db.query<DropRow>(name, text, values)).rows.map(toDrop);
  const first = async (name: string, text: string, values: unknown[]) => (await rows(name, text, values))[0];
  const channel = (c: ChannelRef) => [c.platform, c.workspace, c.channel];

  return {
    async claim(d) {
      const values = [d.platform, d.workspace, d.channel, d.packId, d.questionId, d.difficulty, d.scheduleId, d.slot, d.openedAt, d.closesAt, d.createdBy];
      return (await first('drops.claim', CLAIM, values)) ?? null;
    },
    async markOpen(id, ref) {
      await db.query('drops.markOpen', `UPDATE drops SET state = 'open', message_ref = $1 WHERE id = $2 AND state = 'posting'`, [ref, id]);
    },
    async markFailed(id, reason) {
      await db.query('drops.markFailed', `UPDATE drops SET state = 'failed', failure = $1 WHERE id = $2 AND state = 'posting'`, [reason, id]);
    },
    close: (id, at) =>
      db.atomic(async (tx) => {
        const closed = await tx.query<{ platform: string; workspace: string }>(
          'drops.close',
          `UPDATE drops SET state = 'closed', closed_at = $1 WHERE id = $2 AND state = 'open' RETURNING platform, workspace`,
          [at, id],
        );
        const d = closed.rows[0];
        if (!d) return false;
        await tx.query('drops.endStreaks', END_STREAKS, [d.platform, d.workspace, id]);
        return true;
      }),
    get: (id) => first('drops.get', 'SELECT * FROM drops WHERE id = $1', [id]),
    byMessage: (platform, ref) => first('drops.byMessage', 'SELECT * FROM drops WHERE platform = $1 AND message_ref = $2', [platform, ref]),
    openIn: (c) => first('drops.openIn', `SELECT * FROM drops WHERE ${IN_CHANNEL} AND state = 'open' ORDER BY id DESC LIMIT 1`, channel(c)),
    latestIn: (c) =>
      first('drops.latestIn', `SELECT * FROM drops WHERE ${IN_CHANNEL} AND state IN ('open', 'closed') ORDER BY id DESC LIMIT 1`, channel(c)),
    dueToClose: (now) => rows('drops.dueToClose', `SELECT * FROM drops WHERE state = 'open' AND closes_at <= $1 ORDER BY closes_at, id`, [now]),
    bySlot: (id, slot) => first('drops.bySlot', 'SELECT * FROM drops WHERE schedule_id = $1 AND slot = $2', [id, slot]),
    async usage(c) {
      const { rows: r } = await db.query<{ question_id: string; n: number }>(
        'drops.usage',
        `SELECT question_id, COUNT(*) AS n FROM drops WHERE ${IN_CHANNEL} AND state IN ('open', 'closed') GROUP BY question_id ORDER BY question_id`,
        channel(c),
      );
      return new Map(r.map((x) => [x.question_id, x.n]));
    },
  };
}
