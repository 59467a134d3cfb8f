import type { FakeState } from './state.ts';

/** One REST request as the fake saw it; `path` is relative to /api/v10, percent-decoded, without query. */
export interface RecordedCall {
  method: string;
  /** e.g. `/webhooks/:app/:token/messages/@original` or `/channels/:c/messages/:m/reactions/✅/@me`. */
  path: string;
  /** The path exactly as sent (still percent-encoded). */
  rawPath: string;
  query: Record<string, string>;
  /** Parsed JSON body; for multipart requests the parsed `payload_json`. */
  body: unknown;
  /** Names of uploaded files (multipart requests only). */
  files: string[];
  /** The uploaded files themselves, in `files[n]` order (multipart requests only). */
  uploads: Upload[];
  headers: { authorization: string | null; contentType: string | null; auditLogReason: string | null };
  /** Date.now() when the request was handled. */
  at: number;
  status: number;
  /** True when no route matched (a 404 the bot should never cause). */
  unknownRoute: boolean;
  /** True when the response came from failNext() or the emulated rate limiter. */
  injected: boolean;
  /** Which limit answered a 429: Discord's global 50/s, the reaction bucket, or an emulated route bucket. */
  limitedBy?: 'global' | 'reaction' | 'route';
}

/** A file uploaded as `files[n]` in a multipart request, as the fake received it. */
export interface Upload {
  /** The multipart field, such as `files[0]`. */
  field: string;
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** A response a route wants to send. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a route handler gets: the world, the parsed request and a way to push gateway events. */
export interface RouteContext {
  state: FakeState;
  /** Capturing groups of the route pattern; an unmatched optional group stays as undefined. */
  params: Array<string | undefined>;
  query: Record<string, string>;
  body: unknown;
  files: string[];
  uploads: Upload[];
  /** Sends a gateway dispatch (intent-filtered) — used to echo the bot's own actions like Discord does. */
  dispatch: (event: string, data: unknown) => void;
  /** Whether echoes of the bot's own messages/reactions go out on the gateway. */
  echo: boolean;
  interactionTimeoutMs: number;
  /** ws:// URL returned by GET /gateway/bot (no query string; discord.js appends ?v=10&encoding=json). */
  gatewayUrl: string;
  /** What GET /gateway/bot recommends (`shards`). */
  recommendedShards: number;
  maxConcurrency: number;
}

/** A REST route: method + path pattern (capturing groups become params). */
export interface Route {
  method: string;
  pattern: RegExp;
  /** False for interaction callbacks and interaction webhooks, which Discord authenticates by token in the URL. */
  auth: boolean;
  handle: (ctx: RouteContext) => Reply | Promise<Reply>;
}

/** 200 with a JSON body. */
export function ok(body: unknown): Reply {
  return { status: 200, body };
}

/** 204 No Content. */
export const noContent: Reply = { status: 204 };

/** A Discord JSON error: `{ message, code }` with the given HTTP status. */
export function discordError(status: number, code: number, message: string, errors?: unknown): Reply {
  return { status, body: errors === undefined ? { message, code } : { message, code, errors } };
}

/** Common Discord errors, with the codes and messages Discord uses. */
export const Errors = {
  unauthorized: () => discordError(401, 0, '401: Unauthorized'),
  notFound: () => discordError(404, 0, '404: Not Found'),
  unknownApplication: () => discordError(404, 10002, 'Unknown Application'),
  unknownChannel: () => discordError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => discordError(404, 10004, 'Unknown Guild'),
  unknownMember: () => discordError(404, 10007, 'Unknown Member'),
  unknownMessage: () => discordError(404, 10008, 'Unknown Message'),
  unknownUser: () => discordError(404, 10013, 'Unknown User'),
  unknownEmoji: () => discordError(400, 10014, 'Unknown Emoji'),
  unknownWebhook: () => discordError(404, 10015, 'Unknown Webhook'),
  unknownCommand: () => discordError(404, 10063, 'Unknown application command'),
  unknownInteraction: () => discordError(404, 10062, 'Unknown interaction'),
  alreadyAcknowledged: () => discordError(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: () => discordError(403, 50001, 'Missing Access'),
  cannotEditOthers: () => discordError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => discordError(400, 50006, 'Cannot send an empty message'),
  cannotDm: () => discordError(403, 50007, 'Cannot send messages to this user'),
  missingPermissions: () => discordError(403, 50013, 'Missing Permissions'),
  /** Uploading files docs: a file over the upload limit is refused with HTTP 413 and JSON code 40005. */
  entityTooLarge: () => discordError(413, 40005, 'Request entity too large'),
  invalidRecipient: () => discordError(400, 50033, 'Invalid Recipient(s)'),
  archivedThread: () => discordError(400, 50083, 'Thread is archived'),
  twoFactorRequired: () => discordError(403, 60003, 'Two factor is required for this operation'),
  replyWithoutHistory: () => discordError(403, 160002, 'Cannot reply without permission to read message history'),
  threadLocked: () => discordError(403, 160005, 'Thread is locked'),
  /** 50035 with Discord's nested `errors` shape: { field: { _errors: [{ code, message }] } }; '' = top level. */
  invalidForm: (field: string, code: string, message: string) =>
    discordError(400, 50035, 'Invalid Form Body', nest(field ? field.split('.') : [], { _errors: [{ code, message }] })),
};

function nest(keys: string[], leaf: unknown): unknown {
  return keys.reduceRight<unknown>((acc, key) => ({ [key]: acc }), leaf);
}

const ID = '(\\d{17,20})';

/** An authenticated route; `:id` in `path` matches a snowflake. */
export function route(method: string, path: string, handle: Route['handle']): Route {
  return { method, pattern: new RegExp(`^${path.replaceAll(':id', ID)}$`), auth: true, handle };
}
