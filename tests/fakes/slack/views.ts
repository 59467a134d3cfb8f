/**
 * Modals on the fake: trigger_ids, views.open and the view_submission payload a person's submit sends.
 * Facts, from docs.slack.dev:
 * - views.open (reference/methods/views.open; the same table on views.push): "exchanged_trigger_id: The
 *   trigger_id was already exchanged in a previous call", "expired_trigger_id: The trigger_id is expired",
 *   "invalid_trigger_id: The trigger_id is invalid. Expected format: "132456.7890123.abcdef"",
 *   "view_too_large: … greater than 250kb", and `invalid_arguments` with `response_metadata.messages`
 *   (e.g. "missing required field: title") for a view that is not right. No scope is needed.
 * - A trigger_id comes with a slash command or an interaction and is good for 3 seconds
 *   (interactivity/handling, "trigger_id … expires in 3 seconds").
 * - Modal views (reference/views/modal-views): `type` modal; `title` plain_text, max 24 characters;
 *   `blocks` max 100; `close` and `submit` plain_text, max 24; "submit is required when an input block is
 *   within the blocks array"; `private_metadata` max 3000; `callback_id` max 255; `external_id` max 255.
 * - Input block (reference/block-kit/blocks/input-block): `label` plain_text max 2000, `hint` max 2000,
 *   `element` required, `block_id` max 255.
 * - plain_text_input (block-elements/plain-text-input-element): `action_id` max 255, `placeholder`
 *   plain_text max 150, `min_length` 0..3000, `max_length` 1..3000.
 * - view_submission (interaction-payloads/view-interactions-payload): type, team, user, view (with
 *   `state.values[block_id][action_id]`, `private_metadata`, `callback_id`), api_app_id, trigger_id…
 *   An empty plain_text_input is sent as `value: null`.
 * Slack's client does not submit a modal whose required input is empty or whose text breaks min_length /
 * max_length: `submission()` refuses to build such a payload, so a test cannot send what Slack never would.
 */
import { blockProblem } from './block-kit.ts';
import type { SlackState } from './state.ts';
import { IDS } from './workspace.ts';
import { VERIFICATION_TOKEN, triggerId as newTriggerId } from './payloads.ts';

