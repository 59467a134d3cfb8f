/**
 * Fake Slack for adapter tests that run the REAL @slack/bolt:
 *
 *   const fake = await startFakeSlack();
 *   const port = await getFreePort();
 *   const app = new App({ signingSecret, token: fake.botToken,
 *     clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } } });
 *   await app.start(port);
 *   const slack = createSlackSender({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret });
 *   await slack.sendCommand(fake.payloads.slashCommand({ text: 'daily' }));
 *   const call = await fake.waitForCall('chat.postEphemeral');
 *   // afterEach: await app.stop(); await fake.close();
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { readBody } from './http-body.ts';
import type { Fault } from './faults.ts';
import { FaultQueue } from './faults.ts';
import type { MethodHandler } from './methods.ts';
import { defaultMethods } from './methods.ts';
import * as payloads from './payloads.ts';
import type { WaitOptions } from './recorder.ts';
import type { ResponsePost } from './response-urls.ts';
import { FakeResponseUrls } from './response-urls.ts';
import { FakeSocketMode } from './socket-mode.ts';
import { FakeInstalls, type FakeOAuthApp } from './oauth.ts';
import { RateLimiter } from './rate-limits.ts';
import { ALL_BOT_SCOPES } from './scopes.ts';
import { SlackState } from './state.ts';
import type { ApiCall } from './web-api.ts';
import { FakeWebApi } from './web-api.ts';
import type { FakeWorkspace } from './workspace.ts';
import { defaultWorkspace, IDS } from './workspace.ts';
import { submission, type OpenedView, type TypedValues } from './views.ts';

export type { ApiCall } from './web-api.ts';
export type { Fault } from './faults.ts';
export type { MethodContext, MethodHandler } from './methods.ts';
export type { WaitOptions } from './recorder.ts';
export type { ResponsePost } from './response-urls.ts';
export type { StoredMessage } from './state.ts';
export type { SocketAck, SocketEnvelopeType, SocketSendOptions } from './socket-mode.ts';
export type { FakeSocketMode } from './socket-mode.ts';
export type { FakeChannel, FakeUser, FakeWorkspace } from './workspace.ts';
export type { FakeOAuthApp, IssuedToken } from './oauth.ts';
export { FakeInstalls } from './oauth.ts';
export type { SendEventOptions, SendOptions, SendResult, SlackSender } from './sender.ts';
export { createSlackSender } from './sender.ts';
export { getFreePort } from './ports.ts';
export type { CaptureLogger, CapturedLog } from './logger.ts';
export { createCaptureLogger } from './logger.ts';
export { signSlackRequest, nowSeconds } from './signature.ts';
export { IDS, IDS_B, defaultWorkspace, secondWorkspace } from './workspace.ts';
export * as slackPayloads from './payloads.ts';
export { RESPONSE_URL_METHOD, MAX_USES, URL_LIFETIME_MS } from './response-urls.ts';
export { METHOD_TIERS, POST_MESSAGE_PER_CHANNEL, TIERS, RateLimiter } from './rate-limits.ts';
export { ALL_BOT_SCOPES } from './scopes.ts';
export { manifestScopes, manifestEvents } from './manifest.ts';
export type { OpenedView, TypedValues } from './views.ts';
export { TRIGGER_LIFETIME_MS, modalProblems } from './views.ts';

/** Options for startFakeSlack. */
export interface FakeSlackOptions {
  /** Start from this workspace instead of defaultWorkspace(). */
  workspace?: FakeWorkspace;
  /** Bot token the fake accepts (default 'xoxb-fake-bot-token'). */
  botToken?: string;
  /** App-level token accepted by apps.connections.open (default 'xapp-fake-app-token'). */
  appToken?: string;
  /** Add or override Web API methods. */
  methods?: Record<string, MethodHandler>;
  /** First message ts second (default 1700000000 → "1700000000.000100"). */
  tsStartSeconds?: number;
  /** The bot token's scopes (default: every scope the fake knows). */
  scopes?: readonly string[];
  /** Per-method rate limits; on unless false. */
  rateLimits?: boolean;
  /** The fake's clock in ms (rate-limit buckets, response_url expiry, recorded `at`); default Date.now. */
  clock?: () => number;
  /** A distributed app: /oauth/v2/authorize and oauth.v2.access issue a bot token per workspace installed. */
  oauth?: FakeOAuthApp;
  /** More workspaces besides `workspace` (each reachable only with a token issued for it). */
  teams?: FakeWorkspace[];
}

