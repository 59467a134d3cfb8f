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
  const log = createLogger(terminal && !config.logLevelSet ? 'warn' : config.logLevel);
  const clock: Clock = { now: () => Date.now() };

  const store = await openStore(config.db, { allowEmpty: config.allowEmptyDb });
  const ports = new Map<string, ChatPort>();
  const tutor = createTutor({
    store,
    packs: new PackRegistry(createFolderSource(config.content)),
    calendar: nodeCronCalendar,
    log,
    settings: { tz: config.tz, windowMs: config.windowMs, catchupMs: config.catchupMs, easyMs: config.easyMs },
    chat: (platform) => ports.get(platform),
    // Answers that arrive in the same turn of the event loop share one commit.
    defer: setImmediate,
  });
  const report = tutor.reload();
  if (report.problems.some((p) => p.severity === 'error')) {
    process.stderr.write(`Some content was refused:\n${report.problems.map(formatProblem).join('\n')}\n`);
  }
  if (report.packs === 0) fail(`no usable packs in ${config.content}. Run npm run content:check to see why.`, 1);

  // Platform adapters start when their tokens are set; the terminal chat only when none is.
  const platforms: PlatformAdapter[] = [];
  // Imported only when configured: discord.js and Bolt take a noticeable part of a second to load.
  if (config.discord) {
    const { createDiscordAdapter } = await import('./adapters/discord/index.ts');
    platforms.push(createDiscordAdapter(tutor, { ...config.discord, admins: config.admins, clock, log: withFields(log, { platform: 'discord' }) }));
  }
  if (config.slack) {
    const { createSlackAdapter } = await import('./adapters/slack/index.ts');
    platforms.push(createSlackAdapter(tutor, { ...config.slack, admins: config.admins, clock, log: withFields(log, { platform: 'slack' }) }));
  }
  const terminalChat = terminal
    ? createTerminalAdapter(tutor, {
        input: process.stdin,
        output: process.stdout,
        clock,
        log,
        user: config.terminalUser,
        admins: config.admins,
        interactive: Boolean(process.stdin.isTTY),
      })
    : undefined;
  for (const a of platforms) ports.set(a.port.platform, a.port);
  if (terminalChat) ports.set(terminalChat.port.platform, terminalChat.port);
  await Promise.all(platforms.map((a) => a.start()));

  const scheduler = createScheduler(tutor, clock, log, [...ports.keys()]);
  await scheduler.start();

  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stepwise.stopping', { reason });
    await scheduler.stop();
    await Promise.allSettled(platforms.map((a) => a.stop()));
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
