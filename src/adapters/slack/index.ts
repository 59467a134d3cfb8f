/**
 * @module The Slack adapter: a Bolt app (Socket Mode, or HTTP with a signing secret; or OAuth, installed
 * into any workspace) whose listeners call the tutor and whose ChatPort posts Block Kit.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, SocketModeReceiver, webApi, type CustomRoute } from '@slack/bolt';
import { reasonOf } from '../../core/deps.ts';
import { PlatformError } from '../../core/errors.ts';
import type { Clock, Logger, PlatformAdapter, Store } from '../../core/ports.ts';
import type { Tutor } from '../../core/tutor.ts';
import { createSecretBox } from '../../secret-box.ts';
import { createActors } from './admin.ts';
import { redact, slackErrorCode } from './api-errors.ts';
import { boltLogger } from './bolt-logger.ts';
import { createCallQueue, realTimer, type Timer } from './call-queue.ts';
import { createSlackChat } from './chat-port.ts';
import { fixedClients, installedClients, type SlackClients } from './clients.ts';
import { createFeedback } from './feedback.ts';
import { createInflight } from './inflight.ts';
import { createInstallations, type SlackInstallations } from './installations.ts';
import { registerListeners } from './listeners/index.ts';
import { PLATFORM } from './refs.ts';
import { BOT_SCOPES } from './scopes.ts';
import type { SlackOAuthConfig } from '../../config.ts';

/** OAuth distribution: Bolt serves /slack/install and /slack/oauth_redirect, and each workspace's token comes from its installation. */
export interface SlackOAuthOptions extends SlackOAuthConfig {
  /** Where the installations live (the same store as everything else). */
  store: Store;
}

/** What the Slack adapter needs: the parsed SlackConfig plus admins, clock and log. */
export interface SlackAdapterOptions {
  /** Single-token mode: one workspace. */
  botToken?: string;
  /** Instead of botToken: installs into any workspace (HTTP mode). */
  oauth?: SlackOAuthOptions;
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
  /** How long a modal's submission may take before it is acked anyway (default 2.5 s of Slack's 3). */
  formAckBudgetMs?: number;
}

/** The running adapter: the PlatformAdapter main.ts sees, plus what tests want to know. */
export interface SlackAdapter extends PlatformAdapter {
  /** The HTTP port Bolt listens on (undefined in Socket Mode or before start). */
  httpPort(): number | undefined;
  /** Resolves when listener work already under way is done. */
  idle(): Promise<void>;
  /** OAuth mode: the installation store. */
  installations?: SlackInstallations;
}

