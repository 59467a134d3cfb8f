import type { IncomingMessage, ServerResponse } from 'node:http';
import { blockProblem } from './block-kit.ts';
import { readBody } from './http-body.ts';
import type { FaultQueue } from './faults.ts';
import { Recorder } from './recorder.ts';

/** One POST the app made to a `response_url` (what Bolt's `respond()` sends). */
export interface ResponsePost {
  /** The `<id>` in `/response/<id>`. */
  id: string;
  /** Parsed JSON body, e.g. `{ text, response_type, replace_original, blocks }`. */
  body: Record<string, unknown>;
  at: number;
  status: number;
  /** The user the URL was issued for (whose click or command it answers), when known. */
  user?: string;
}

/** Pseudo method name under which `failNext` queues faults for response_url posts. */
export const RESPONSE_URL_METHOD = 'response_url';

/**
 * "You can use a response_url up to 5 times within 30 minutes of receiving it"
 * (api.slack.com/interactivity/handling#message_responses).
 */
export const MAX_USES = 5;
/** How long a response_url works after Slack issued it. */
export const URL_LIFETIME_MS = 30 * 60_000;

/** Serves and records `POST /response/<id>`, Slack's response_url webhooks. */
export class FakeResponseUrls {
  readonly recorder = new Recorder<ResponsePost>((p) => `${p.id}(${p.status})`);
  private readonly uses = new Map<string, number>();
  /** When each URL was issued (the fake's clock); only issued URLs exist. */
  private readonly issued = new Map<string, number>();
  private readonly owners = new Map<string, string>();
  private readonly faults: FaultQueue;
  private readonly now: () => number;

  constructor(faults: FaultQueue, now: () => number) {
    this.faults = faults;
    this.now = now;
  }

  /** Records that Slack handed out `/response/<id>` now. */
  issue(id: string, user?: string): void {
    this.issued.set(id, this.now());
    if (user !== undefined) this.owners.set(id, user);
  }

  /** Handles one HTTP request whose path starts with /response/. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const id = decodeURIComponent(url.pathname.slice('/response/'.length));
    const raw = (await readBody(req)).toString('utf8');
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : { _raw: raw };
    } catch {
      body = { _raw: raw };
    }
    const used = (this.uses.get(id) ?? 0) + 1;
    this.uses.set(id, used);
    const issuedAt = this.issued.get(id);
    const expired = issuedAt === undefined || this.now() - issuedAt > URL_LIFETIME_MS;
    const blocks = typeof body.blocks === 'undefined' ? undefined : blockProblem(body.blocks, 'message');

    let status = 200;
    // Slack answers response_url posts with plain text: "ok", or an error code.
    let text = 'ok';
    const fault = this.faults.take(RESPONSE_URL_METHOD);
    if (req.method !== 'POST') {
      status = 405;
      text = 'invalid_method';
    } else if (fault !== undefined && 'status' in fault) {
      status = fault.status;
      text = 'fatal_error';
    } else if (fault !== undefined && 'error' in fault) {
      status = 404;
      text = fault.error;
    } else if (expired) {
      status = 404;
      text = 'expired_url';
    } else if (used > MAX_USES) {
      status = 404;
      text = 'used_url';
    } else if (blocks !== undefined) {
      status = 400;
      text = 'invalid_blocks';
    } else if (fault !== undefined && 'delayMs' in fault) {
      const { delayMs } = fault;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    const user = this.owners.get(id);
    this.recorder.push({ id, body, at: this.now(), status, ...(user !== undefined ? { user } : {}) });
    const headers: Record<string, string> = { 'content-type': 'text/html' };
    if (fault !== undefined && 'retryAfterSeconds' in fault) headers['retry-after'] = String(fault.retryAfterSeconds);
    res.writeHead(status, headers);
    res.end(text);
  }
}