/** How long a trigger_id can be exchanged (ms). */
export const TRIGGER_LIFETIME_MS = 3000;
/** Largest view Slack accepts ("greater than 250kb" answers view_too_large). */
export const MAX_VIEW_BYTES = 250 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A trigger_id the fake handed out with a payload, for whom and when (the fake's clock). */
export interface IssuedTrigger {
  user: string;
  at: number;
  exchanged: boolean;
}

/** A modal views.open opened, for the person whose trigger opened it. */
export interface OpenedView {
  id: string;
  user: string;
  /** The view as Slack echoes it (id, hash, state… filled in). */
  view: Obj;
  /** The fake's clock when it opened. */
  at: number;
}

/** Triggers and opened views of one workspace. */
export class FakeViews {
  readonly triggers = new Map<string, IssuedTrigger>();
  readonly opened: OpenedView[] = [];
}

const fail = (error: string, extra: Obj = {}): Obj => ({ ok: false, error, ...extra });

/** Slack's format: `[ERROR] <what> [json-pointer:<where>]`. */
const err = (what: string, at: string) => `[ERROR] ${what} [json-pointer:${at}]`;

function plainTextProblems(value: unknown, max: number, at: string, required: boolean): string[] {
  if (value === undefined) return required ? [err('missing required field: text', at)] : [];
  if (!isObj(value)) return [err('must be an object', at)];
  if (value.type !== 'plain_text') return [err('must be a plain_text text object', `${at}/type`)];
  const text = value.text;
  if (typeof text !== 'string' || text.length === 0) return [err('must be more than 0 characters', `${at}/text`)];
  if (text.length > max) return [err(`must be less than ${max + 1} characters`, `${at}/text`)];
  return [];
}

function lengthLimit(value: unknown, min: number, max: number, at: string): string[] {
  if (value === undefined) return [];
  if (typeof value !== 'number' || !Number.isInteger(value)) return [err('must be an integer', at)];
  if (value < min) return [err(`must be at least ${min}`, at)];
  if (value > max) return [err(`must be at most ${max}`, at)];
  return [];
}

function plainTextInputProblems(e: Obj, at: string): string[] {
  const out: string[] = [];
  if (typeof e.action_id === 'string' && e.action_id.length > 255) out.push(err('must be less than 256 characters', `${at}/action_id`));
  out.push(...plainTextProblems(e.placeholder, 150, `${at}/placeholder`, false));
  out.push(...lengthLimit(e.min_length, 0, 3000, `${at}/min_length`));
  out.push(...lengthLimit(e.max_length, 1, 3000, `${at}/max_length`));
  if (typeof e.min_length === 'number' && typeof e.max_length === 'number' && e.min_length > e.max_length) {
    out.push(err('min_length must be less than or equal to max_length', `${at}/min_length`));
  }
  if (e.multiline !== undefined && typeof e.multiline !== 'boolean') out.push(err('must be a boolean', `${at}/multiline`));
  if (e.initial_value !== undefined && typeof e.initial_value !== 'string') out.push(err('must be a string', `${at}/initial_value`));
  return out;
}

/** Problems with an input block (its label, hint and element), as Slack's error lines. */
export function inputBlockProblems(block: Obj, at: string): string[] {
  const out = [...plainTextProblems(block.label, 2000, `${at}/label`, true), ...plainTextProblems(block.hint, 2000, `${at}/hint`, false)];
  if (!isObj(block.element)) return [...out, err('missing required field: element', at)];
  if (block.element.type === 'plain_text_input') out.push(...plainTextInputProblems(block.element, `${at}/element`));
  return out;
}

/** Every problem Slack would list for a modal view, or [] when it would open. */
export function modalProblems(view: unknown): string[] {
  if (!isObj(view)) return [err('must be an object', '/view')];
  const out: string[] = [];
  if (view.type !== 'modal') out.push(err('must be one of: modal', '/view/type'));
  out.push(...plainTextProblems(view.title, 24, '/view/title', true));
  out.push(...plainTextProblems(view.close, 24, '/view/close', false));
  out.push(...plainTextProblems(view.submit, 24, '/view/submit', false));
  for (const [key, max] of [['callback_id', 255], ['private_metadata', 3000], ['external_id', 255]] as const) {
    const value = view[key];
    if (value !== undefined && typeof value !== 'string') out.push(err('must be a string', `/view/${key}`));
    else if (typeof value === 'string' && value.length > max) out.push(err(`must be less than ${max + 1} characters`, `/view/${key}`));
  }
  const blocks = view.blocks;
  if (!Array.isArray(blocks)) return [...out, err('missing required field: blocks', '/view/blocks')];
  const general = blockProblem(blocks, 'modal');
  if (general) out.push(general.replace('[json-pointer:/blocks', '[json-pointer:/view/blocks'));
  const hasInput = blocks.some((b) => isObj(b) && b.type === 'input');
  if (hasInput && view.submit === undefined) out.push(err('submit is required when an input block is within the blocks array', '/view/submit'));
  for (const [i, b] of blocks.entries()) if (isObj(b) && b.type === 'input') out.push(...inputBlockProblems(b, `/view/blocks/${i}`));
  return out;
}

/** The views.open handler: exchanges a fresh trigger_id the fake issued for a valid modal. */
export function viewsOpen(args: Obj, state: SlackState): Obj {
  const trigger = typeof args.trigger_id === 'string' && args.trigger_id !== '' ? args.trigger_id : undefined;
  if (trigger === undefined && args.interactivity_pointer === undefined) {
    return fail('invalid_arguments', { response_metadata: { messages: [err('missing required field: trigger_id', '/trigger_id')] } });
  }
  const issued = trigger === undefined ? undefined : state.views.triggers.get(trigger);
  if (issued === undefined) return fail('invalid_trigger_id');
  if (issued.exchanged) return fail('exchanged_trigger_id');
  if (state.clock() - issued.at > TRIGGER_LIFETIME_MS) return fail('expired_trigger_id');
  if (JSON.stringify(args.view ?? null).length > MAX_VIEW_BYTES) return fail('view_too_large');
  const problems = modalProblems(args.view);
  if (problems.length) return fail('invalid_arguments', { response_metadata: { messages: problems } });
  issued.exchanged = true;
  const ws = state.workspace;
  const id = state.nextId('V');
  const given = args.view as Obj;
  const view: Obj = {
    id,
    team_id: ws.teamId,
    type: 'modal',
    private_metadata: '',
    callback_id: '',
    external_id: '',
    state: { values: {} },
    hash: `${state.nextTs()}.fakehash`,
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: null,
    previous_view_id: null,
    root_view_id: id,
    app_id: ws.appId,
    app_installed_team_id: ws.teamId,
    bot_id: ws.botId,
    ...given,
  };
  state.views.opened.push({ id, user: issued.user, view, at: state.clock() });
  return { ok: true, view };
}

/** What a person typed into a modal: text per input block_id (null: left empty). Omitted blocks keep their initial_value. */
export type TypedValues = Record<string, string | null>;

/**
 * The view_submission payload Slack sends when the person submits `opened` with `typed`. Throws when
 * Slack's client would not let them submit (a required input empty, a text outside min_length/max_length).
 */
export function submission(state: SlackState, opened: OpenedView, typed: TypedValues = {}): Obj {
  const blocks = (opened.view.blocks as Obj[]).filter((b) => b.type === 'input' && isObj(b.element));
  const unknown = Object.keys(typed).filter((k) => !blocks.some((b) => b.block_id === k));
  if (unknown.length) throw new Error(`fake slack: the modal has no input block ${unknown.join(', ')}`);
  const values: Record<string, Record<string, Obj>> = {};
  for (const block of blocks) {
    const element = block.element as Obj;
    const blockId = String(block.block_id);
    const given = blockId in typed ? typed[blockId] : (element.initial_value as string | undefined);
    const value = given === undefined || given === '' ? null : given;
    const label = (block.label as Obj | undefined)?.text;
    if (value === null && block.optional !== true) throw new Error(`fake slack: Slack would not submit: "${String(label)}" is required`);
    if (value !== null && typeof element.min_length === 'number' && value.length < element.min_length) {
      throw new Error(`fake slack: Slack would not submit: "${String(label)}" needs at least ${element.min_length} characters`);
    }
    if (value !== null && typeof element.max_length === 'number' && value.length > element.max_length) {
      throw new Error(`fake slack: Slack would not submit: "${String(label)}" allows at most ${element.max_length} characters`);
    }
    values[blockId] = { [String(element.action_id)]: { type: element.type, value } };
  }
  const ws = state.workspace;
  const user = state.user(opened.user);
  const trigger = newTriggerId();
  state.views.triggers.set(trigger, { user: opened.user, at: state.clock(), exchanged: false });
  return {
    type: 'view_submission',
    team: { id: ws.teamId, domain: ws.teamDomain },
    user: { id: opened.user, username: user?.name ?? opened.user, name: user?.name ?? opened.user, team_id: ws.teamId },
    api_app_id: ws.appId ?? IDS.app,
    token: VERIFICATION_TOKEN,
    trigger_id: trigger,
    view: { ...opened.view, state: { values } },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
