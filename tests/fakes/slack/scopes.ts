/**
 * Scopes per token: a method called without its scope answers `missing_scope` with `needed` and
 * `provided`, as Slack does ({"ok":false,"error":"missing_scope","needed":"chat:write:bot",
 * "provided":"incoming-webhook,files:write"}, quoted in apache/superset#15904), plus the
 * X-OAuth-Scopes / X-Accepted-OAuth-Scopes headers the WebClient reads into response_metadata.
 * Which scope each method needs is on its reference page (docs.slack.dev/reference/methods/<method>).
 */
import type { SlackState } from './state.ts';

/** Every bot scope the fake knows; a token without `scopes` gets all of them. */
export const ALL_BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'reactions:read',
  'reactions:write',
  'users:read',
  'im:write',
  'im:read',
  'mpim:read',
  'mpim:write',
  'channels:read',
  'groups:read',
  'groups:write',
  'channels:manage',
  'usergroups:read',
  'files:read',
  'im:history',
  'files:write',
] as const;

const FIXED: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'reactions.add': ['reactions:write'],
  'reactions.remove': ['reactions:write'],
  'users.info': ['users:read'],
  'usergroups.users.list': ['usergroups:read'],
  // files.getUploadURLExternal and files.completeUploadExternal: "Bot token: files:write".
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  // "channels:manage, groups:write, im:write, mpim:write": any one of them.
  'conversations.open': ['channels:manage', 'groups:write', 'im:write', 'mpim:write'],
};

/**
 * The scopes that would allow this call (any one suffices), or an empty list when none is needed.
 * conversations.info and .members need the read scope of the conversation's own type: channels:read for
 * public channels, groups:read for private ones, im:read for DMs, mpim:read for group DMs.
 */
export function acceptedScopes(method: string, args: Record<string, unknown>, state: SlackState): string[] {
  const fixed = FIXED[method];
  if (fixed !== undefined) return fixed;
  if (method === 'conversations.info' || method === 'conversations.members') {
    const channel = typeof args.channel === 'string' ? state.channel(args.channel) : undefined;
    if (channel === undefined) return ['channels:read'];
    if (channel.isIm) return ['im:read'];
    if (channel.isMpim) return ['mpim:read'];
    return [channel.isPrivate ? 'groups:read' : 'channels:read'];
  }
  return [];
}
