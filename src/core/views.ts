/** View-models: what the core says, before an adapter turns it into text, an embed or Block Kit. */
import type { Difficulty, Schedule, Step } from './types.ts';

/** A question as posted in a channel. */
export interface DropView {
  kind: 'drop';
  dropId: number;
  packId: string;
  packTitle: string;
  difficulty: Difficulty;
  /** The prompt, Markdown with fenced code blocks intact. */
  prompt: string;
  options: { letter: string; text: string }[];
  closesAt: number;
  /** Whether reactions count as answers; when false the drop must not invite them. */
  reactions: boolean;
  /** The workspace's zone, for the closing time in text. */
  tz?: string;
  /** Set on the first drop of a pack in a channel: a short public intro shown before the question. */
  intro?: { bigIdea: string; learnCommand: string };
}

/** The worked solution, shared by private feedback and the public reveal. */
export interface SolutionPart {
  correctLetter: string;
  correctText: string;
  steps: Step[];
  finalAnswer: string;
  quickCheck: string;
  commonMistakes: string[];
  hint: string;
  /** The lesson's related key takeaway, when the question names one. */
  takeaway?: string;
}

/**
 * How much of the worked solution private feedback shows: the start (verdict, why the pick tempts, final
 * answer), one step (1-based), the end (quick check, common mistakes, takeaway), or all of it at once.
 */
export type WalkStage = 'start' | number | 'end' | 'all';

/** Private feedback on one person's answer. */
export interface FeedbackView {
  kind: 'feedback';
  /** The drop answered, or null for a review card. */
  dropId: number | null;
  /** The question, so a review card's walkthrough buttons can name it. */
  questionId: string;
  /** What of the solution shows now; absent means all of it. */
  stage?: WalkStage;
  packTitle: string;
  difficulty: Difficulty;
  prompt: string;
  chosen: string;
  correct: boolean;
  points: number;
  /** Why the chosen wrong option tempts; leads the reply when the content says. */
  whyNot?: string;
  /** Set when this was not scored: a repeat answer, or an answer after close. */
  note?: string;
  /** The person asked for the hint before answering (shown as "with hint"; it cost points and rating). */
  hinted?: true;
  solution: SolutionPart;
}

/** The reveal posted when a drop closes. */
export interface RevealView {
  kind: 'reveal';
  dropId: number;
  packTitle: string;
  difficulty: Difficulty;
  prompt: string;
  options: { letter: string; text: string; count: number }[];
  total: number;
  /** Display names of those who got it right, in answer order (capped). */
  winners: string[];
  moreWinners: number;
  solution: SolutionPart;
  /** The display name of the member who suggested the question, when an admin approved it from `/quiz suggest`. */
  credit?: string;
}

/** A person's score: shared by leaderboard rows and stats. */
export interface ScoreLine {
  userId: string;
  name: string;
  points: number;
  correct: number;
  answered: number;
  accuracy: number;
  streak: number;
}

/** One row of a leaderboard. */
export interface BoardRow extends ScoreLine {
  rank: number;
}

/** A leaderboard for a period. */
export interface LeaderboardView {
  kind: 'leaderboard';
  period: 'week' | 'month' | 'all';
  /** Human label such as "this week (since Mon 23 Nov, Europe/Berlin)". */
  label: string;
  rows: BoardRow[];
  /** The caller's own row when it is not among `rows`. */
  me?: BoardRow;
  players: number;
  /** Set on the weekly summary post: the past week's winner (the first of `rows`). */
  champion?: { name: string; points: number };
}

/** A person's stats. */
export interface StatsView extends ScoreLine {
  kind: 'stats';
  /** The workspace's zone, for the next review time. */
  tz?: string;
  bestStreak: number;
  packs: { packId: string; title: string; correct: number; answered: number; accuracy: number }[];
  /** Per pack: share likely right now (FSRS retrievability) and share never seen, 0..1. */
  mastery: { packId: string; title: string; mastery: number; unseen: number }[];
  reviews: { done: number; due: number; nextDue: number | null };
  /** How many questions the person suggested were approved (`/quiz suggest`). */
  suggested?: number;
  /**
   * The last eight weeks of answers, one count per local day from `start` (a Monday 00:00 in `tz`), oldest
   * first: 56 days, today's week last.
   */
  calendar?: { start: number; tz: string; days: number[] };
}

/** A spaced-review card shown privately; answered like a drop, graded for that person only. */
export interface ReviewView {
  kind: 'review';
  questionId: string;
  packTitle: string;
  difficulty: Difficulty;
  prompt: string;
  options: { letter: string; text: string }[];
  /** How many more cards are due after this one. */
  dueAfter: number;
  /** How overdue this card is, in ms (0 when just due). */
  overdueMs: number;
  /** Set when this is the daily reminder rather than an answer to /quiz review. */
  reminder?: true;
}

/** A pack's lesson, in sections, for /quiz learn. */
export interface LessonView {
  kind: 'lesson';
  packId: string;
  title: string;
  sections: { title: string; body: string }[];
  questions: number;
}

