import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from './faults.ts';
import { discordError, Errors, type RecordedCall, type Reply, type Route, type RouteContext, type Upload } from './http.ts';
import type { EventLog } from './log.ts';
import { channelRoutes } from './routes-channels.ts';
import { interactionRoutes } from './routes-interactions.ts';
import { miscRoutes } from './routes-misc.ts';
import type { FakeState } from './state.ts';

/** Every REST route the fake serves, tried in order. */
export const routes: Route[] = [...interactionRoutes, ...channelRoutes, ...miscRoutes];

/** What the REST handler needs from the fake. */
export interface RestDeps {
  state: FakeState;
  token: string;
  faults: Faults;
  calls: EventLog<RecordedCall>;
  dispatch: (event: string, data: unknown) => void;
  echo: boolean;
  interactionTimeoutMs: number;
  gatewayUrl: () => string;
  recommendedShards: number;
  maxConcurrency: number;
}

const API_PREFIX = '/api/v10';

/** A request body: JSON (or `payload_json`) and any uploaded files. */
interface Parsed {
  body: unknown;
  files: string[];
  uploads: Upload[];
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses JSON bodies and discord.js's multipart uploads (`payload_json` + `files[n]`). */
async function parseBody(raw: Buffer, contentType: string | null): Promise<Parsed | Reply> {
  if (raw.length === 0) return { body: null, files: [], uploads: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const uploads: Upload[] = [];
    let body: unknown = null;
    for (const [key, value] of form.entries()) {
      if (key === 'payload_json' && typeof value === 'string') body = JSON.parse(value);
      else if (typeof value !== 'string') {
        // Uploading files docs: file fields are named files[n]; anything else is not a file Discord reads.
        if (!/^files\[\d+\]$/.test(key)) return Errors.invalidForm(key, 'BASE_TYPE_INVALID', `Unknown file field "${key}"; use files[n]`);
        uploads.push({ field: key, name: value.name, contentType: value.type || 'application/octet-stream', bytes: Buffer.from(await value.arrayBuffer()) });
      }
    }
    return { body, files: uploads.map((u) => u.name), uploads };
  }
  try {
    return { body: JSON.parse(raw.toString('utf8')), files: [], uploads: [] };
  } catch {
    return discordError(400, 50109, 'The request body contains invalid JSON.');
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  // Discord always answers JSON (except 204), and @discordjs/rest parses by this header.
  if (reply.body !== undefined) headers['content-type'] = 'application/json';
  res.writeHead(reply.status, headers);
  res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
}

/** Builds the node:http request listener that emulates Discord's REST API. */
export function createRestHandler(deps: RestDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if ((req.url ?? '').startsWith('/attachments/')) return void serveAttachment(deps, req, res);
    void handle(deps, req, res).catch((error: unknown) => {
      // A crash here is a bug in the fixture; make it loud in the test output and answer like Discord's 500.
      console.error('fake discord: route handler crashed', error);
      if (!res.headersSent) send(res, discordError(500, 0, '500: Internal Server Error'));
    });
  };
}

/**
 * The CDN (cdn.discordapp.com/attachments/<channel>/<id>/<name>?ex=&is=&hm=): the file, no bot token needed.
 * Since 2024 attachment URLs are signed; a URL without its valid `hm` answers 404 "This content is no
 * longer available." (Discord's attachment-authentication notice). Recorded with the REST calls.
 */
function serveAttachment(deps: RestDeps, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const id = url.pathname.split('/')[3] ?? '';
  const file = deps.state.attachments.get(id);
  const found = file !== undefined && url.searchParams.get('hm') === file.hm && req.method === 'GET';
  deps.calls.push({
    method: req.method ?? 'GET',
    path: url.pathname,
    rawPath: url.pathname,
    query: Object.fromEntries(url.searchParams.entries()),
    body: null,
    files: [],
    uploads: [],
    headers: { authorization: req.headers.authorization ?? null, contentType: null, auditLogReason: null },
    at: Date.now(),
    status: found ? 200 : 404,
    unknownRoute: false,
    injected: false,
  });
  if (!found) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    return void res.end('This content is no longer available.');
  }
  res.writeHead(200, { 'content-type': file.payload.content_type ?? 'application/octet-stream', 'content-length': String(file.bytes.length) });
  res.end(file.bytes);
}