/** Payload builders whose response_url points at this fake (each call gets a fresh /response/<id>). */
export interface BoundPayloads {
  slashCommand(o?: payloads.SlashCommandOptions): Record<string, string>;
  blockActions(o: payloads.BlockActionsOptions): Record<string, unknown>;
  eventEnvelope: typeof payloads.eventEnvelope;
  reactionAdded: typeof payloads.reactionAdded;
  appHomeOpened: typeof payloads.appHomeOpened;
  channelEvent: typeof payloads.channelEvent;
  memberLeftChannel: typeof payloads.memberLeftChannel;
  appUninstalled: typeof payloads.appUninstalled;
  tokensRevoked: typeof payloads.tokensRevoked;
  messageEvent: typeof payloads.messageEvent;
  fileShareMessage: typeof payloads.fileShareMessage;
  urlVerification: typeof payloads.urlVerification;
}

/** A hosted file as a file_share message's `files` lists it (the fields Slack's file object has that matter here). */
export interface SlackFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  url_private: string;
  url_private_download: string;
}

/** A running fake Slack: Web API under `apiUrl`, response_url endpoints, state and fault injection. */
export interface FakeSlack {
  port: number;
  /** Pass as `clientOptions.slackApiUrl`: 'http://127.0.0.1:PORT/api/'. */
  apiUrl: string;
  botToken: string;
  appToken: string;
  state: SlackState;
  workspace: FakeWorkspace;
  /** Every Web API call so far, in arrival order. */
  readonly calls: readonly ApiCall[];
  /** Every response_url post so far. */
  readonly responses: readonly ResponsePost[];
  payloads: BoundPayloads;
  /** Socket Mode endpoint; apps.connections.open (with the app token) hands out its ws:// URL. */
  socketMode: FakeSocketMode;
  /** The per-method rate limiter (`limiter.enabled = false` turns it off; `reset()` refills every bucket). */
  limiter: RateLimiter;
  /** The bot token's scopes. */
  scopes: readonly string[];
  /** Set with `oauth`: the install flow and the tokens it issued. */
  installs: FakeInstalls | undefined;
  /** Slack's authorize page on this fake: http://127.0.0.1:PORT/oauth/v2/authorize. */
  authorizeUrl: string;
  /** The state of a workspace by team id (the default one or one of `teams`). */
  team(teamId: string): SlackState;
  callsTo(method: string): ApiCall[];
  /** Resolves as soon as a matching call has arrived (at once if one already has). */
  waitForCall(method: string, predicate?: (call: ApiCall) => boolean, options?: WaitOptions): Promise<ApiCall>;
  /** Resolves as soon as a matching response_url post has arrived. */
  waitForResponse(predicate?: (post: ResponsePost) => boolean, options?: WaitOptions): Promise<ResponsePost>;
  /** A fresh response_url on this fake, issued now (for `user`'s interaction, if given). */
  newResponseUrl(user?: string): string;
  /** Makes the next `times` calls of `method` fail (use RESPONSE_URL_METHOD for response_url posts). */
  failNext(method: string, fault: Fault, times?: number): void;
  /**
   * A file a person uploaded (for a file_share message's `files`): served at its `url_private_download`
   * to the bot token with files:read; anyone else gets Slack's HTML sign-in page, not the file.
   */
  addFile(spec: { name: string; content: string | Uint8Array; mimetype?: string }): SlackFile;
  /** Downloads of hosted files so far: which file, with which Authorization, and whether it was served. */
  readonly downloads: readonly { fileId: string; authorization: string | null; served: boolean }[];
  /** Modals views.open opened so far (in every workspace), oldest first. */
  readonly openedViews: readonly OpenedView[];
  /**
   * The view_submission payload Slack sends when the person the modal was opened for submits it with
   * `typed` (text per input block_id; omitted inputs keep their initial_value). Default: the last modal
   * opened. Throws where Slack's client would not submit (a required input empty, a length out of bounds).
   * Deliver it with the sender's sendAction (HTTP) or socketMode.send('interactive', …); the ack body is the answer.
   */
  viewSubmission(typed?: TypedValues, view?: OpenedView): Record<string, unknown>;
  /** Forgets calls, responses and queued faults (the workspace state stays). */
  reset(): void;
  close(): Promise<void>;
}

