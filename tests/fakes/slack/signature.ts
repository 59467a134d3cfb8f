import { createHmac } from 'node:crypto';

/** Current Unix time in whole seconds, the unit Slack uses for `x-slack-request-timestamp`. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Computes Slack's v0 request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`. */
export function signSlackRequest(signingSecret: string, timestampSeconds: number, rawBody: string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestampSeconds}:${rawBody}`);
  return `v0=${hmac.digest('hex')}`;
}
