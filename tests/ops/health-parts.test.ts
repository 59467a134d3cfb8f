/** The health check's parts with an injected clock: sweep staleness and connection states from log events. */
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/ports.ts';
import { SWEEP_STALE_MS, checkHealth, type HealthDeps } from '../../src/ops/health.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { createConnections, metricsHook, observe } from '../../src/ops/observe.ts';

const T0 = Date.UTC(2026, 0, 5, 9, 0);
const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function world() {
  const metrics = createMetrics();
  const connections = createConnections(['discord'], metrics);
  const log = observe(quiet, metricsHook(metrics, connections), { platform: 'discord' });
  const clock = { t: T0 };
  let lastSweep = T0;
  const deps: HealthDeps = { now: () => clock.t, probeWrite: async () => true, connections, lastSweepAt: () => lastSweep, metrics };
  return { log, clock, deps, metrics, sweep: () => (lastSweep = clock.t) };
}

describe('checkHealth', () => {
  it('follows the adapter lifecycle events: ready up, reconnecting down, resumed up, disconnected down', async () => {
    const w = world();
    expect((await checkHealth(w.deps)).platforms).toEqual({ discord: { ok: false, detail: 'not connected' } });
    w.log.info('discord.ready');
    expect((await checkHealth(w.deps)).ok).toBe(true);
    w.log.warn('discord.reconnecting');
    expect(await checkHealth(w.deps)).toMatchObject({ ok: false, platforms: { discord: { ok: false } } });
    w.log.info('discord.resumed');
    expect((await checkHealth(w.deps)).ok).toBe(true);
    w.log.warn('discord.disconnected', { code: 4014 });
    expect((await checkHealth(w.deps)).ok).toBe(false);
  });

  it('follows Slack Socket Mode: started up, a dropped link down, connected again up', async () => {
    const metrics = createMetrics();
    const connections = createConnections(['slack'], metrics);
    const log = observe(quiet, metricsHook(metrics, connections), { platform: 'slack' });
    const deps: HealthDeps = { now: () => T0, probeWrite: async () => true, connections, lastSweepAt: () => T0, metrics };
    log.info('slack.started');
    expect((await checkHealth(deps)).ok).toBe(true);
    log.warn('slack.disconnected');
    expect(await checkHealth(deps)).toMatchObject({ ok: false, platforms: { slack: { ok: false } } });
    log.info('slack.connected');
    expect((await checkHealth(deps)).ok).toBe(true);
  });

  it('is unhealthy once the last sweep is more than a minute old, and healthy after the next one', async () => {
    const w = world();
    w.log.info('discord.ready');
    w.clock.t += SWEEP_STALE_MS;
    expect((await checkHealth(w.deps)).sweep).toEqual({ ok: true });
    w.clock.t += 1000;
    expect(await checkHealth(w.deps)).toMatchObject({ ok: false, sweep: { ok: false, detail: 'last sweep 61 s ago' } });
    w.sweep();
    expect((await checkHealth(w.deps)).ok).toBe(true);
  });

  it('counts 429s and retries from the adapters\' events, whatever the log level', async () => {
    const w = world();
    w.log.warn('discord.rate_limited', { retryAfterMs: 500 });
    w.log.warn('discord.rate_limited', { retryAfterMs: 500 });
    w.log.warn('discord.retry', { attempt: 1 });
    w.log.error('drop.post_failed', { reason: 'Missing Access' });
    const text = await w.metrics.registry.metrics();
    expect(text).toMatch(/^stepwise_platform_rate_limited_total\{platform="discord"\} 2$/m);
    expect(text).toMatch(/^stepwise_platform_retries_total\{platform="discord"\} 1$/m);
    expect(text).toMatch(/^stepwise_drops_failed_total\{platform="discord"\} 1$/m);
  });
});
