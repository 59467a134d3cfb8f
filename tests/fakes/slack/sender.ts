import { performance } from 'node:perf_hooks';
import { nowSeconds, signSlackRequest } from './signature.ts';

/** What the app answered to one delivered request. */
export interface SendResult {
  status: number;
  /** Response body as text ('' for Bolt's empty acks). */
  body: string;
  /** Body parsed as JSON when it is JSON, else undefined. */
  json: unknown;
  /** Milliseconds until the HTTP answer arrived (headers), i.e. the ack latency Slack would see. */
  ms: number;
  headers: Record<string, string>;
}

/** Per-request overrides, mainly for negative tests. */
export interface SendOptions {
  /** Unix seconds put in x-slack-request-timestamp (and signed); default now. */
  timestamp?: number;
  /** Sign with this secret instead (e.g. a wrong one to provoke 401). */
  signingSecret?: string;
  /** Extra headers, merged last. */
  headers?: Record<string, string>;
}

/** Options for an Events API delivery. */
export interface SendEventOptions extends SendOptions {
  /** Sets x-slack-retry-num, as Slack does on redeliveries (1, 2, 3). */
  retryNum?: number;
  /** Sets x-slack-retry-reason, e.g. 'http_timeout', 'http_error', 'too_many_requests'. */
  retryReason?: string;
}

/** Delivers signed requests to a Bolt HTTP endpoint exactly as Slack does. */
export interface SlackSender {
  /** A slash command: form-encoded fields. */
  sendCommand(fields: Record<string, string>, options?: SendOptions): Promise<SendResult>;
  /** An interactive payload (block_actions, view_submission, …): form field `payload=<json>`. */
  sendAction(payload: Record<string, unknown>, options?: SendOptions): Promise<SendResult>;
  /** An Events API envelope (or url_verification): JSON body. */
  sendEvent(envelope: Record<string, unknown>, options?: SendEventOptions): Promise<SendResult>;
  /** Posts `body` with exactly `headers` (no signing), for malformed / unsigned / tampered requests. */
  sendRaw(body: string, headers: Record<string, string>): Promise<SendResult>;
  /** The signature headers Slack would send for `body` (to build custom raw requests). */
  signatureHeaders(body: string, options?: SendOptions): Record<string, string>;
}

// Exactly this value: Bolt 5.1 compares the content type with ===, so a charset suffix makes it a 400.
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** Creates a sender for `url` (Bolt's `/slack/events` endpoint) signing with `signingSecret`. */
export function createSlackSender(config: { url: string; signingSecret: string }): SlackSender {
  const signatureHeaders = (body: string, options: SendOptions = {}): Record<string, string> => {
    const timestamp = options.timestamp ?? nowSeconds();
    return {
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(options.signingSecret ?? config.signingSecret, timestamp, body),
    };
  };

  const sendRaw = async (body: string, headers: Record<string, string>): Promise<SendResult> => {
    const started = performance.now();
    const response = await fetch(config.url, { method: 'POST', headers, body });
    const ms = performance.now() - started;
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      json = undefined;
    }
    return { status: response.status, body: text, json, ms, headers: Object.fromEntries(response.headers.entries()) };
  };

  const sendSigned = (body: string, contentType: string, options: SendOptions, extra: Record<string, string> = {}) =>
    sendRaw(body, {
      'content-type': contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signatureHeaders(body, options),
      ...extra,
      ...options.headers,
    });

  return {
    signatureHeaders,
    sendRaw,
    sendCommand: (fields, options = {}) => sendSigned(new URLSearchParams(fields).toString(), FORM, options),
    sendAction: (payload, options = {}) =>
      sendSigned(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM, options),
    sendEvent: (envelope, options = {}) => {
      const retry: Record<string, string> = {};
      if (options.retryNum !== undefined) retry['x-slack-retry-num'] = String(options.retryNum);
      if (options.retryReason !== undefined) retry['x-slack-retry-reason'] = options.retryReason;
      return sendSigned(JSON.stringify(envelope), JSON_TYPE, options, retry);
    },
  };
}
