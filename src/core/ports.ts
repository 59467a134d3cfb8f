/** What the core needs from outside. Store, content, scheduler and adapters implement these. */
import type { Answer, ChannelRef, Difficulty, Drop, Pack, Question, Schedule, Scope } from './types.ts';
import type { DropView, ReplyFile, RevealView, View } from './views.ts';

/** The current time, injected so tests use fixed instants and never sleep. */
export interface Clock {
  now(): number;
}

/** Structured logging: one line an event, with platform, workspace and channel in `fields`. */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** A problem found in a content file. Errors refuse the pack; warnings are shown and the pack served. */
export interface ContentProblem {
  file: string;
  line: number;
  message: string;
  severity: 'error' | 'warning';
}

/** What one read of the content found: the packs without errors, and every problem. */
export interface ContentLoad {
  packs: Pack[];
  problems: ContentProblem[];
}

/**
 * A file a person attached to a command (a Discord attachment, a file shared on Slack, a path in the
 * terminal). The adapter knows how to fetch it; the core decides how much it reads.
 */
export interface IncomingFile {
  name: string;
  /** The size the platform reports before anything is fetched, when it does. */
  size?: number;
  /** Fetches at most `maxBytes`; `tooBig` when there is more. Throws a StepwiseError it cannot be read. */
  read(maxBytes: number): Promise<{ bytes: Uint8Array } | { tooBig: number }>;
}

/** An uploaded pack file, read by the adapter, with what the person said about it. */
export interface UploadFile {
  name: string;
  bytes: Uint8Array;
  /** markdown, aiken, gift or opentdb; guessed from the name when absent. */
  format?: string;
  /** The pack id for an imported bank (a Markdown pack names its own). */
  packId?: string;
}

/** What reading an uploaded pack file found: the pack when it has no errors, and every problem. */
export interface UploadRead {
  pack?: Pack;
  /** The Markdown to store and export (an imported bank is converted); set with `pack`. */
  markdown?: string;
  format: string;
  /** Problems with `line` in the uploaded file (0: the file as a whole, or where the message says). */
  problems: ContentProblem[];
  /** Question id -> line of its heading in `markdown`, to name the line of an id clash. */
  questionLines: Map<string, number>;
  idLine: number;
}

/** Reads packs from wherever they live (the `content/` folder), and pack files uploaded from chat. */
export interface ContentSource {
  /** Reads everything in one go: for start-up, before any chat is connected. */
  load(): ContentLoad;
  /** The same read without blocking the event loop for more than a few milliseconds at a time: for a running bot. */
  loadAsync(): Promise<ContentLoad>;
  /** Checks an uploaded file with the same checker as content/ (without blocking the event loop for long). */
  readUpload(file: UploadFile): Promise<UploadRead>;
  /** Parses a workspace pack's stored Markdown; undefined when it no longer parses (a newer checker, say). */
  parseStored(markdown: string, source: string): Promise<Pack | undefined>;
  /** Writes a question as a `## Question:` block of the pack format (a suggestion being approved). */
  questionMarkdown(question: Question): string;
  /** Writes the title, id and lesson of a new pack, before its first question. */
  packHeadMarkdown(head: PackHead): string;
}

/** What a new pack's file starts with. */
export interface PackHead {
  id: string;
  title: string;
  bigIdea: string;
  takeaways: string[];
}

/** Cron arithmetic; node-cron stays in `src/scheduler/`. */
export interface CronCalendar {
  /** Why the expression is invalid, or null when it is fine. */
  check(cron: string): string | null;
  /** The latest slot (minute start, ms) matching `cron` in `tz` within [from, to], or null. */
  latestSlot(cron: string, tz: string, from: number, to: number): number | null;
}