async function handle(deps: RestDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = (req.method ?? 'GET').toUpperCase();
  const versioned = url.pathname.startsWith(`${API_PREFIX}/`);
  const rawPath = versioned ? url.pathname.slice(API_PREFIX.length) : url.pathname;
  // discord.js percent-encodes segments (@original → %40original, emoji); Discord decodes them, so do we.
  const path = rawPath.split('/').map(decodeSegment).join('/');
  const query = Object.fromEntries(url.searchParams.entries());
  const contentType = req.headers['content-type'] ?? null;
  const parsed = await parseBody(await readBody(req), contentType);
  const { body, files, uploads } = 'status' in parsed ? { body: null, files: [], uploads: [] } : parsed;
  const call: RecordedCall = {
    method,
    path,
    rawPath,
    query,
    body,
    files,
    uploads,
    headers: {
      authorization: req.headers.authorization ?? null,
      contentType,
      auditLogReason: (req.headers['x-audit-log-reason'] as string | undefined) ?? null,
    },
    at: Date.now(),
    status: 0,
    unknownRoute: false,
    injected: false,
  };
  const { reply, injected, unknownRoute } = await respond(deps, { method, path, versioned, query, body, files, uploads, call, parsed });
  call.status = reply.status;
  call.injected = injected;
  call.unknownRoute = unknownRoute;
  deps.calls.push(call);
  send(res, reply);
}

interface Incoming {
  method: string;
  path: string;
  versioned: boolean;
  query: Record<string, string>;
  body: unknown;
  files: string[];
  uploads: Upload[];
  call: RecordedCall;
  parsed: Parsed | Reply;
}

async function respond(deps: RestDeps, req: Incoming): Promise<{ reply: Reply; injected: boolean; unknownRoute: boolean }> {
  const injectedFailure = deps.faults.takeFailure(req.method, req.path);
  if (injectedFailure) return { reply: injectedFailure, injected: true, unknownRoute: false };
  let match: RegExpExecArray | null = null;
  const route = req.versioned
    ? routes.find((r) => r.method === req.method && (match = r.pattern.exec(req.path)) !== null)
    : undefined;
  if (!route || !match) return { reply: Errors.notFound(), injected: false, unknownRoute: true };
  if (route.auth && req.call.headers.authorization !== `Bot ${deps.token}`) {
    return { reply: Errors.unauthorized(), injected: false, unknownRoute: false };
  }
  if ('status' in req.parsed) return { reply: req.parsed, injected: false, unknownRoute: false };
  const platform = deps.faults.applyPlatformLimits(req.method, req.path, route.auth);
  if (platform.reject) {
    req.call.limitedBy = (platform.reject.headers?.['x-ratelimit-global'] ? 'global' : 'reaction');
    return { reply: platform.reject, injected: true, unknownRoute: false };
  }
  const emulated = deps.faults.applyRateLimit(req.method, req.path);
  if (emulated.reject) {
    req.call.limitedBy = 'route';
    return { reply: emulated.reject, injected: true, unknownRoute: false };
  }
  const limited = { headers: { ...platform.headers, ...emulated.headers } };
  const ctx: RouteContext = {
    state: deps.state,
    params: (match as RegExpExecArray).slice(1),
    query: req.query,
    body: req.body,
    files: req.files,
    uploads: req.uploads,
    dispatch: deps.dispatch,
    echo: deps.echo,
    interactionTimeoutMs: deps.interactionTimeoutMs,
    gatewayUrl: deps.gatewayUrl(),
    recommendedShards: deps.recommendedShards,
    maxConcurrency: deps.maxConcurrency,
  };
  const reply = await route.handle(ctx);
  const lost = reply.status < 300 ? deps.faults.takeFailure(req.method, req.path, true) : null;
  if (lost) return { reply: lost, injected: true, unknownRoute: false };
  return { reply: { ...reply, headers: { ...limited.headers, ...reply.headers } }, injected: false, unknownRoute: false };
}
