/** Queries on the `drops` table. */
import type { Database } from 'better-sqlite3';
import type { ClaimResult, NewDrop } from '../core/ports.ts';
import type { SyncStore } from './sync-port.ts';
import type { ChannelRef, Drop, DropState } from '../core/types.ts';
import { type DropRow, toDrop } from './rows.ts';

const IN_CHANNEL = 'platform = @platform AND workspace = @workspace AND channel = @channel';

/** How often each question was dropped in a channel: kept by triggers on drops (migration 10), one row per question, not per drop. */
export const USAGE = `SELECT question_id, n FROM channel_usage WHERE ${IN_CHANNEL} AND n > 0`;

/** The drops part of the Store port. */
export function dropQueries(db: Database): SyncStore['drops'] {
  const insert = db.prepare(`
    INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, schedule_id, slot,
                       state, opened_at, closes_at, created_by, reactions, question)
    VALUES (@platform, @workspace, @channel, @packId, @questionId, @difficulty, @scheduleId, @slot,
            'posting', @openedAt, @closesAt, @createdBy, @reactions, @question)
    RETURNING *`);
  const postingIn = db.prepare<ChannelRef, DropRow>(`SELECT * FROM drops WHERE ${IN_CHANNEL} AND state = 'posting'`);
  const postingBefore = db.prepare<[number], DropRow>(`SELECT * FROM drops WHERE state = 'posting' AND opened_at < ? ORDER BY id`);
  const recentStates = db.prepare<[number, number], { state: DropState }>('SELECT state FROM drops WHERE schedule_id = ? ORDER BY id DESC LIMIT ?');
  const markOpen = db.prepare(`UPDATE drops SET state = 'open', message_ref = ? WHERE id = ? AND state = 'posting'`);
  const markFailed = db.prepare(`UPDATE drops SET state = 'failed', failure = ? WHERE id = ? AND state = 'posting'`);
  // 'posting' closes too: a drop whose process died mid-post may have reached the channel and been answered.
  // closed_at never precedes an answer the drop accepted: an answer stamped a moment after another
  // process took its closing time, but stored before that close committed, was on time.
  const closeRow = db.prepare(`
    UPDATE drops SET state = 'closed',
      closed_at = MAX(@at, COALESCE((SELECT MAX(answered_at) FROM answers WHERE drop_id = @id), 0))
    WHERE id = @id AND state IN ('open', 'posting')`);
  // A drop that closes without your right answer ends your streak (a wrong answer already did).
  const endStreaks = db.prepare(`
    UPDATE streaks SET current = 0
    WHERE platform = @platform AND workspace = @workspace AND current > 0
      AND user_id NOT IN (SELECT user_id FROM answers WHERE drop_id = @id AND correct = 1)`);
  const close = db.transaction((id: number, at: number) => {
    if (closeRow.run({ at, id }).changes !== 1) return false;
    const d = get.get(id)!;
    endStreaks.run({ platform: d.platform, workspace: d.workspace, id });
    return true;
  });
  const get = db.prepare<[number], DropRow>('SELECT * FROM drops WHERE id = ?');
  const byMessage = db.prepare<[string, string], DropRow>('SELECT * FROM drops WHERE platform = ? AND message_ref = ?');
  const openIn = db.prepare<ChannelRef, DropRow>(`SELECT * FROM drops WHERE ${IN_CHANNEL} AND state = 'open' ORDER BY id DESC LIMIT 1`);
  const latestIn = db.prepare<ChannelRef, DropRow>(
    `SELECT * FROM drops WHERE ${IN_CHANNEL} AND state IN ('open', 'closed') ORDER BY id DESC LIMIT 1`,
  );
  const due = db.prepare<[number], DropRow>(`SELECT * FROM drops WHERE state = 'open' AND closes_at <= ? ORDER BY closes_at`);
  const bySlot = db.prepare<[number, number], DropRow>('SELECT * FROM drops WHERE schedule_id = ? AND slot = ?');
  const usage = db.prepare<ChannelRef, { question_id: string; n: number }>(USAGE);
  const scope = (c: ChannelRef) => ({ platform: c.platform, workspace: c.workspace, channel: c.channel });
  // Immediate: the slot check, the close of the previous drop and the insert are one step for every
  // process sharing the file; the unique index on live drops backs it up.
  const claim = db.transaction((drop: NewDrop): ClaimResult => {
    if (drop.scheduleId !== null && drop.slot !== null && bySlot.get(drop.scheduleId, drop.slot)) return { kind: 'slot_taken' };
    const posting = postingIn.get(scope(drop));
    if (posting) return { kind: 'busy', posting: toDrop(posting) };
    const open = openIn.get(scope(drop));
    if (open && !close(open.id, drop.openedAt)) return { kind: 'busy', posting: toDrop(open) };
    const row = insert.get({ ...drop, reactions: drop.reactions ? 1 : 0, question: JSON.stringify(drop.question) }) as DropRow;
    return { kind: 'claimed', drop: toDrop(row), previous: open ? toDrop(get.get(open.id)!) : undefined };
  });

  return {
    claim: (drop) => (db.inTransaction ? claim(drop) : claim.immediate(drop)),
    postingBefore: (before) => postingBefore.all(before).map(toDrop),
    recentStates: (id, n) => recentStates.all(id, n).map((r) => r.state),
    markOpen: (id, ref) => void markOpen.run(ref, id),
    markFailed: (id, reason) => void markFailed.run(reason, id),
    close: (id, at) => close(id, at),
    get: (id) => map(get.get(id)),
    byMessage: (platform, ref) => map(byMessage.get(platform, ref)),
    openIn: (c) => map(openIn.get(scope(c))),
    latestIn: (c) => map(latestIn.get(scope(c))),
    dueToClose: (now) => due.all(now).map(toDrop),
    bySlot: (id, slot) => map(bySlot.get(id, slot)),
    usage: (c) => new Map(usage.all(scope(c)).map((r) => [r.question_id, r.n])),
  };
}

function map(row: DropRow | undefined): Drop | undefined {
  return row ? toDrop(row) : undefined;
}
