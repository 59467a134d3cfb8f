import { blockProblem, type Surface } from './block-kit.ts';
import { isKnownEmoji } from './emoji.ts';
import type { SlackState } from './state.ts';
import { viewsOpen } from './views.ts';
import type { FakeChannel, FakeUser } from './workspace.ts';

/** What a method handler sees besides its arguments. */
export interface MethodContext {
  state: SlackState;
  token: string;
  tokenKind: 'bot' | 'app';
}

/** A Web API method implementation: arguments in, Slack's JSON answer (`ok: true|false`) out. */
export type MethodHandler = (args: Record<string, unknown>, ctx: MethodContext) => Record<string, unknown>;

const fail = (error: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ ok: false, error, ...extra });
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Resolves a `channel` argument like Slack: channel ids/names, or a user id meaning the bot's DM with them. */
function resolveChannel(state: SlackState, raw: unknown): FakeChannel | undefined {
  const id = str(raw);
  if (id === undefined) return undefined;
  if (/^[UW]/.test(id) && state.user(id) !== undefined) return state.dmWith(id);
  return state.channel(id);
}

function botProfile(state: SlackState): Record<string, unknown> {
  const ws = state.workspace;
  return { id: ws.botId, app_id: ws.appId, name: ws.botName, icons: {}, deleted: false, updated: 1_700_000_000, team_id: ws.teamId };
}

function userObject(state: SlackState, u: FakeUser): Record<string, unknown> {
  const ws = state.workspace;
  const profile = {
    real_name: u.realName,
    display_name: u.displayName,
    real_name_normalized: u.realName,
    display_name_normalized: u.displayName,
    team: ws.teamId,
    ...(u.isBot ? { bot_id: ws.botId, api_app_id: ws.appId } : {}),
  };
  return {
    id: u.id,
    team_id: ws.teamId,
    name: u.name,
    deleted: u.deleted === true,
    real_name: u.realName,
    tz: u.tz ?? 'UTC',
    tz_offset: 0,
    profile,
    is_admin: u.isAdmin,
    is_owner: u.isOwner,
    is_primary_owner: u.isOwner,
    is_restricted: u.guest !== undefined,
    is_ultra_restricted: u.guest === 'single',
    is_bot: u.isBot,
    is_app_user: false,
    updated: 1_700_000_000,
    // Grid users: "enterprise_user … is_admin, is_owner" (docs.slack.dev/reference/objects/user-object).
    ...(u.enterprise
      ? { enterprise_user: { id: u.id, enterprise_id: u.enterprise.id, enterprise_name: u.enterprise.name, is_admin: u.enterprise.isAdmin, is_owner: u.enterprise.isOwner, teams: [ws.teamId] } }
      : {}),
  };
}

function channelObject(state: SlackState, c: FakeChannel): Record<string, unknown> {
  if (c.isIm) {
    const user = c.members.find((m) => m !== state.workspace.botUserId);
    return { id: c.id, created: 1_700_000_000, is_im: true, is_org_shared: false, user, is_user_deleted: false };
  }
  const mpim = c.isMpim === true;
  return {
    id: c.id,
    name: c.name,
    name_normalized: c.name,
    is_channel: !c.isPrivate,
    is_group: c.isPrivate && !mpim,
    is_im: false,
    is_mpim: mpim,
    is_private: c.isPrivate,
    is_archived: c.isArchived === true,
    is_general: false,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_member: state.isBotMember(c),
    created: 1_700_000_000,
    creator: state.workspace.users.find((u) => u.isOwner)?.id ?? '',
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
  };
}

/**
 * Shared checks for posting, in Slack's terms (chat.postMessage "Errors"): the channel exists
 * (`channel_not_found`), is not archived (`is_archived`), the bot is in it (`not_in_channel`), the
 * channel's posting rules allow it (`restricted_action`, `restricted_action_read_only_channel`,
 * `restricted_action_thread_only_channel` for a top-level post where only replies are allowed,
 * `restricted_action_non_threadable_channel` for a reply where threads are off), there is content
 * (`no_text`), and the blocks are valid (`invalid_blocks`).
 */
