/** Wiring only: read config, open + migrate the DB, load content, start adapters and the scheduler. */
import { existsSync } from 'node:fs';
import { createTerminalAdapter } from './adapters/terminal/index.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createFolderSource, formatProblem } from './content/folder.ts';
import { StepwiseError } from './core/errors.ts';
import { PackRegistry } from './core/packs.ts';
import type { ChatPort, Clock, PlatformAdapter } from './core/ports.ts';
import { createTutor } from './core/tutor.ts';
import { createLogger, withFields } from './log.ts';
import { SWEEP_STALE_MS, type HealthDeps } from './ops/health.ts';
import { boltRoutes, opsRoutes, startOpsServer } from './ops/http.ts';
import { createMetrics } from './ops/metrics.ts';
import { createConnections, metricsHook, observe } from './ops/observe.ts';
import { timeAnswers } from './ops/timed.ts';
import { createRenderer } from './render/pictures.ts';
import { createScheduler, nodeCronCalendar } from './scheduler/index.ts';
import { openStore } from './store/open-store.ts';

function fail(message: string, code: number): never {
  process.stderr.write(`stepwise: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const terminal = !config.discord && !config.slack;
  // The terminal chat shares the screen with the logs: keep them to warnings unless asked.
  const root = createLogger(terminal && !config.logLevelSet ? 'warn' : config.logLevel);
  const clock: Clock = { now: () => Date.now() };
  // Metrics and connection states come from the log events, whatever the level.
  const metrics = createMetrics();
  const connections = createConnections([...(config.discord ? ['discord'] : []), ...(config.slack ? ['slack'] : [])], metrics);
  const hook = metricsHook(metrics, connections);
  const log = observe(root, hook);
  const platformLog = (platform: string) => observe(withFields(root, { platform }), hook, { platform });

  const store = await openStore(config.db, { allowEmpty: config.allowEmptyDb, log });
  const ports = new Map<string, ChatPort>();
  // Pictures are drawn in a worker thread; off, every reply is text only. The terminal chat writes them
  // to STEPWISE_FILES_DIR and prints their paths beside the text.
  const pictures = config.pictures ? createRenderer({ log }) : undefined;
  pictures?.warm();
  const core = createTutor({
    ...(pictures ? { pictures } : {}),
    store,
    packs: new PackRegistry(createFolderSource(config.content)),
    calendar: nodeCronCalendar,
    log,
    settings: { tz: config.tz, windowMs: config.windowMs, reactions: config.reactions, catchupMs: config.catchupMs, easyMs: config.easyMs },
    chat: (platform) => ports.get(platform),
    // Answers that arrive in the same turn of the event loop share one commit.
    defer: setImmediate,
  });
  const tutor = timeAnswers(core, metrics);
  const report = tutor.reload();
  if (report.problems.some((p) => p.severity === 'error')) {
    process.stderr.write(`Some content was refused:\n${report.problems.map(formatProblem).join('\n')}\n`);
  }
  if (report.packs === 0) fail(`no usable packs in ${config.content}. Run npm run content:check to see why.`, 1);
  // A time-zone recount a restart interrupted goes on in the background: start-up does not wait for it.
  void tutor.resumeRecounts();

  // /healthz and /metrics: on Bolt's own server in Slack HTTP mode, else on STEPWISE_HTTP_PORT when set.
  let lastSweep = clock.now();
  let probes = 0;
  const health: HealthDeps = {
    now: clock.now,
    // A real write through the port (a delivery id the tutor forgets after an hour, as it does Slack's).
    probeWrite: (now) => tutor.firstDelivery('stepwise.health', `${process.pid}-${now}-${(probes += 1)}`, now),
    connections,
    lastSweepAt: () => lastSweep,
    metrics,
  };
  const routes = opsRoutes(health, metrics);
  const slackHttp = Boolean(config.slack && !config.slack.appToken);

  // Platform adapters start when their tokens are set; the terminal chat only when none is.
  const platforms: PlatformAdapter[] = [];
  // Imported only when configured: discord.js and Bolt take a noticeable part of a second to load.
  if (config.discord) {
    const { createDiscordAdapter } = await import('./adapters/discord/index.ts');
    platforms.push(createDiscordAdapter(tutor, { ...config.discord, admins: config.admins, clock, log: platformLog('discord') }));
  }
  if (config.slack) {
    const { createSlackAdapter } = await import('./adapters/slack/index.ts');
    const { oauth, ...slack } = config.slack;
    platforms.push(
      createSlackAdapter(tutor, {
        ...slack,
        // OAuth: the installations live in the same store as everything else.
        ...(oauth ? { oauth: { ...oauth, store } } : {}),
        admins: config.admins,
        clock,
        log: platformLog('slack'),
        ...(slackHttp ? { customRoutes: boltRoutes(routes) } : {}),
      }),
    );
  }
  const terminalChat = terminal
    ? createTerminalAdapter(tutor, {
        input: process.stdin,
        output: process.stdout,
        clock,
        log,
        user: config.terminalUser,
        admins: config.admins,
        filesDir: config.filesDir,
        interactive: Boolean(process.stdin.isTTY),
      })
    : undefined;
  for (const a of platforms) ports.set(a.port.platform, a.port);
  if (terminalChat) ports.set(terminalChat.port.platform, terminalChat.port);
  await Promise.all(platforms.map((a) => a.start()));

  const scheduler = createScheduler(tutor, clock, log, [...ports.keys()], {
    swept: (ms) => {
      lastSweep = clock.now();
      metrics.sweepSeconds.observe(ms / 1000);
      metrics.lastSweep.set(lastSweep / 1000);
    },
  });
  await scheduler.start();
  lastSweep = clock.now();
  const ops =
    config.httpPort !== undefined && !slackHttp
      ? await startOpsServer(config.httpPort, routes).catch((err: unknown) => {
          throw new ConfigError(`STEPWISE_HTTP_PORT=${config.httpPort}: cannot listen (${(err as NodeJS.ErrnoException).code ?? String(err)}). Pick a free port.`);
        })
      : undefined;
  if (ops) log.info('ops.listening', { port: ops.port, paths: Object.keys(routes), sweepStaleS: SWEEP_STALE_MS / 1000 });

  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stepwise.stopping', { reason });
    await scheduler.stop();
    ops?.server.close();
    ops?.server.closeAllConnections();
    await Promise.allSettled(platforms.map((a) => a.stop()));
    await pictures?.close();
    await store.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void shutdown(signal).then(() => process.exit(0)));
  }
  // Only now: whoever waits for this line may stop the bot at once, and a signal that came before the
  // handlers would kill it with 143 instead of a clean shutdown.
  log.info('stepwise.ready', { platforms: [...ports.keys()], packs: report.packs, questions: report.questions });

  if (terminalChat) {
    await terminalChat.run();
    await shutdown('end of input');
  }
}

main().catch((err: unknown) => {
  // An adapter may name its own exit code (Discord: bad token, sharding required, intents refused).
  if (err instanceof ConfigError || err instanceof StepwiseError) fail(err.message, (err as { exitCode?: number }).exitCode ?? 1);
  fail(`unexpected error: ${err instanceof Error ? err.stack : String(err)}`, 1);
});
