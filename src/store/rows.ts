/**
 * Rows as both engines read them (same column names and types: times are numbers, flags 0/1) and
 * their conversion to the core's types, written once for SQLite and PostgreSQL.
 */
import type { CardRow, CardState, ReminderRow, StoredPack, Suggestion, SuggestionFields, Totals, WorkspaceOptions } from '../core/ports.ts';
import type { Answer, AnswerVia, Difficulty, Drop, DropState, Question, Schedule } from '../core/types.ts';

export interface DropRow {
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
  reactions: 0 | 1;
  question: string | null;
}

export function toDrop(r: DropRow): Drop {
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
    reactions: r.reactions === 1,
    question: r.question === null ? null : postedQuestion(r.id, r.question),
  };
}

/** Parsed questions of recently read drops, by drop id, with the JSON they were parsed from. */
const parsed = new Map<number, { json: string; question: Question }>();
/** Enough for every live drop of a busy process; past it the memo starts again (it is only a memo). */
const PARSED_MAX = 1024;

/**
 * A drop's question, parsed once while the drop is being answered: every answer reads the drop again
 * (another process may have closed it), but its question is fixed when it is posted. The memo is only
 * trusted when the stored JSON is the very text it was parsed from, so a reused id, another database in
 * the same process or any change to the column still parses afresh. Frozen, as every reader shares it.
 */
function postedQuestion(id: number, json: string): Question {
  const hit = parsed.get(id);
  if (hit && hit.json === json) return hit.question;
  const question = deepFreeze(JSON.parse(json) as Question);
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(id, { json, question });
  return question;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export interface CardRowData {
  question_id: string;
  pack_id: string;
  due: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review: number | null;
}

export function toCard(r: CardRowData): CardState {
  return {
    due: r.due,
    stability: r.stability,
    difficulty: r.difficulty,
    elapsedDays: r.elapsed_days,
    scheduledDays: r.scheduled_days,
    learningSteps: r.learning_steps,
    reps: r.reps,
    lapses: r.lapses,
    state: r.state,
    lastReview: r.last_review,
  };
}

export const toCardRow = (r: CardRowData): CardRow => ({ questionId: r.question_id, packId: r.pack_id, card: toCard(r) });

export interface ScheduleRow {
  id: number;
  platform: string;
  workspace: string;
  channel: string;
  cron: string;
  tz: string;
  pack_id: string | null;
  difficulty: Difficulty | null;
  paused: 0 | 1;
  created_by: string;
  created_at: number;
  reactions: 0 | 1;
}

export function toSchedule(r: ScheduleRow): Schedule {
  return {
    id: r.id,
    platform: r.platform,
    workspace: r.workspace,
    channel: r.channel,
    cron: r.cron,
    tz: r.tz,
    packId: r.pack_id,
    difficulty: r.difficulty,
    paused: r.paused === 1,
    createdBy: r.created_by,
    createdAt: r.created_at,
    reactions: r.reactions === 1,
  };
}

export interface AnswerRow {
  drop_id: number;
  user_id: string;
  platform: string;
  workspace: string;
  pack_id: string;
  question_id: string;
  choice: string;
  correct: 0 | 1;
  points: number;
  answered_at: number;
  elapsed_ms: number;
  via: AnswerVia;
}

export function toAnswer(r: AnswerRow): Answer {
  return {
    dropId: r.drop_id,
    userId: r.user_id,
    platform: r.platform,
    workspace: r.workspace,
    packId: r.pack_id,
    questionId: r.question_id,
    choice: r.choice,
    correct: r.correct === 1,
    points: r.points,
    answeredAt: r.answered_at,
    elapsedMs: r.elapsed_ms,
    via: r.via,
  };
}

export interface ReminderRowData {
  platform: string;
  workspace: string;
  user_id: string;
  at_minute: number | null;
  tz: string | null;
  last_sent: string | null;
  notice: string | null;
}

export const toReminder = (r: ReminderRowData): ReminderRow => ({
  platform: r.platform,
  workspace: r.workspace,
  userId: r.user_id,
  atMinute: r.at_minute,
  tz: r.tz,
  lastSent: r.last_sent,
  notice: r.notice,
});

/** A person's totals in a period, with their name and current streak (leaderboards). */
export interface TotalsRow {
  user_id: string;
  name: string;
  points: number;
  correct: number;
  answered: number;
  streak: number;
}

export const toTotals = (r: TotalsRow): Totals => ({
  userId: r.user_id,
  name: r.name,
  points: r.points,
  correct: r.correct,
  answered: r.answered,
  streak: r.streak,
});

/** A workspace's own settings as stored (NULL: the process default). */
export interface WorkspaceOptionsRow {
  window_ms: number | null;
  admin_group: string | null;
  reactions: 0 | 1 | null;
}

export function toWorkspaceOptions(r: WorkspaceOptionsRow | undefined): WorkspaceOptions {
  return {
    windowMs: r?.window_ms ?? null,
    adminGroup: r?.admin_group ?? null,
    reactions: r?.reactions === null || r?.reactions === undefined ? null : r.reactions === 1,
  };
}

/**
 * The columns a settings change writes: each as (whether it changes, its new value), so one prepared
 * statement serves every combination of settings.
 */
export function optionParams(change: Partial<WorkspaceOptions>): [number, number | null, number, string | null, number, number | null] {
  return [
    'windowMs' in change ? 1 : 0,
    change.windowMs ?? null,
    'adminGroup' in change ? 1 : 0,
    change.adminGroup ?? null,
    'reactions' in change ? 1 : 0,
    change.reactions === undefined || change.reactions === null ? null : change.reactions ? 1 : 0,
  ];
}

/** A workspace pack's row (PostgreSQL returns BIGINT columns as strings). */
export interface PackRow {
  platform: string;
  workspace: string;
  pack_id: string;
  title: string;
  questions: number | string;
  markdown: string;
  format: string;
  file_name: string;
  added_by: string;
  added_at: number | string;
  updated_at: number | string;
}

export const packFromRow = (r: PackRow): StoredPack => ({
  platform: r.platform,
  workspace: r.workspace,
  packId: r.pack_id,
  title: r.title,
  questions: Number(r.questions),
  markdown: r.markdown,
  format: r.format,
  fileName: r.file_name,
  addedBy: r.added_by,
  addedAt: Number(r.added_at),
  updatedAt: Number(r.updated_at),
});

/** A `suggestions` row as either engine returns it (PostgreSQL's BIGINT arrives as a string). */
export interface SuggestionRow {
  id: number | string;
  platform: string;
  workspace: string;
  author_id: string;
  author_name: string;
  channel: string | null;
  fields: string;
  status: Suggestion['status'];
  created_at: number | string;
  edited_by: string | null;
  decided_by: string | null;
  decided_at: number | string | null;
  reason: string | null;
  pack_id: string | null;
  question_id: string | null;
}

export const suggestionFromRow = (r: SuggestionRow): Suggestion => ({
  id: Number(r.id),
  platform: r.platform,
  workspace: r.workspace,
  authorId: r.author_id,
  authorName: r.author_name,
  channel: r.channel,
  fields: JSON.parse(r.fields) as SuggestionFields,
  status: r.status,
  createdAt: Number(r.created_at),
  editedBy: r.edited_by,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at === null ? null : Number(r.decided_at),
  reason: r.reason,
  packId: r.pack_id,
  questionId: r.question_id,
});
