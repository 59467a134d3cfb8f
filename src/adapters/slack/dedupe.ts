/** Events Slack redelivers (x-slack-retry-num, Socket Mode retry_attempt) are handled once. */
import type { Clock } from '../../core/ports.ts';

/**
 * Slack retries an event up to three times within about five minutes (at once, after 1 min, after
 * 5 min). Ids are remembered for an hour after first sight, not only while in flight, so a retry that
 * arrives after the first delivery finished is still recognised.
 */
export const EVENT_MEMORY_MS = 60 * 60_000;

/** Remembers event ids; `first(id)` is true exactly once per id within the memory window. */
export function createEventDedupe(clock: Clock, memoryMs = EVENT_MEMORY_MS) {
  const seen = new Map<string, number>();
  return {
    first(eventId: string | undefined): boolean {
      if (!eventId) return true;
      const now = clock.now();
      // Map keeps insertion order, so expired ids are at the front.
      for (const [id, at] of seen) {
        if (now - at < memoryMs) break;
        seen.delete(id);
      }
      if (seen.has(eventId)) return false;
      seen.set(eventId, now);
      return true;
    },
    get size(): number {
      return seen.size;
    },
  };
}
