/**
 * Counts and connection states read from the Logger events the core and the adapters already write,
 * so neither imports prom-client. Every event is seen whatever the log level (the terminal chat logs
 * only warnings, and still counts answers).
 */
import type { Logger } from '../core/ports.ts';
import type { Metrics } from './metrics.ts';

type Level = keyof Logger;
/** Called with every event written through an observed logger. */
export type EventHook = (level: Level, event: string, fields: Record<string, unknown>) => void;

/** `log` with `hook` called first on every event; `bound` fields (such as the platform) are added for the hook. */
export function observe(log: Logger, hook: EventHook, bound: Record<string, unknown> = {}): Logger {
  const tap = (level: Level) => (event: string, fields: Record<string, unknown> = {}) => {
    try {
      hook(level, event, { ...bound, ...fields });
    } catch {
      // Counting never breaks the code that logs.
    }
    log[level](event, fields);
  };
  return { debug: tap('debug'), info: tap('info'), warn: tap('warn'), error: tap('error') };
}

/** Which configured platforms are connected, from their adapters' lifecycle events. */
export function createConnections(platforms: readonly string[], metrics?: Metrics) {
  const up = new Map<string, boolean>(platforms.map((p) => [p, false]));
  const set = (platform: string, on: boolean) => {
    if (!up.has(platform)) return;
    up.set(platform, on);
    metrics?.connected.set({ platform }, on ? 1 : 0);
  };
  for (const p of platforms) set(p, false);
  return {
    set,
    /** Each configured platform and whether it is connected now. */
    states: (): Record<string, boolean> => Object.fromEntries(up),
  };
}
export type Connections = ReturnType<typeof createConnections>;

/** Lifecycle events that mean a platform came up or went down. */
const UP = new Set(['discord.ready', 'discord.resumed', 'slack.started', 'slack.connected']);
const DOWN = new Set(['discord.disconnected', 'discord.reconnecting', 'discord.stopped', 'slack.stopped', 'slack.disconnected']);

/** The hook that turns events into metrics and connection states. */
export function metricsHook(metrics: Metrics, connections: Connections): EventHook {
  return (_level, event, fields) => {
    const platform = typeof fields.platform === 'string' ? fields.platform : 'unknown';
    const via = typeof fields.via === 'string' ? fields.via : 'unknown';
    if (event === 'answer.recorded') metrics.answers.inc({ platform, via, kind: 'drop' });
    else if (event === 'review.answered') metrics.answers.inc({ platform, via, kind: 'review' });
    else if (event === 'drop.posted') metrics.dropsPosted.inc({ platform });
    else if (event === 'drop.post_failed') metrics.dropsFailed.inc({ platform });
    else if (event === 'discord.rate_limited' || event === 'slack.rate_limited') metrics.rateLimited.inc({ platform });
    else if (event === 'discord.retry') metrics.retries.inc({ platform });
    else if (UP.has(event)) connections.set(platform, true);
    else if (DOWN.has(event)) connections.set(platform, false);
  };
}
