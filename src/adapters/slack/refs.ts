/** Identifiers shared by the Slack listeners and renderers: platform name, message refs, action ids, emoji. */

/** The platform name in the core. */
export const PLATFORM = 'slack';

/** Button action ids: `stepwise_answer_a` … `stepwise_answer_f`; the value is `<dropId>:<letter>`. */
export const ANSWER_ACTION = /^stepwise_answer_[a-f]$/;
/** Review card buttons: `stepwise_review_a` …; the value is `<questionId>:<letter>`. */
export const REVIEW_ACTION = /^stepwise_review_[a-f]$/;
/** The 💡 Hint button of a drop (value `d:<dropId>`) or of a review card (value `r:<questionId>`). */
export const HINT_ACTION = 'stepwise_hint';

/** Parses a hint button value. */
export function parseHintValue(value: string | undefined): { dropId: number } | { questionId: string } | undefined {
  const d = /^d:(\d{1,12})$/.exec(value ?? '');
  if (d) return { dropId: Number(d[1]) };
  const r = /^r:([a-z0-9][a-z0-9-]{0,120})$/.exec(value ?? '');
  return r ? { questionId: r[1]! } : undefined;
}

/** Walkthrough buttons on private feedback: `stepwise_walk_next` and `stepwise_walk_all` (ids are unique in a block). */
export const WALK_ACTION = /^stepwise_walk_(next|all)$/;

/** A walkthrough button value: `d:<dropId>:<letter>:<stage>` or `r:<questionId>:<letter>:<stage>` (stage as core encodes it). */
export function walkValue(ref: { dropId: number | null; questionId: string; chosen: string }, stage: string): string {
  return ref.dropId !== null ? `d:${ref.dropId}:${ref.chosen}:${stage}` : `r:${ref.questionId}:${ref.chosen}:${stage}`;
}

/** Parses `walkValue`. */
export function parseWalkValue(value: string | undefined): { dropId: number; letter: string; stage: string } | { questionId: string; letter: string; stage: string } | undefined {
  const d = /^d:(\d{1,12}):([A-Fa-f]):([a-z0-9]{1,3})$/.exec(value ?? '');
  if (d) return { dropId: Number(d[1]), letter: d[2]!.toUpperCase(), stage: d[3]! };
  const r = /^r:([a-z0-9][a-z0-9-]{0,120}):([A-Fa-f]):([a-z0-9]{1,3})$/.exec(value ?? '');
  return r ? { questionId: r[1]!, letter: r[2]!.toUpperCase(), stage: r[3]! } : undefined;
}

/** Buttons on the admins' suggestion queue: `stepwise_sg_approve`, `stepwise_sg_edit`, `stepwise_sg_reject`; the value is the suggestion id. */
export const SUGGESTION_ACTION = /^stepwise_sg_(approve|edit|reject)$/;

/** The action id of a queue button. */
export function suggestionActionId(kind: 'approve' | 'edit' | 'reject'): string {
  return `stepwise_sg_${kind}`;
}

/** Parses a queue button value (the suggestion id). */
export function parseSuggestionValue(value: string | undefined): number | undefined {
  const m = /^(\d{1,12})$/.exec(value ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The callback_id of every Stepwise modal; what it is for travels in its private_metadata. */
export const FORM_CALLBACK = 'stepwise_form';
/** The action_id of each modal input (its block_id is the field's name). */
export const FORM_INPUT_ACTION = 'value';

/** The "Share in channel" button of an ephemeral leaderboard; the value is the period. */
export const SHARE_ACTION = 'stepwise_share_leaderboard';

/** The action id of the answer button for `letter`. */
export function answerActionId(letter: string): string {
  return `stepwise_answer_${letter.toLowerCase()}`;
}

/** Parses an answer button value `<dropId>:<letter>`. */
export function parseAnswerValue(value: string | undefined): { dropId: number; letter: string } | undefined {
  const m = /^(\d{1,12}):([A-Fa-f])$/.exec(value ?? '');
  return m ? { dropId: Number(m[1]), letter: m[2]!.toUpperCase() } : undefined;
}

/** The action id of the review-card button for `letter`. */
export function reviewActionId(letter: string): string {
  return `stepwise_review_${letter.toLowerCase()}`;
}

/** Parses a review button value `<questionId>:<letter>`. */
export function parseReviewValue(value: string | undefined): { questionId: string; letter: string } | undefined {
  const m = /^([a-z0-9][a-z0-9-]{0,120}):([A-Fa-f])$/.exec(value ?? '');
  return m ? { questionId: m[1]!, letter: m[2]!.toUpperCase() } : undefined;
}

/**
 * A drop's message ref: `<channel>:<ts>`. Channel ids are unique across Slack and ts is unique within a
 * channel, so a reaction event (item.channel, item.ts) finds its drop with the same ref.
 */
export function messageRef(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

/** Splits a ref made by `messageRef`. */
export function parseMessageRef(ref: string | null): { channel: string; ts: string } | undefined {
  const m = /^([A-Z0-9]+):(\d+\.\d+)$/.exec(ref ?? '');
  return m ? { channel: m[1]!, ts: m[2]! } : undefined;
}

/** The reactions the bot adds to a drop, one per option, in order. */
export const OPTION_REACTIONS = ['one', 'two', 'three', 'four', 'five', 'six'] as const;

const REACTION_LETTERS: Record<string, string> = { one: 'A', two: 'B', three: 'C', four: 'D', five: 'E', six: 'F', a: 'A', b: 'B' };

/** The letter a reaction stands for (`:two:` → B, `:b:` → B), or undefined for any other emoji. */
export function letterOfReaction(reaction: string): string | undefined {
  return REACTION_LETTERS[reaction.split('::')[0]!];
}

/** How far back a payload's own timestamp is believed (a redelivery or a skewed clock beyond this is not). */
export const PAYLOAD_TS_WINDOW_MS = 5 * 60_000;

/**
 * When the person acted: Slack's `action_ts` / `event_ts` ("seconds.micros", stamped at the click),
 * so a busy receiver does not make answers late; our own `now` when the payload's time is missing,
 * in the future, or older than the window (a clock that disagrees with ours).
 */
export function actedAt(payloadTs: string | undefined, now: number): number {
  const t = Math.floor(Number(payloadTs) * 1000);
  return Number.isFinite(t) && t <= now && now - t < PAYLOAD_TS_WINDOW_MS ? t : now;
}