function checkPost(state: SlackState, args: Record<string, unknown>): FakeChannel | Record<string, unknown> {
  const channel = resolveChannel(state, args.channel);
  if (channel === undefined) return fail('channel_not_found');
  if (channel.isArchived) return fail('is_archived');
  if (!state.isBotMember(channel)) return fail('not_in_channel');
  const reply = str(args.thread_ts) !== undefined;
  if (channel.posting === 'restricted') return fail('restricted_action');
  if (channel.posting === 'read_only') return fail('restricted_action_read_only_channel');
  if (channel.posting === 'thread_only' && !reply) return fail('restricted_action_thread_only_channel');
  if (channel.posting === 'non_threadable' && reply) return fail('restricted_action_non_threadable_channel');
  if (str(args.text) === undefined && args.blocks === undefined && args.attachments === undefined) return fail('no_text');
  return checkBlocks(args.blocks, 'message') ?? channel;
}

/** `invalid_blocks` with Slack's error line, or undefined when the blocks are fine (or absent). */
function checkBlocks(blocks: unknown, surface: Surface): Record<string, unknown> | undefined {
  if (blocks === undefined) return undefined;
  const problem = blockProblem(blocks, surface);
  return problem === undefined ? undefined : fail('invalid_blocks', { response_metadata: { messages: [problem] } });
}

const isFailure = (value: FakeChannel | Record<string, unknown>): value is Record<string, unknown> => 'ok' in value;