/** The chat a platform adapter offers the core for what the core starts itself. */
export interface ChatPort {
  readonly platform: string;
  /** Posts a drop (with its answer controls) and returns the platform's message reference. */
  postDrop(channel: ChannelRef, view: DropView): Promise<string>;
  /**
   * Posts the reveal for a closed drop and marks the original message closed. `files` (a chart of the
   * picks) go with it where the platform allows; the reveal's text is posted either way.
   */
  postReveal(drop: Drop, view: RevealView, files?: ReplyFile[]): Promise<void>;
  /** Posts any view in a channel, with its files where allowed (the weekly summary). */
  postView?(channel: ChannelRef, view: View, files?: ReplyFile[]): Promise<void>;
  /**
   * Refuses an admin group (`/quiz settings admins:`) the platform cannot check, with the reason and what to
   * do (a Slack app without usergroups:read, a group that does not exist); null when fine.
   */
  checkAdminGroup?(scope: Scope, group: string): Promise<string | null>;
  /** Refuses a schedule for a channel the bot cannot use, with the reason; null when fine. */
  checkChannel?(channel: ChannelRef): Promise<string | null>;
  /** Sends a person a private message (a DM) the core starts itself, such as the daily review reminder. */
  sendPrivate?(scope: Scope, userId: string, view: View): Promise<void>;
}

/**
 * Pictures of views (leaderboard card, report card, reveal and insights charts), drawn off the event loop.
 * Undefined when the view has none, pictures are off, or it could not be drawn in time: the text goes alone.
 */
export interface Pictures {
  draw(view: View): Promise<ReplyFile | undefined>;
}

/** New drop to claim; the (scheduleId, slot) pair makes scheduled firings idempotent. */
export interface NewDrop extends ChannelRef {
  packId: string;
  questionId: string;
  difficulty: Difficulty;
  scheduleId: number | null;
  slot: number | null;
  openedAt: number;
  closesAt: number;
  createdBy: string | null;
  reactions: boolean;
  /** The question as posted, kept with the drop. */
  question: Question;
}

/**
 * The outcome of claiming a drop: claimed (with the channel's previous open drop, now closed, to reveal),
 * the schedule slot already taken, or another drop still being posted in the channel.
 */
export type ClaimResult =
  | { kind: 'claimed'; drop: Drop; previous: Drop | undefined }
  | { kind: 'slot_taken' }
  | { kind: 'busy'; posting: Drop };

/** The outcome of storing an answer. */
/** Where a workspace's totals are kept: see `workspaces.totalsZone`. */
export interface TotalsZone {
  tz: string;
  gen: number;
  next?: { tz: string; gen: number; behind: boolean };
}

export type InsertResult =
  | { inserted: true }
  | { inserted: false; existing: Answer }
  /** The drop had closed (or its window passed) by the time the write ran: nothing was stored. */
  | { inserted: false; closed: true };

/** A closed drop's answers as its reveal counts them. */
export interface DropTally {
  /** Answers per chosen letter (letters nobody chose are left out). */
  choices: { choice: string; n: number }[];
  total: number;
  /** How many answered right. */
  right: number;
  /** The first right answers' user ids, in answer order. */
  firstRight: string[];
}

/** One person's totals, for leaderboards and stats. */
export interface Totals {
  userId: string;
  name: string;
  points: number;
  correct: number;
  answered: number;
  /** The person's current streak, read in the same query so a board costs one round trip. */
  streak: number;
}

/** Per-pack totals for a person. */
export interface PackTotals {
  packId: string;
  correct: number;
  answered: number;
}

/** An FSRS card's state as stored (times in ms). */
export interface CardState {
  due: number;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: number;
  lastReview: number | null;
}

/** A person's card for one question. */
export interface CardRow {
  questionId: string;
  packId: string;
  card: CardState;
}

/** One graded review (from a drop's first answer or from /quiz review). */
export interface ReviewRecord extends Scope {
  userId: string;
  questionId: string;
  packId: string;
  choice: string;
  correct: boolean;
  rating: number;
  reviewedAt: number;
  source: 'drop' | 'review';
}

/** A person's reminder settings; `atMinute` null means reminders are off. */
export interface ReminderRow extends Scope {
  userId: string;
  atMinute: number | null;
  tz: string | null;
  lastSent: string | null;
  /** A message for the person's next command, such as "your reminders are off: DMs are closed". */
  notice: string | null;
}

/** A workspace's installation of the app, sealed (encrypted) by the adapter: the store never sees a token. */
export interface InstallationRow extends Scope {
  /** Which key sealed it, so a key rotation finds the rows to seal again. */
  keyId: string;
  sealed: string;
  installedAt: number;
}