/** Creates the Slack adapter. Nothing touches the network until `start()`. */
export function createSlackAdapter(tutor: Tutor, options: SlackAdapterOptions): SlackAdapter {
  const { log, clock, oauth } = options;
  const socketMode = Boolean(options.appToken);
  if (oauth ? options.botToken || socketMode || !options.signingSecret : !options.botToken) {
    throw new PlatformError('Slack needs SLACK_BOT_TOKEN (one workspace), or SLACK_CLIENT_ID with SLACK_SIGNING_SECRET in HTTP mode (any workspace).');
  }
  if (!socketMode && !options.signingSecret) {
    throw new PlatformError('Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode).');
  }
  const retryConfig = options.retryConfig ?? webApi.retryPolicies.fiveRetriesInFiveMinutes;
  const api = options.apiUrl ? { slackApiUrl: options.apiUrl } : {};
  // Installations are sealed with STEPWISE_SECRET's key; a change of installation drops its cached clients.
  let clients: SlackClients | undefined;
  const installations = oauth
    ? createInstallations({ store: oauth.store, box: createSecretBox(oauth.secret, oauth.previousSecret), clock, log, changed: (w) => clients?.forget(w) })
    : undefined;
  // Socket Mode's receiver is built here rather than by Bolt, so its WebSocket's state reaches the logs
  // (and /healthz): a link Slack dropped is "slack.disconnected" until the client has connected again.
  const receiver = socketMode ? new SocketModeReceiver({ appToken: options.appToken!, logger: boltLogger(log), installerOptions: { clientOptions: { ...api } } }) : undefined;
  receiver?.client.on('connected', () => log.info('slack.connected', { platform: PLATFORM }));
  // 'close' comes as the socket goes; the client then waits (5 s, its ping timeout) and connects anew.
  receiver?.client.on('close', () => log.warn('slack.disconnected', { platform: PLATFORM }));
  const app = new App({
    ...(oauth
      ? {
          signingSecret: options.signingSecret!,
          clientId: oauth.clientId,
          clientSecret: oauth.clientSecret,
          stateSecret: oauth.stateSecret,
          scopes: [...BOT_SCOPES],
          installationStore: installations!,
          ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
          installerOptions: {
            // Bolt's own pages: /slack/install (an "Add to Slack" link, the state in a cookie) and the redirect.
            ...(oauth.redirectUri ? { redirectUriPath: new URL(oauth.redirectUri).pathname } : {}),
            // SLACK_API_URL (tests, proxies) stands for slack.com: its authorize page and oauth.v2.access too.
            ...(options.apiUrl ? { authorizationUrl: new URL('/oauth/v2/authorize', options.apiUrl).toString(), clientOptions: { ...api } } : {}),
          },
          ...(options.customRoutes ? { customRoutes: options.customRoutes } : {}),
        }
      : {
          token: options.botToken!,
          ...(receiver
            ? { receiver }
            : { signingSecret: options.signingSecret, ...(options.customRoutes ? { customRoutes: options.customRoutes } : {}) }),
        }),
    // auth.test runs in start(), not in the constructor, so wiring never touches the network.
    deferInitialization: true,
    convoStore: false,
    extendedErrorHandler: true,
    logger: boltLogger(log),
    clientOptions: { ...api, retryConfig },
  });

  const inflight = createInflight();
  // Per-person calls (feedback, DMs, App Home, users.info) get their own client: it throws on a 429
  // instead of sleeping inside its queue, and the call queue waits out Retry-After for that method
  // alone. Channel posts (drops, reveals, reactions) have the other client, so they never wait behind feedback.
  const makeClient = (token: string | undefined, kind: 'channel' | 'personal') => {
    const c = new webApi.WebClient(token, { ...api, retryConfig, logger: boltLogger(log), ...(kind === 'personal' ? { rejectRateLimitedCalls: true } : {}) });
    // 429s, for the operator's metrics (the event comes before waiting or throwing).
    c.on(webApi.WebClientEvent.RATE_LIMITED, (retryAfterS: number) => log.warn('slack.rate_limited', { platform: PLATFORM, retryAfterS }));
    return c;
  };
  clients = installations
    ? installedClients({ tokenOf: (w) => installations.botToken(w), make: makeClient })
    : (() => {
        app.client.on(webApi.WebClientEvent.RATE_LIMITED, (retryAfterS: number) => log.warn('slack.rate_limited', { platform: PLATFORM, retryAfterS }));
        return fixedClients(app.client, makeClient(options.botToken, 'personal'));
      })();
  const queue = createCallQueue(options.timer ?? realTimer);
  const feedback = createFeedback({ client: clients.personal, queue, log });
  const ctx = {
    tutor,
    feedback,
    actors: createActors({ client: clients.personal, queue, admins: options.admins, clock, log }),
    inflight,
    clock,
    log,
    ...(installations ? { installations } : {}),
    ...(options.formAckBudgetMs !== undefined ? { formAckBudgetMs: options.formAckBudgetMs } : {}),
  };
  registerListeners(app, ctx);
  // Every listener acks first and turns its own failures into replies; what still lands here is logged
  // (one line, no stack) and not rethrown, so Bolt does not print it a second time.
  app.error(async ({ error, context }: { error: Error; context?: { teamId?: string } }) => {
    log.error('slack.listener_failed', { platform: PLATFORM, workspace: context?.teamId, reason: redact(reasonOf(error)) });
  });

  let server: Server | undefined;
  return {
    port: createSlackChat({ client: clients.channel, feedback, log, tz: tutor.settings.tz, background: (work) => void inflight.run(work) }),

    async start() {
      // After a STEPWISE_SECRET rotation, rows sealed with the previous key are sealed again with the new one.
      if (installations) await installations.reseal();
      try {
        await app.init();
      } catch (err) {
        throw new PlatformError(`Slack did not accept SLACK_BOT_TOKEN (auth.test: ${slackErrorCode(err)}). Check the token${options.apiUrl ? ' and SLACK_API_URL' : ''}.`);
      }
      if (socketMode) await app.start();
      else server = await app.start(options.port);
      log.info('slack.started', { platform: PLATFORM, mode: socketMode ? 'socket' : oauth ? 'oauth' : 'http', ...(server ? { port: (server.address() as AddressInfo).port } : {}) });
    },

    async stop() {
      await app.stop().catch((err: unknown) => log.warn('slack.stop_failed', { platform: PLATFORM, reason: redact(reasonOf(err)) }));
      await inflight.idle();
    },

    httpPort: () => (server?.address() as AddressInfo | null | undefined)?.port,
    idle: () => inflight.idle(),
    ...(installations ? { installations } : {}),
  };
}
