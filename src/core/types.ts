/** Domain types shared by the core, the commands and every adapter. */

export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
/** How hard a question is; also its order in a pack's rotation and its points. */
export type Difficulty = (typeof DIFFICULTIES)[number];

/** Where something happens: a platform, a workspace on it (Discord guild, Slack team, `local`). */
export interface Scope {
  platform: string;
  workspace: string;
}

/** A channel inside a scope. */
export interface ChannelRef extends Scope {
  channel: string;
}

/** The person acting. Adapters decide `isAdmin` with the platform's own rules plus STEPWISE_ADMINS. */
export interface Actor {
  id: string;
  name: string;
  isAdmin: boolean;
}

/** One lettered option; `whyNot` says why a wrong option tempts. */
export interface Option {
  letter: string;
  text: string;
  whyNot?: string;
}

/** One step of a worked solution. */
export interface Step {
  title: string;
  explanation: string;
}

/** A multiple-choice question with its worked solution. */
export interface Question {
  id: string;
  packId: string;
  difficulty: Difficulty;
  prompt: string;
  options: Option[];
  answer: string;
  steps: Step[];
  finalAnswer: string;
  quickCheck: string;
  hint: string;
  commonMistakes: string[];
  /** 1-based index into the pack's key takeaways. */
  takeaway?: number;
}

/** A titled section of a pack's lesson. */
export interface LessonSection {
  title: string;
  body: string;
}

/** One lesson and its practice questions. */
export interface Pack {
  id: string;
  title: string;
  topic?: string;
  /** Lesson sections in display order (big idea first). */
  lesson: LessonSection[];
  takeaways: string[];
  questions: Question[];
  source: string;
}

/** Points for a right first answer. */
export const POINTS: Record<Difficulty, number> = { easy: 1, medium: 2, hard: 3 };

/** How an answer arrived; kept for stats and debugging. */
export type AnswerVia = 'command' | 'button' | 'reaction';

/** The lifecycle of a drop: claimed, posted, closed, or failed to post. */
export type DropState = 'posting' | 'open' | 'closed' | 'failed';

/** A question posted in a channel. */
export interface Drop extends ChannelRef {
  id: number;
  packId: string;
  questionId: string;
  difficulty: Difficulty;
  scheduleId: number | null;
  slot: number | null;
  state: DropState;
  messageRef: string | null;
  failure: string | null;
  openedAt: number;
  closesAt: number;
  closedAt: number | null;
  createdBy: string | null;
  /** Whether reactions count as answers (an admin can turn them off per schedule). */
  reactions: boolean;
  /** The question as it was posted; null only for drops stored before Stepwise kept it. */
  question: Question | null;
}

/** A stored answer: the first one a person gave to a drop. */
export interface Answer extends Scope {
  dropId: number;
  userId: string;
  packId: string;
  questionId: string;
  choice: string;
  correct: boolean;
  points: number;
  answeredAt: number;
  elapsedMs: number;
  via: AnswerVia;
}

/** A recurring drop in a channel. */
export interface Schedule extends ChannelRef {
  id: number;
  cron: string;
  tz: string;
  packId: string | null;
  difficulty: Difficulty | null;
  paused: boolean;
  createdBy: string;
  createdAt: number;
  /** Whether reactions count as answers on this schedule's drops. */
  reactions: boolean;
}
