/** @module The Slack adapter: a Bolt app (Socket Mode, or HTTP with a signing secret) whose listeners call the tutor and whose ChatPort posts Block Kit. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, webApi, type CustomRoute } from '@slack/bolt';
import { reasonOf } from '../../core/deps.ts';
import { PlatformError } from '../../core/errors.ts';
import type { Clock, Logger, PlatformAdapter } from '../../core/ports.ts';
import type { Tutor } from '../../core/tutor.ts';
import { createActors } from './admin.ts';
import { redact, slackErrorCode } from './api-errors.ts';
import { boltLogger } from './bolt-logger.ts';
import { createCallQueue, realTimer, type Timer } from './call-queue.ts';
import { createSlackChat } from './chat-port.ts';
import { createFeedback } from './feedback.ts';
import { createInflight } from './inflight.ts';
import { registerListeners } from './listeners/index.ts';
import { PLATFORM } from './refs.ts';

/** What the Slack adapter needs: the parsed SlackConfig plus admins, clock and log. */
export interface SlackAdapterOptions {
  botToken: string;
  /** Set: Socket Mode (no public URL). Unset: HTTP on `port` with `signingSecret`. */
  appToken?: string;
  signingSecret?: string;
  /** HTTP port (0 picks a free one; see `httpPort()`). */
  port: number;
  /** Web API base, e.g. http://127.0.0.1:8080/api/ (tests). */
  apiUrl?: string;
  /** User ids that are admins whatever Slack says (STEPWISE_ADMINS). */
  admins: readonly string[];
  clock: Clock;
  log: Logger;
  /** WebClient retries, also for 429s (each Retry-After wait uses one). Default: five retries within about five minutes. */
  retryConfig?: webApi.RetryOptions;
  /** HTTP mode: extra routes on Bolt's own server (main.ts mounts /healthz and /metrics there). */
  customRoutes?: CustomRoute[];
  /** Time for the per-person call queues (tests may pass a virtual one). */
  timer?: Timer;
}

/** The running adapter: the PlatformAdapter main.ts sees, plus what tests want to know. */
export interface SlackAdapter extends PlatformAdapter {
  /** The HTTP port Bolt listens on (undefined in Socket Mode or before start). */
  httpPort(): number | undefined;
  /** Resolves when listener work already under way is done. */
  idle(): Promise<void>;
}

/** Creates the Slack adapter. Nothing touches the network until `start()`. */
export function createSlackAdapter(tutor: Tutor, options: SlackAdapterOptions): SlackAdapter {
  const { log, clock } = options;
  const socketMode = Boolean(options.appToken);
  if (!socketMode && !options.signingSecret) {
    throw new PlatformError('Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode).');
  }
  const app = new App({
    token: options.botToken,
    ...(socketMode
      ? { appToken: options.appToken, socketMode: true }
      : { signingSecret: options.signingSecret, ...(options.customRoutes ? { customRoutes: options.customRoutes } : {}) }),
    // auth.test runs in start(), not in the constructor, so wiring never touches the network.
    deferInitialization: true,
    convoStore: false,
    extendedErrorHandler: true,
    logger: boltLogger(log),
    clientOptions: {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      retryConfig: options.retryConfig ?? webApi.retryPolicies.fiveRetriesInFiveMinutes,
    },
  });

  const inflight = createInflight();
  // Per-person calls (feedback, DMs, App Home, users.info) get their own client: it throws on a 429
  // instead of sleeping inside its queue, and the call queue waits out Retry-After for that method
  // alone. app.client keeps channel posts (drops, reveals, reactions), which so never wait behind feedback.
  const personal = new webApi.WebClient(options.botToken, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: options.retryConfig ?? webApi.retryPolicies.fiveRetriesInFiveMinutes,
    logger: boltLogger(log),
  });
  // 429s, for the operator's metrics (both clients emit the event before waiting or throwing).
  for (const c of [app.client, personal]) c.on(webApi.WebClientEvent.RATE_LIMITED, (retryAfterS: number) => log.warn('slack.rate_limited', { platform: PLATFORM, retryAfterS }));
  const queue = createCallQueue(options.timer ?? realTimer);
  const feedback = createFeedback({ client: personal, queue, log });
  const ctx = {
    tutor,
    client: app.client,
    feedback,
    actors: createActors({ client: personal, queue, admins: options.admins, clock, log }),
    inflight,
    clock,
    log,
  };
  registerListeners(app, ctx);
  // Every listener acks first and turns its own failures into replies; what still lands here is logged
  // (one line, no stack) and not rethrown, so Bolt does not print it a second time.
  app.error(async ({ error, context }: { error: Error; context?: { teamId?: string } }) => {
    log.error('slack.listener_failed', { platform: PLATFORM, workspace: context?.teamId, reason: redact(reasonOf(error)) });
  });

  let server: Server | undefined;
  return {
    port: createSlackChat({ client: app.client, feedback, log, tz: tutor.settings.tz, background: (work) => void inflight.run(work) }),

    async start() {
      try {
        await app.init();
      } catch (err) {
        throw new PlatformError(`Slack did not accept SLACK_BOT_TOKEN (auth.test: ${slackErrorCode(err)}). Check the token${options.apiUrl ? ' and SLACK_API_URL' : ''}.`);
      }
      if (socketMode) await app.start();
      else server = await app.start(options.port);
      log.info('slack.started', { platform: PLATFORM, mode: socketMode ? 'socket' : 'http', ...(server ? { port: (server.address() as AddressInfo).port } : {}) });
    },

    async stop() {
      await app.stop().catch((err: unknown) => log.warn('slack.stop_failed', { platform: PLATFORM, reason: redact(reasonOf(err)) }));
      await inflight.idle();
    },

    httpPort: () => (server?.address() as AddressInfo | null | undefined)?.port,
    idle: () => inflight.idle(),
  };
}