/** Admin insights for a workspace (optionally one pack). */
export interface InsightsView {
  kind: 'insights';
  packId: string | null;
  /** Lowest first-answer accuracy first. */
  hardest: { questionId: string; packTitle: string; prompt: string; answered: number; accuracy: number; topWrong: { letter: string; text: string; n: number } | null }[];
  /** Hint requests per question (drops and review cards), most asked first. */
  hints: { questionId: string; packTitle: string; asked: number }[];
  /** Questions whose first-answer accuracy disagrees with their difficulty label, with enough answers to say so. */
  labels: { questionId: string; packTitle: string; label: Difficulty; answered: number; accuracy: number; suggest: 'harder' | 'easier' }[];
  /** Oldest week first, weeks starting Monday in the workspace zone. */
  weeks: { start: number; label: string; people: number; answers: number }[];
}

/** Loaded packs. */
export interface PacksView {
  kind: 'packs';
  packs: { id: string; title: string; topic?: string; questions: number; byDifficulty: Record<Difficulty, number> }[];
}

/** Stored schedules of a workspace. */
export interface SchedulesView {
  kind: 'schedules';
  schedules: Pick<Schedule, 'id' | 'channel' | 'cron' | 'tz' | 'packId' | 'difficulty' | 'paused' | 'createdBy'>[];
}

/** Command help, built from the one command spec. */
export interface HelpView {
  kind: 'help';
  sections: { title: string; lines: { usage: string; description: string }[] }[];
}

/** One suggested question as the admins' queue shows it. */
export interface SuggestionItem {
  id: number;
  authorName: string;
  createdAt: number;
  prompt: string;
  options: { letter: string; text: string }[];
  answer: string;
  /** The explanation as written: one step per line, with optional `Check:` and `Mistake:` lines. */
  steps: string;
  hint: string;
  /** Set when an admin edited it: their display name. */
  editedBy?: string;
}

/**
 * `/quiz suggestions`: the oldest pending suggestions, each with Approve, Edit and Reject where the platform
 * has buttons (and the text commands that do the same).
 */
export interface SuggestionsView {
  kind: 'suggestions';
  items: SuggestionItem[];
  /** How many are pending in all (more than `items` when the queue is long). */
  pending: number;
}

/** A short message. `tone` lets adapters colour it. */
export interface TextView {
  kind: 'text';
  text: string;
  tone: 'info' | 'success' | 'error';
}

/** Everything a command or an answer can reply with. */
export type View =
  | DropView
  | FeedbackView
  | RevealView
  | LeaderboardView
  | StatsView
  | PacksView
  | SchedulesView
  | HelpView
  | ReviewView
  | LessonView
  | InsightsView
  | SuggestionsView
  | TextView;

/** A reply to the actor: private (ephemeral/DM) or public in the channel. */
export interface Reply {
  visibility: 'private' | 'public';
  view: View;
  /** A note for this person shown above the reply, once (such as "your reminders are off"). */
  notice?: string;
  /** Files sent with the reply. The view's text is always sent too: it is what a file cannot reach says. */
  files?: ReplyFile[];
  /**
   * A form to open instead of replying (a Discord or Slack modal, prompts in the terminal). `view` is what to
   * say where the form cannot be opened (the platform's trigger expired, say).
   */
  form?: FormView;
}

/**
 * A form a person fills in. Its submission goes to `tutor.submitForm(…, form.form, form.key, values)`.
 * Sized for the strictest platform: at most 5 fields (Discord), title and submit label at most 24
 * characters (Slack), field labels at most 45 and placeholders at most 100 characters (Discord).
 */
export interface FormView {
  /** What the submission does: a new suggestion, an admin's edit of one, an admin's rejection with a reason. */
  form: FormKind;
  /** The suggestion id for 'edit' and 'reject'. */
  key?: string;
  title: string;
  submit: string;
  fields: FormField[];
}

export type FormKind = 'suggest' | 'edit' | 'reject';

/** One text field of a form. */
export interface FormField {
  name: string;
  label: string;
  /** One line, or several (a textarea on Discord and Slack; lines until an empty one in the terminal). */
  style: 'short' | 'paragraph';
  required: boolean;
  minLength?: number;
  maxLength: number;
  placeholder?: string;
  /** Filled in already (an edit, or a submission sent back with errors). */
  value?: string;
}

/**
 * What a submitted form led to: a reply, or the form back with a message per field that was not right
 * (Slack shows them under the fields; Discord and the terminal list them and offer the form again).
 */
export type FormOutcome = { kind: 'done'; reply: Reply } | { kind: 'invalid'; errors: Record<string, string>; form: FormView };

/**
 * A file sent with a reply. A 'picture' illustrates the view it came from (a leaderboard card), so where it
 * cannot be sent (no Attach Files permission, no files:write scope) the text alone is enough. A 'download'
 * is what was asked for (a CSV export, a pack's Markdown): where it cannot be sent the reply says why.
 */
export interface ReplyFile {
  kind: 'picture' | 'download';
  /** File name with its extension, such as `leaderboard.png` or `scores-week.csv`. */
  name: string;
  /** MIME type, such as `image/png`, `text/csv` or `text/markdown`. */
  contentType: string;
  bytes: Uint8Array;
  /** What the file holds, in one line: alt text for a picture, a title for a download. */
  description: string;
}

/** A private text reply. */
export function privateText(text: string, tone: TextView['tone'] = 'info'): Reply {
  return { visibility: 'private', view: { kind: 'text', text, tone } };
}