/** The default method table; `startFakeSlack({ methods })` can add or override entries. */
export const defaultMethods: Record<string, MethodHandler> = {
  'auth.test': (_args, { state }) => {
    const ws = state.workspace;
    return {
      ok: true,
      url: `https://${ws.teamDomain}.slack.com/`,
      team: ws.teamName,
      user: ws.botName,
      team_id: ws.teamId,
      user_id: ws.botUserId,
      bot_id: ws.botId,
      is_enterprise_install: false,
    };
  },

  'chat.postMessage': (args, { state }) => {
    const checked = checkPost(state, args);
    if (isFailure(checked)) return checked;
    const ws = state.workspace;
    const ts = state.nextTs();
    const text = str(args.text) ?? '';
    const threadTs = str(args.thread_ts);
    state.messages.push({ channel: checked.id, ts, user: ws.botUserId, botId: ws.botId, text, blocks: args.blocks, threadTs });
    const message: Record<string, unknown> = {
      user: ws.botUserId,
      type: 'message',
      ts,
      bot_id: ws.botId,
      app_id: ws.appId,
      text,
      team: ws.teamId,
      bot_profile: botProfile(state),
      ...(args.blocks !== undefined ? { blocks: args.blocks } : {}),
      ...(threadTs !== undefined ? { thread_ts: threadTs, parent_user_id: ws.botUserId } : {}),
    };
    return { ok: true, channel: checked.id, ts, message };
  },

  'chat.postEphemeral': (args, { state }) => {
    const checked = checkPost(state, args);
    if (isFailure(checked)) return checked;
    const userId = str(args.user);
    if (userId === undefined || state.user(userId) === undefined) return fail('user_not_found');
    if (!checked.members.includes(userId) || state.user(userId)?.deleted) return fail('user_not_in_channel');
    const ts = state.nextTs();
    const ws = state.workspace;
    state.messages.push({ channel: checked.id, ts, user: ws.botUserId, botId: ws.botId, text: str(args.text) ?? '', blocks: args.blocks, ephemeralFor: userId });
    return { ok: true, message_ts: ts };
  },

  'chat.update': (args, { state }) => {
    const channel = resolveChannel(state, args.channel);
    if (channel === undefined) return fail('channel_not_found');
    const ts = str(args.ts);
    const message = ts === undefined ? undefined : state.findMessage(channel.id, ts);
    if (message === undefined || ts === undefined) return fail('message_not_found');
    if (message.user !== state.workspace.botUserId) return fail('cant_update_message');
    if (str(args.text) === undefined && args.blocks === undefined && args.attachments === undefined) return fail('no_text');
    const invalid = checkBlocks(args.blocks, 'message');
    if (invalid !== undefined) return invalid;
    message.text = str(args.text) ?? message.text;
    if (args.blocks !== undefined) message.blocks = args.blocks;
    const echoed = { text: message.text, user: message.user, ...(message.blocks !== undefined ? { blocks: message.blocks } : {}) };
    return { ok: true, channel: channel.id, ts, text: message.text, message: echoed };
  },

  'reactions.add': (args, { state }) => {
    const name = str(args.name);
    // "invalid_name: Value passed for name was invalid" (reactions.add "Errors"): only real emoji names.
    if (name === undefined || !isKnownEmoji(name)) return fail('invalid_name');
    const ts = str(args.timestamp);
    if (str(args.channel) === undefined || ts === undefined) return fail('no_item_specified');
    const channel = resolveChannel(state, args.channel);
    if (channel === undefined) return fail('channel_not_found');
    if (channel.isArchived) return fail('is_archived');
    const key = `${channel.id}|${ts}|${name}`;
    if (state.reactions.has(key)) return fail('already_reacted');
    state.reactions.add(key);
    return { ok: true };
  },

  'reactions.remove': (args, { state }) => {
    const name = str(args.name);
    if (name === undefined || !isKnownEmoji(name)) return fail('invalid_name');
    const channel = resolveChannel(state, args.channel);
    if (channel === undefined) return fail('channel_not_found');
    const key = `${channel.id}|${str(args.timestamp) ?? ''}|${name}`;
    // "no_reaction: The specified item does not have the user/reaction combination."
    if (!state.reactions.delete(key)) return fail('no_reaction');
    return { ok: true };
  },

  'conversations.open': (args, { state }) => {
    const users = (str(args.users) ?? '').split(',').filter((u) => u !== '');
    const userId = users[0];
    if (userId === undefined) return fail('users_list_not_supplied');
    if (users.length > 1) return fail('not_supported', { detail: 'the fake only opens 1:1 DMs' });
    if (state.user(userId) === undefined) return fail('user_not_found');
    // conversations.open "Errors": user_disabled, "The user has been disabled."
    if (state.user(userId)?.deleted) return fail('user_disabled');
    const existed = state.workspace.channels.some((c) => c.isIm && c.members.includes(userId));
    const dm = state.dmWith(userId);
    const full = args.return_im === true || args.return_im === 'true';
    return {
      ok: true,
      ...(existed ? { no_op: true, already_open: true } : {}),
      channel: full ? channelObject(state, dm) : { id: dm.id },
    };
  },

  // files.getUploadURLExternal: filename and length are required; "file_upload_size_restricted: The size of
  // provided file is too large"; alt_txt over 1000 characters is "alt_txt_too_large".
  'files.getUploadURLExternal': (args, { state }) => {
    const filename = str(args.filename);
    const length = Number(args.length);
    if (filename === undefined || !Number.isInteger(length) || length <= 0) return fail('invalid_arguments');
    const altText = str(args.alt_txt) ?? str(args.alt_text);
    if (altText !== undefined && altText.length > 1000) return fail('alt_txt_too_large');
    if (length > state.maxUploadBytes) return fail('file_upload_size_restricted');
    const id = state.nextId('F');
    state.uploads.set(id, { id, filename, length, ...(altText !== undefined ? { altText } : {}) });
    return { ok: true, upload_url: `${state.uploadBase}/upload/${id}`, file_id: id };
  },

  // files.completeUploadExternal: shares the uploaded files in channel_id (optionally in thread_ts, with
  // initial_comment). The bot must be in the conversation: "not_in_channel"; an unknown one is
  // "channel_not_found"; a file never POSTed to its URL is "file_not_found".
  'files.completeUploadExternal': (args, { state }) => {
    const listed = Array.isArray(args.files) ? (args.files as { id?: string; title?: string }[]) : undefined;
    if (listed === undefined || listed.length === 0) return fail('invalid_arguments');
    const uploads = listed.map((f) => (f.id === undefined ? undefined : state.uploads.get(f.id)));
    if (uploads.some((u) => u === undefined || u.bytes === undefined || u.sharedIn !== undefined)) return fail('file_not_found');
    const channelId = str(args.channel_id);
    const threadTs = str(args.thread_ts);
    const initialComment = str(args.initial_comment);
    const shared: Record<string, unknown>[] = [];
    if (channelId !== undefined) {
      const channel = state.channel(channelId);
      if (channel === undefined) return fail('channel_not_found');
      if (channel.isArchived) return fail('is_archived');
      if (!state.isBotMember(channel)) return fail('not_in_channel');
      const ts = state.nextTs();
      const ws = state.workspace;
      const ids = uploads.map((u) => u!.id);
      state.messages.push({ channel: channel.id, ts, user: ws.botUserId, botId: ws.botId, text: initialComment ?? '', threadTs, files: ids });
      for (const [i, u] of uploads.entries()) {
        u!.title = listed[i]!.title ?? u!.filename;
        u!.sharedIn = { channel: channel.id, ts, ...(threadTs !== undefined ? { threadTs } : {}), ...(initialComment !== undefined ? { initialComment } : {}) };
      }
    }
    for (const u of uploads) shared.push({ id: u!.id, name: u!.filename, title: u!.title ?? u!.filename, size: u!.bytes!.length });
    return { ok: true, files: shared };
  },

  'conversations.info': (args, { state }) => {
    const channel = state.channel(str(args.channel) ?? '');
    return channel === undefined ? fail('channel_not_found') : { ok: true, channel: channelObject(state, channel) };
  },

  'conversations.members': (args, { state }) => {
    const channel = state.channel(str(args.channel) ?? '');
    if (channel === undefined) return fail('channel_not_found');
    return { ok: true, members: [...channel.members], response_metadata: { next_cursor: '' } };
  },

  // docs.slack.dev/reference/methods/usergroups.users.list: `usergroup` is required; answers `users`, the ids.
  // An id that names no group of the workspace is `no_such_subteam`.
  'usergroups.users.list': (args, { state }) => {
    const id = str(args.usergroup);
    if (id === undefined) return fail('invalid_arguments');
    const group = state.workspace.usergroups.find((g) => g.id === id);
    if (group === undefined) return fail('no_such_subteam');
    return { ok: true, users: [...group.users] };
  },

  'users.info': (args, { state }) => {
    const user = state.user(str(args.user) ?? '');
    return user === undefined ? fail('user_not_found') : { ok: true, user: userObject(state, user) };
  },

  // views.open needs no scope; see views.ts for the checks and where each comes from.
  'views.open': (args, { state }) => viewsOpen(args, state),

  'views.publish': (args, { state }) => {
    const userId = str(args.user_id);
    if (userId === undefined || state.user(userId) === undefined) return fail('user_not_found');
    const view = args.view;
    if (typeof view !== 'object' || view === null) return fail('invalid_arguments');
    const invalid = checkBlocks((view as Record<string, unknown>).blocks ?? [], 'home');
    if (invalid !== undefined) return invalid;
    const ws = state.workspace;
    const id = state.nextId('V');
    const published: Record<string, unknown> = {
      id,
      team_id: ws.teamId,
      type: 'home',
      close: null,
      submit: null,
      blocks: [],
      private_metadata: '',
      callback_id: '',
      state: { values: {} },
      hash: `${state.nextTs()}.fakehash`,
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: id,
      previous_view_id: null,
      app_id: ws.appId,
      external_id: '',
      app_installed_team_id: ws.teamId,
      bot_id: ws.botId,
      ...(view as Record<string, unknown>),
    };
    state.homeViews.set(userId, published);
    return { ok: true, view: published };
  },
};