/** Starts a fake Slack on 127.0.0.1 (random port). */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botToken = options.botToken ?? 'xoxb-fake-bot-token';
  const appToken = options.appToken ?? 'xapp-fake-app-token';
  const state = new SlackState(options.workspace ?? defaultWorkspace(), options.tsStartSeconds);
  const now = options.clock ?? Date.now;
  const limiter = new RateLimiter(now);
  limiter.enabled = options.rateLimits !== false;
  const scopes = [...(options.scopes ?? ALL_BOT_SCOPES)];
  // One queue for both so failNext works the same for Web API methods and response_url.
  const faults = new FaultQueue();
  const socketMode = new FakeSocketMode(state.workspace.appId);
  const teamStates = [state, ...(options.teams ?? []).map((w) => new SlackState(w, options.tsStartSeconds))];
  for (const t of teamStates) t.clock = now;
  const stateOf = (teamId: string | undefined) => teamStates.find((t) => t.workspace.teamId === (teamId ?? IDS.team)) ?? state;
  // A trigger_id in a payload the fake built is one Slack issued, at this moment by the fake's clock (a
  // test's own triggerId is not: views.open answers invalid_trigger_id for it).
  const issued = <T extends Record<string, unknown>>(payload: T, o: { triggerId?: string; teamId?: string; userId?: string }): T => {
    if (o.triggerId === undefined) stateOf(o.teamId).views.triggers.set(String(payload.trigger_id), { user: o.userId ?? IDS.member, at: now(), exchanged: false });
    return payload;
  };
  const installs = options.oauth ? new FakeInstalls(options.oauth, teamStates) : undefined;
  const webApi = new FakeWebApi({
    state,
    faults,
    methods: {
      ...defaultMethods,
      'apps.connections.open': () => ({ ok: true, url: socketMode.url() }),
      ...options.methods,
    },
    botTokens: [botToken],
    appTokens: [appToken],
    scopes,
    limiter,
    now,
    ...(installs ? { installs } : {}),
  });
  const responseUrls = new FakeResponseUrls(faults, now);

  const files = new Map<string, { file: SlackFile; bytes: Uint8Array }>();
  const downloads: { fileId: string; authorization: string | null; served: boolean }[] = [];
  const serveFile = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const id = /^\/files-pri\/[^/]+-(F[A-Z0-9]+)\//.exec(url.pathname)?.[1] ?? '';
    const hosted = files.get(id);
    const authorization = req.headers.authorization ?? null;
    const served = hosted !== undefined && authorization === `Bearer ${botToken}` && scopes.includes('files:read') && !state.tokensRevoked;
    downloads.push({ fileId: id, authorization, served });
    if (!served) {
      // Slack's files docs: url_private needs the token in an Authorization header (files:read); a request
      // without it is answered with the sign-in page (HTML), not a JSON error.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end('<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to your workspace</body></html>');
    }
    res.writeHead(200, { 'content-type': hosted.file.mimetype, 'content-length': String(hosted.bytes.length) });
    res.end(hosted.bytes);
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = url.pathname.startsWith('/files-pri/')
      ? serveFile(req, res, url)
      : url.pathname.startsWith('/api/')
      ? webApi.handle(req, res, url)
      : url.pathname.startsWith('/response/')
        ? responseUrls.handle(req, res, url)
        : url.pathname === '/oauth/v2/authorize' && installs
          ? Promise.resolve(installs.authorize(req, res, url))
          : url.pathname.startsWith('/upload/')
            ? receiveUpload(state, req, res, url)
          : Promise.resolve(void res.writeHead(404).end());
    route.catch((error: unknown) => {
      // A bug in the fake must be loud but must not kill the test process.
      console.error('[fake-slack] handler failed', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('upgrade', (req, socket, head: Buffer) => {
    if (!socketMode.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake slack: no port');
  const base = `http://127.0.0.1:${address.port}`;
  socketMode.setBase(base);
  state.uploadBase = base;
  let responseCounter = 0;
  let closed: Promise<void> | undefined;
  const newResponseUrl = (user?: string): string => {
    responseCounter += 1;
    const id = `R${String(responseCounter).padStart(4, '0')}`;
    responseUrls.issue(id, user);
    return `${base}/response/${id}`;
  };

  return {
    port: address.port,
    apiUrl: `${base}/api/`,
    botToken,
    appToken,
    state,
    workspace: state.workspace,
    get calls() {
      return webApi.recorder.entries;
    },
    get responses() {
      return responseUrls.recorder.entries;
    },
    payloads: {
      // The handle comes from the workspace, as Slack fills user_name / user.name from the account.
      slashCommand: (o = {}) => issued(payloads.slashCommand({ responseUrl: newResponseUrl(o.userId ?? IDS.member), userName: state.user(o.userId ?? IDS.member)?.name, ...o }), o),
      blockActions: (o) => issued(payloads.blockActions({ responseUrl: newResponseUrl(o.userId ?? IDS.member), userName: state.user(o.userId ?? IDS.member)?.name, ...o }), o),
      eventEnvelope: payloads.eventEnvelope,
      reactionAdded: payloads.reactionAdded,
      appHomeOpened: payloads.appHomeOpened,
      channelEvent: payloads.channelEvent,
      memberLeftChannel: payloads.memberLeftChannel,
      appUninstalled: payloads.appUninstalled,
      tokensRevoked: payloads.tokensRevoked,
      messageEvent: payloads.messageEvent,
      fileShareMessage: payloads.fileShareMessage,
      urlVerification: payloads.urlVerification,
    },
    socketMode,
    limiter,
    scopes,
    installs,
    authorizeUrl: `${base}/oauth/v2/authorize`,
    team: (teamId) => {
      const found = teamStates.find((t) => t.workspace.teamId === teamId);
      if (!found) throw new Error(`fake slack: no workspace ${teamId}`);
      return found;
    },
    callsTo: (method) => webApi.recorder.entries.filter((c) => c.method === method),
    waitForCall: (method, predicate = () => true, waitOptions) =>
      webApi.recorder.waitFor((c) => c.method === method && predicate(c), `a ${method} call`, waitOptions),
    waitForResponse: (predicate = () => true, waitOptions) =>
      responseUrls.recorder.waitFor(predicate, 'a response_url post', waitOptions),
    newResponseUrl,
    failNext: (method, fault, times = 1) => faults.add(method, fault, times),
    addFile: ({ name, content, mimetype }) => {
      const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
      const id = `F${String(files.size + 1).padStart(10, '0')}`;
      const file: SlackFile = {
        id,
        name,
        title: name,
        mimetype: mimetype ?? 'text/plain',
        filetype: name.split('.').pop() ?? 'text',
        size: bytes.length,
        url_private: `${base}/files-pri/${state.workspace.teamId}-${id}/${encodeURIComponent(name)}`,
        url_private_download: `${base}/files-pri/${state.workspace.teamId}-${id}/download/${encodeURIComponent(name)}`,
      };
      files.set(id, { file, bytes });
      return file;
    },
    get downloads() {
      return downloads;
    },
    get openedViews() {
      return teamStates.flatMap((t) => t.views.opened).sort((a, b) => a.at - b.at);
    },
    viewSubmission: (typed = {}, view) => {
      const opened = view ?? teamStates.flatMap((t) => t.views.opened).at(-1);
      if (opened === undefined) throw new Error('fake slack: no modal was opened');
      const owner = teamStates.find((t) => t.views.opened.includes(opened)) ?? state;
      return submission(owner, opened, typed);
    },
    reset: () => {
      webApi.recorder.clear();
      responseUrls.recorder.clear();
      faults.clear();
      limiter.reset();
    },
    close: () => {
      // Idempotent, so an afterEach may call it even if the test already did.
      closed ??= new Promise<void>((resolve, reject) => {
        socketMode.close();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from fetch/undici would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/**
 * The upload URL files.getUploadURLExternal hands out: "Files can be sent as raw bytes or can be multipart
 * form encoded. Slack will return HTTP 200 if the upload is successful; a non-200 response indicates a
 * failure." A URL used twice, unknown, or a body of another length than declared is refused.
 */
async function receiveUpload(state: SlackState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const upload = state.uploads.get(url.pathname.slice('/upload/'.length));
  const raw = await readBody(req);
  if (req.method !== 'POST' || upload === undefined || upload.bytes !== undefined) return void res.writeHead(404).end();
  let bytes = raw;
  if ((req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: new Uint8Array(raw) }).formData();
    const file = [...form.values()].find((v) => typeof v !== 'string');
    if (file === undefined || typeof file === 'string') return void res.writeHead(400).end('no file in the form');
    bytes = Buffer.from(await file.arrayBuffer());
  }
  if (bytes.length !== upload.length) return void res.writeHead(400).end(`length ${bytes.length} differs from the declared ${upload.length}`);
  upload.bytes = bytes;
  res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
}