/** A workspace's own settings as stored; null where it follows the process default. */
export interface WorkspaceOptions {
  /** How long a question stays open, in ms. */
  windowMs: number | null;
  /** Who counts as admin besides the platform's admins: a Discord role id, a Slack user group id, a terminal name. */
  adminGroup: string | null;
  /** Whether reactions count as answers on the workspace's drops. */
  reactions: boolean | null;
}

/** What a member wrote in the suggestion form, as stored (and as an admin's edit saves it). */
export interface SuggestionFields {
  prompt: string;
  /** Option texts in order: A first. */
  options: string[];
  /** The right option's letter. */
  answer: string;
  /** The explanation as written: one step per line, optional `Check:` and `Mistake:` lines. */
  steps: string;
  hint: string;
}

/** A suggested question: waiting for an admin, approved (into `packId` as `questionId`) or rejected. */
export interface Suggestion extends Scope {
  id: number;
  authorId: string;
  authorName: string;
  /** Where it was suggested (null where the platform gave no channel). */
  channel: string | null;
  fields: SuggestionFields;
  status: 'pending' | 'approved' | 'rejected';
  createdAt: number;
  /** The display name of the admin who last edited it. */
  editedBy: string | null;
  decidedBy: string | null;
  decidedAt: number | null;
  reason: string | null;
  packId: string | null;
  questionId: string | null;
}

/** A new suggestion, before the store gives it an id. */
export type NewSuggestion = Pick<Suggestion, 'platform' | 'workspace' | 'authorId' | 'authorName' | 'channel' | 'fields' | 'createdAt'>;

/** An admin's decision on a pending suggestion. */
export type SuggestionDecision = { status: 'approved'; packId: string; questionId: string } | { status: 'rejected'; reason: string };

/** A channel that gets the weekly summary; `lastWeek` is the start of the latest week claimed for it. */
export interface WeeklyPost extends ChannelRef {
  createdBy: string;
  createdAt: number;
  lastWeek: number | null;
}

/**
 * Persistence, on SQLite or PostgreSQL. Asynchronous, so one port fits both engines; each call is atomic
 * on its own, and `transaction` groups several (its reads and writes go through `tx`).
 */
