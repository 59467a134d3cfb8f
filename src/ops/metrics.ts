/**
 * Prometheus metrics (prom-client), every name prefixed `stepwise_`. The core never sees this file:
 * counts come from the Logger events the core and adapters already write (see `observe.ts`), and
 * timings from wrappers main.ts puts around the tutor and the sweep.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The metrics one process exposes on /metrics. */
export function createMetrics() {
  const registry = new Registry();
  // Process metrics, including stepwise_nodejs_eventloop_lag_seconds (and its percentiles).
  collectDefaultMetrics({ register: registry, prefix: 'stepwise_', eventLoopMonitoringPrecision: 20 });
  const r = [registry];
  return {
    registry,
    answers: new Counter({ name: 'stepwise_answers_total', help: 'First answers recorded, by platform and way of answering (command, button, reaction, …) and kind (drop or review).', labelNames: ['platform', 'via', 'kind'] as const, registers: r }),
    dropsPosted: new Counter({ name: 'stepwise_drops_posted_total', help: 'Questions posted to a channel.', labelNames: ['platform'] as const, registers: r }),
    dropsFailed: new Counter({ name: 'stepwise_drops_failed_total', help: 'Questions that could not be posted.', labelNames: ['platform'] as const, registers: r }),
    rateLimited: new Counter({ name: 'stepwise_platform_rate_limited_total', help: 'Platform rate limits hit: Discord requests that met a rate limit (discord.js rateLimited: a 429, or a bucket it knows is empty), Slack Web API 429s.', labelNames: ['platform'] as const, registers: r }),
    retries: new Counter({ name: 'stepwise_platform_retries_total', help: 'Platform calls retried after a failure.', labelNames: ['platform'] as const, registers: r }),
    answerSeconds: new Histogram({
      name: 'stepwise_answer_duration_seconds',
      help: 'Answer path: from the adapter handing an answer to the tutor until the reply is ready (includes the group commit).',
      labelNames: ['platform'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: r,
    }),
    sweepSeconds: new Histogram({ name: 'stepwise_sweep_duration_seconds', help: 'One scheduler sweep: close due questions, catch up missed slots, send reminders.', buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15], registers: r }),
    lastSweep: new Gauge({ name: 'stepwise_last_sweep_timestamp_seconds', help: 'When the last sweep finished (Unix time).', registers: r }),
    connected: new Gauge({ name: 'stepwise_platform_connected', help: '1 while the platform connection is up.', labelNames: ['platform'] as const, registers: r }),
    dbWritable: new Gauge({ name: 'stepwise_database_writable', help: '1 when the last health probe could write to the database.', registers: r }),
  };
}

/** What main.ts passes around. */
export type Metrics = ReturnType<typeof createMetrics>;
