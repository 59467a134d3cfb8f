/** Fetches a file a person sent (a Discord attachment, a Slack file) with a cap on how much is read. */
import { PlatformError } from '../core/errors.ts';

/** How long a file may take to arrive. */
const FETCH_TIMEOUT_MS = 15_000;

/**
 * GETs `url` and reads at most `maxBytes`: stops (and says how much was announced or seen) as soon as
 * there is more, so a huge file is never held in memory. `headers` carry a token where the platform
 * wants one (Slack); Discord's signed CDN URLs need none, and the bot token is never sent there.
 */
export async function fetchCapped(url: string, maxBytes: number, what: string, headers?: Record<string, string>): Promise<{ bytes: Uint8Array } | { tooBig: number }>;
/** The same, with `accept` judging the content type: a type it refuses gives `refused` (Slack's sign-in page). */
export async function fetchCapped(
  url: string,
  maxBytes: number,
  what: string,
  headers: Record<string, string>,
  accept: (contentType: string) => boolean,
): Promise<{ bytes: Uint8Array } | { tooBig: number } | { refused: string }>;
export async function fetchCapped(
  url: string,
  maxBytes: number,
  what: string,
  headers: Record<string, string> = {},
  accept?: (contentType: string) => boolean,
): Promise<{ bytes: Uint8Array } | { tooBig: number } | { refused: string }> {
  let res: Response;
  try {
    res = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch {
    throw new PlatformError(`Could not download ${what}. Please try again.`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new PlatformError(`Could not download ${what} (${res.status}). Please send it again.`);
  }
  const type = res.headers.get('content-type') ?? '';
  if (accept && !accept(type)) {
    await res.body?.cancel();
    return { refused: type };
  }
  const announced = Number(res.headers.get('content-length') ?? NaN);
  if (announced > maxBytes) {
    await res.body?.cancel();
    return { tooBig: announced };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      return { tooBig: total };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes };
}
