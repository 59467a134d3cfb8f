/** What every Slack listener shares, and the one way a failure becomes a reply. */
import { reasonOf } from '../../../core/deps.ts';
import { StepwiseError } from '../../../core/errors.ts';
import type { Clock, Logger } from '../../../core/ports.ts';
import type { Tutor } from '../../../core/tutor.ts';
import { privateText, type Reply } from '../../../core/views.ts';
import type { Actors } from '../admin.ts';
import { redact } from '../api-errors.ts';
import type { Feedback } from '../feedback.ts';
import type { createInflight } from '../inflight.ts';
import type { SlackInstallations } from '../installations.ts';
import { PLATFORM } from '../refs.ts';

/** The listeners' collaborators, built once by createSlackAdapter. */
export interface SlackContext {
  tutor: Tutor;
  /** Per-person messages (ephemerals, DMs, App Home) on their own client and queues. */
  feedback: Feedback;
  actors: Actors;
  inflight: ReturnType<typeof createInflight>;
  clock: Clock;
  log: Logger;
  /** OAuth mode: the workspaces' installations (deleted on app_uninstalled / tokens_revoked). */
  installations?: SlackInstallations;
  /** How long a modal's submission may take before it is acked anyway (default FORM_ACK_BUDGET_MS; tests shorten it). */
  formAckBudgetMs?: number;
}

/** The generic apology: nothing internal ever reaches a chat. */
export const SORRY = 'Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, tell an admin.';

/** A core error becomes its own short message; anything else is logged (one line) and apologised for. */
export function errorReply(log: Logger, err: unknown, where: { workspace: string; channel?: string; user?: string }, what: string): Reply {
  if (err instanceof StepwiseError) return privateText(err.message, 'error');
  log.error('slack.handler_failed', { platform: PLATFORM, ...where, what, reason: redact(reasonOf(err)) });
  return privateText(SORRY, 'error');
}

/**
 * False (and a log line) when this event id was already handled, by this instance or another one
 * sharing the database: Slack redelivered it (x-slack-retry-num), perhaps to another instance.
 */
export async function firstDelivery(ctx: SlackContext, eventId: string | undefined, workspace: string, type: string, retryNum: number | undefined): Promise<boolean> {
  if (!eventId || (await ctx.tutor.firstDelivery(PLATFORM, eventId, ctx.clock.now()))) return true;
  ctx.log.info('slack.event_duplicate', { platform: PLATFORM, workspace, eventId, type, retry: retryNum ?? 0 });
  return false;
}