export interface StoreQueries {
  cards: {
    get(scope: Scope, userId: string, questionId: string): Promise<CardState | undefined>;
    put(scope: Scope, userId: string, questionId: string, packId: string, card: CardState): Promise<void>;
    /** The most overdue card (due <= now), if any. */
    mostOverdue(scope: Scope, userId: string, now: number): Promise<CardRow | undefined>;
    /** When the next card falls due, if the person has any card. */
    nextDue(scope: Scope, userId: string): Promise<number | undefined>;
    dueCount(scope: Scope, userId: string, now: number): Promise<number>;
    forUser(scope: Scope, userId: string): Promise<CardRow[]>;
    /** Every person's cards in a workspace, by person, pack and question (for `/quiz export`). */
    inWorkspace(scope: Scope): Promise<(CardRow & { userId: string })[]>;
  };
  reviews: {
    add(review: ReviewRecord): Promise<void>;
    count(scope: Scope, userId: string, source: 'drop' | 'review'): Promise<number>;
    setPending(scope: Scope, userId: string, questionId: string, at: number): Promise<void>;
    pending(scope: Scope, userId: string): Promise<{ questionId: string; shownAt: number } | undefined>;
    /** Clears the person's pending card if it is `questionId`; false when it was already answered. */
    clearPending(scope: Scope, userId: string, questionId: string): Promise<boolean>;
  };
  reminders: {
    get(scope: Scope, userId: string): Promise<ReminderRow | undefined>;
    setTime(scope: Scope, userId: string, atMinute: number | null): Promise<void>;
    setZone(scope: Scope, userId: string, tz: string): Promise<void>;
    active(): Promise<ReminderRow[]>;
    setNotice(scope: Scope, userId: string, notice: string | null): Promise<void>;
    /** Marks today's reminder as sent; false when it already was (another process, or a restart). */
    claim(scope: Scope, userId: string, localDate: string): Promise<boolean>;
  };
  insights: {
    /** First answers to drops per question: how many, how many right. */
    questions(scope: Scope, packId?: string): Promise<{ questionId: string; packId: string; answered: number; correct: number }[]>;
    /** Wrong picks per question and option. */
    wrongPicks(scope: Scope, packId?: string): Promise<{ questionId: string; choice: string; n: number }[]>;
    /**
     * People and answers in each of the week keys `periods` ('week:<start ms>', as the totals use), in every
     * pack or in `packId`; weeks with no answer are left out.
     */
    weeks(scope: Scope, periods: string[], packId?: string): Promise<{ period: string; people: number; answers: number }[]>;
  };
  drops: {
    /**
     * In one transaction: refuses a taken slot or a channel with a drop still posting, closes the channel's
     * open drop (returned as `previous`), and inserts the new drop in state `posting`.
     */
    claim(drop: NewDrop): Promise<ClaimResult>;
    /** Drops still `posting` that were opened before `before` (their process may have died). */
    postingBefore(before: number): Promise<Drop[]>;
    /** The states of a schedule's latest `n` drops, newest first. */
    recentStates(scheduleId: number, n: number): Promise<Drop['state'][]>;
    markOpen(id: number, messageRef: string): Promise<void>;
    markFailed(id: number, reason: string): Promise<void>;
    /** Moves an open (or posting) drop to closed; false if it was neither (someone else closed it). */
    close(id: number, at: number): Promise<boolean>;
    get(id: number): Promise<Drop | undefined>;
    byMessage(platform: string, messageRef: string): Promise<Drop | undefined>;
    openIn(channel: ChannelRef): Promise<Drop | undefined>;
    latestIn(channel: ChannelRef): Promise<Drop | undefined>;
    dueToClose(now: number): Promise<Drop[]>;
    bySlot(scheduleId: number, slot: number): Promise<Drop | undefined>;
    /** How many times each question was dropped in this channel. */
    usage(channel: ChannelRef): Promise<Map<string, number>>;
  };
  answers: {
    /**
     * Stores the answer and adds it to the person's totals for each of `periods` (keys from the core);
     * returns the existing answer instead when the person already answered.
     */
    insert(answer: Answer, periods: string[]): Promise<InsertResult>;
    /** A person's latest answers in a workspace, newest first. */
    latestFor(scope: Scope, userId: string, limit: number): Promise<Answer[]>;
    forDrop(dropId: number): Promise<Answer[]>;
    /**
     * A drop's answers counted for its reveal, without reading them one by one: per choice, in all, and
     * the first `winners` right answers' people in answer order (time, then user id).
     */
    tally(dropId: number, winners: number): Promise<DropTally>;
    /** One person's answer to a drop, if any. */
    get(dropId: number, userId: string): Promise<Answer | undefined>;
  };
  hints: {
    /**
     * Records that a person asked for the hint of `target` (`drop:<id>`, or `review:<question>:<shown at>`);
     * false when they already had, so the first time counts.
     */
    ask(scope: Scope, userId: string, target: string, questionId: string, packId: string, at: number): Promise<boolean>;
    /** Whether the person asked for the hint of `target`. */
    asked(scope: Scope, userId: string, target: string): Promise<boolean>;
    /** How many hint requests each question had (drops and review cards), optionally in one pack. */
    counts(scope: Scope, packId?: string): Promise<{ questionId: string; packId: string; n: number }[]>;
  };
  deliveries: {
    /**
     * Records a platform delivery (an event id); false when it was already recorded, by this instance or
     * another. Ids seen before `forgetBefore` are forgotten (the platform no longer retries them).
     */
    claim(platform: string, id: string, at: number, forgetBefore: number): Promise<boolean>;
  };
  workspaces: {
    /** The workspace's zone; the first caller records `fallback` for a workspace never seen before. */
    zone(scope: Scope, fallback: string): Promise<string>;
    /** Changes the zone and rebuilds the workspace's totals with `periodsOf`, in one transaction. */
    setZone(scope: Scope, tz: string, periodsOf: (answeredAt: number) => string[]): Promise<void>;
    /** The workspace's own settings; each is null where it follows the process default (all null when never set). */
    options(scope: Scope): Promise<WorkspaceOptions>;
    /**
     * Changes the settings named in `change` (null: back to the default) and leaves the others; a workspace
     * never seen before is recorded with `fallbackTz` as its zone.
     */
    setOptions(scope: Scope, change: Partial<WorkspaceOptions>, fallbackTz: string): Promise<void>;
    /**
     * The zone and generation the workspace's totals are kept in, and the recount under way if any;
     * with `key` (an answer being stored), whether the recount has already read past that answer.
     */
    totalsZone(scope: Scope, fallback: string, key?: { dropId: number; userId: string }): Promise<TotalsZone>;
    /**
     * Starts recounting the totals for `tz`, to run in slices (`rebuildStep`): 'started'; 'same' when
     * they already follow `tz` (or are being recounted for it); 'cancelled' when `tz` is the current zone
     * and a recount away from it was stopped.
     */
    changeZone(scope: Scope, tz: string): Promise<'started' | 'same' | 'cancelled'>;
    /**
     * One slice, in one transaction: reads at most `limit` answers of the recount (passing at most
     * `limit` of the workspace's drops, through an index from its cursor) and adds them to the new
     * generation's totals, at most two rows written per answer (the last slice makes them live); or looks
     * at most at `limit` totals and deletes those of old generations. Its work never grows with the size
     * of the workspace or of the database. 'idle' when nothing is left to do.
     */
    rebuildStep(scope: Scope, keysOf: (answeredAt: number, tz: string, gen: number) => string[], limit: number): Promise<'more' | 'idle'>;
    /** Workspaces with a recount or a clean-up left (to resume after a restart). */
    unfinished(): Promise<Scope[]>;
  };
  installations: {
    /** Stores a workspace's installation, replacing the one it had (a reinstall). */
    put(row: InstallationRow): Promise<void>;
    get(scope: Scope): Promise<InstallationRow | undefined>;
    /** Deletes it; false when there was none. */
    remove(scope: Scope): Promise<boolean>;
    /** Every installation on a platform (the key rotation at start-up). */
    all(platform: string): Promise<InstallationRow[]>;
  };
  erasure: {
    /**
     * Deletes every row of one workspace (answers, scores, schedules, drops, names, cards, its
     * installation…) in one transaction; returns the rows deleted per table (tables with none left out).
     */
    workspace(scope: Scope): Promise<Record<string, number>>;
  };
  packs: {
    /** A counter bumped by every add, replace and removal in the workspace (0 before any): caches compare it. */
    version(scope: Scope): Promise<number>;
    /** The workspace's packs in the order they were first added. */
    list(scope: Scope): Promise<StoredPack[]>;
    get(scope: Scope, packId: string): Promise<StoredPack | undefined>;
    /**
     * Adds the pack, or replaces the one with its id (keeping when it was first added); bumps the version.
     * With `ifVersion`, only while the workspace's packs are still at that version: 'changed' (nothing
     * written) when another add, replace or removal came first.
     */
    put(pack: StoredPack, ifVersion?: number): Promise<'added' | 'replaced' | 'changed'>;
    /** Removes the pack and bumps the version; false when there was none. */
    remove(scope: Scope, packId: string): Promise<boolean>;
  };
  suggestions: {
    /**
     * Queues a suggestion unless its author already has `limits.perAuthor` waiting, or the workspace
     * `limits.perWorkspace`: the stored row, or which limit was reached (nothing stored).
     */
    add(row: NewSuggestion, limits: { perAuthor: number; perWorkspace: number }): Promise<Suggestion | { full: 'author' | 'workspace' }>;
    get(scope: Scope, id: number): Promise<Suggestion | undefined>;
    /** The oldest `limit` pending suggestions, and how many are pending in all. */
    pending(scope: Scope, limit: number): Promise<{ items: Suggestion[]; total: number }>;
    /** Saves an admin's edit of a pending suggestion; false when it is no longer pending. */
    edit(scope: Scope, id: number, fields: SuggestionFields, editedBy: string): Promise<boolean>;
    /** Decides a pending suggestion; false when it no longer was (another admin decided first). */
    decide(scope: Scope, id: number, decision: SuggestionDecision, by: string, at: number): Promise<boolean>;
    /** How many of a person's suggestions were approved. */
    approvedCount(scope: Scope, authorId: string): Promise<number>;
    /** The display name of whoever suggested an approved question, if it came from a suggestion. */
    authorOf(scope: Scope, packId: string, questionId: string): Promise<string | undefined>;
  };
  members: {
    /** Remembers a display name so leaderboards can show it. */
    remember(scope: Scope, userId: string, name: string, at: number): Promise<void>;
    name(scope: Scope, userId: string): Promise<string | undefined>;
  };
  schedules: {
    add(schedule: Omit<Schedule, 'id'>): Promise<Schedule>;
    get(id: number): Promise<Schedule | undefined>;
    list(scope: Scope): Promise<Schedule[]>;
    all(): Promise<Schedule[]>;
    remove(id: number): Promise<boolean>;
    setPaused(id: number, paused: boolean): Promise<boolean>;
    setReactions(id: number, on: boolean): Promise<boolean>;
  };
  weekly: {
    /** Turns the weekly summary on for a channel; false when it already was (nothing changes). */
    enable(channel: ChannelRef, by: string, at: number): Promise<boolean>;
    /** Turns it off; false when it was not on. */
    disable(channel: ChannelRef): Promise<boolean>;
    /** Channels of a workspace with the summary on. */
    list(scope: Scope): Promise<WeeklyPost[]>;
    all(): Promise<WeeklyPost[]>;
    /**
     * Claims the summary of the week starting at `week` for the channel: true for the one caller (of any
     * instance, before or after a restart) that moves `lastWeek` up to it; false when it already was.
     */
    claim(channel: ChannelRef, week: number): Promise<boolean>;
  };
  boards: {
    /** Totals for a period key, best first, at most `limit` rows. */
    top(scope: Scope, period: string, limit: number): Promise<Totals[]>;
    /** A person's totals and 1-based rank in a period, or undefined if they have no answers there. */
    rankOf(scope: Scope, period: string, userId: string): Promise<{ rank: number; totals: Totals; players: number } | undefined>;
    playerCount(scope: Scope, period: string): Promise<number>;
    /** Recomputes a workspace's totals from its answers, with `periodsOf` giving the keys of an answer time. */
    rebuild(scope: Scope, periodsOf: (answeredAt: number) => string[]): Promise<number>;
    perPack(scope: Scope, userId: string): Promise<PackTotals[]>;
    /**
     * When a person answered, newest first, from `since` on and at most `limit` times: the report card's
     * calendar. Read from the answers' (workspace, user, time) index alone, not the answer rows.
     */
    answerTimes(scope: Scope, userId: string, since: number, limit: number): Promise<number[]>;
    /** A person's current and best streak (consecutive drops answered right; a missed one ends it). */
    streakOf(scope: Scope, userId: string): Promise<{ current: number; best: number }>;
    /** Every person's current and best streak in a workspace, by user id (for `/quiz export`). */
    streaks(scope: Scope): Promise<{ userId: string; current: number; best: number }[]>;
  };
}

/** A workspace's own pack as stored: its Markdown (imports are stored converted) and who added it. */
export interface StoredPack extends Scope {
  packId: string;
  title: string;
  /** How many questions it holds (for listing without parsing). */
  questions: number;
  markdown: string;
  /** What the uploaded file was: markdown, aiken, gift or opentdb. */
  format: string;
  fileName: string;
  addedBy: string;
  /** When the pack was first added (kept when it is replaced). */
  addedAt: number;
  updatedAt: number;
}

/** The Store port: the queries, plus transactions and closing. */
export interface Store extends StoreQueries {
  /** Runs `fn` in one transaction; its reads and writes go through `tx`; all land or none. */
  transaction<T>(fn: (tx: StoreQueries) => Promise<T>): Promise<T>;
  /** Waits for an open transaction, then releases the connection(s). */
  close(): Promise<void>;
}

/** A running platform adapter, as `main.ts` sees it. */
export interface PlatformAdapter {
  readonly port: ChatPort;
  /** Connects and registers; resolves when the adapter can post. */
  start(): Promise<void>;
  /** Disconnects; resolves when in-flight work is done. */
  stop(): Promise<void>;
}
