/** Every environment variable, parsed and validated in one place. A bad value stops start-up, naming it. */
import { WINDOW_MAX_MS, WINDOW_MIN_MS } from './core/workspace-settings.ts';
import { durationMs, isValidTimeZone, showDuration as show } from './core/time.ts';

/** Log levels, least to most severe. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The parsed configuration. Secrets stay in here and are never logged. */
export interface Config {
  db: string;
  /** Start even on a database file that looks reset (STEPWISE_ALLOW_EMPTY_DB=1). */
  allowEmptyDb: boolean;
  content: string;
  tz: string;
  admins: string[];
  logLevel: LogLevel;
  /** Whether LOG_LEVEL was set explicitly (the terminal chat is quieter by default). */
  logLevelSet: boolean;
  catchupMs: number;
  windowMs: number;
  /** STEPWISE_REACTIONS: whether reactions count as answers in workspaces that did not choose. */
  reactions: boolean;
  /** A right answer within this time rates Easy in spaced review. */
  easyMs: number;
  /** STEPWISE_PICTURES: draw leaderboard cards, report cards and charts (on) or send text only (off). */
  pictures: boolean;
  /** The user the terminal chat starts as (an admin there). */
  terminalUser: string;
  /** STEPWISE_FILES_DIR: where the terminal chat writes the files replies carry (pictures, exports). */
  filesDir: string;
  /** STEPWISE_HTTP_PORT: where /healthz and /metrics listen (unset: nowhere; Slack HTTP mode: Bolt's PORT). */
  httpPort?: number;
  /** Set when DISCORD_TOKEN is. */
  discord?: DiscordConfig;
  /** Set when SLACK_BOT_TOKEN or SLACK_CLIENT_ID is. */
  slack?: SlackConfig;
}

/** Discord settings. */
export interface DiscordConfig {
  token: string;
  /** Register commands on this guild (instant) instead of globally. */
  guildId?: string;
  /** REST base such as http://127.0.0.1:8080/api (tests, proxies); discord.js adds /v10. */
  apiUrl?: string;
  /** DISCORD_SHARDS and DISCORD_SHARD_COUNT: the shards this process holds, of how many. Unset: all, as Discord recommends. */
  shards?: ShardSet;
}

/** Some of a bot's gateway shards: `ids` (distinct, ascending, each below `count`) out of `count`. */
export interface ShardSet {
  ids: number[];
  count: number;
}

/**
 * Slack settings: one workspace with a bot token (Socket Mode with an app token, or HTTP with a signing
 * secret), or installs into any workspace (`oauth`, HTTP only) where each workspace's token comes from
 * its installation.
 */
export interface SlackConfig {
  /** Single-token mode. Unset in OAuth mode. */
  botToken?: string;
  /** OAuth distribution: set instead of botToken. */
  oauth?: SlackOAuthConfig;
  appToken?: string;
  signingSecret?: string;
  port: number;
  /** Web API base such as http://127.0.0.1:8080/api/ (tests). */
  apiUrl?: string;
}

/** OAuth distribution (SLACK_CLIENT_ID …): Bolt serves /slack/install and /slack/oauth_redirect. */
export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** SLACK_REDIRECT_URI: needed when the app lists several redirect URLs. */
  redirectUri?: string;
  /** STEPWISE_SECRET: seals the installations' tokens at rest. */
  secret: string;
  /** STEPWISE_SECRET_PREVIOUS: still opens rows sealed before a rotation (they are sealed again at start). */
  previousSecret?: string;
}

/** The shortest STEPWISE_SECRET accepted: 32 characters (e.g. `openssl rand -base64 32` gives 44). */
export const MIN_SECRET_LENGTH = 32;

/** A configuration problem, naming the variable and what to do. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** "90s", "30m", "1h", "2d"; a bare number means minutes. */
export function parseDuration(name: string, raw: string): number {
  const ms = durationMs(raw);
  if (ms === undefined) throw new ConfigError(`${name}="${raw}" is not a duration. Use a number with s, m, h or d, such as 30m or 1h.`);
  return ms;
}

/**
 * A duration within [min, max]. The upper bounds keep every instant derived from it a valid date (a
 * huge window made each post fail with "Invalid time value"); `why` says what the setting is for.
 */
function durationIn(name: string, raw: string, min: number, max: number, why: string): number {
  const ms = parseDuration(name, raw);
  if (ms < min) throw new ConfigError(`${name}="${raw}" is too short: ${name} must be at least ${show(min)} (${why}).`);
  if (ms > max) throw new ConfigError(`${name}="${raw}" is too long: ${name} must be at most ${show(max)} (${why}).`);
  return ms;
}

/**
 * DISCORD_SHARDS ("0,1" or "0-3,6") and DISCORD_SHARD_COUNT, both or neither. Each instance of a bot
 * split over several processes holds some shard ids; Discord closes a shard whose id is not below the
 * count (4010), so that is refused here, before logging in.
 */
function shardSet(rawIds: string | undefined, rawCount: string | undefined): ShardSet | undefined {
  if (rawIds === undefined && rawCount === undefined) return undefined;
  if (rawCount === undefined) throw new ConfigError(`DISCORD_SHARDS is set but DISCORD_SHARD_COUNT is not. Set DISCORD_SHARD_COUNT to the bot's total number of shards (the same on every instance).`);
  if (rawIds === undefined) throw new ConfigError(`DISCORD_SHARD_COUNT is set but DISCORD_SHARDS is not. Set DISCORD_SHARDS to the shard ids this instance holds, such as 0,1.`);
  if (!/^\d{1,5}$/.test(rawCount) || Number(rawCount) < 1) throw new ConfigError(`DISCORD_SHARD_COUNT="${rawCount}" is not a whole number of shards (1 or more).`);
  const count = Number(rawCount);
  const ids = new Set<number>();
  for (const part of rawIds.split(',').map((p) => p.trim())) {
    const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(part);
    if (!m) throw new ConfigError(`DISCORD_SHARDS="${rawIds}": "${part}" is not a shard id. Use ids and ranges separated by commas, such as 0,1 or 0-3.`);
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (to < from) throw new ConfigError(`DISCORD_SHARDS="${rawIds}": the range "${part}" runs backwards.`);
    for (let id = from; id <= to; id++) {
      if (id >= count) throw new ConfigError(`DISCORD_SHARDS="${rawIds}": shard ${id} is not below DISCORD_SHARD_COUNT=${count} (ids run from 0 to ${count - 1}).`);
      if (ids.has(id)) throw new ConfigError(`DISCORD_SHARDS="${rawIds}" names shard ${id} twice.`);
      ids.add(id);
    }
  }
  return { ids: [...ids].sort((a, b) => a - b), count };
}

function url(name: string, value: string): void {
  if (!/^https?:\/\/[^\s]+$/.test(value)) throw new ConfigError(`${name}="${value}" is not an http(s) URL.`);
}

/** Reads the configuration from `env` (process.env in production, a plain object in tests). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const tz = get('STEPWISE_TZ') ?? 'UTC';
  if (!isValidTimeZone(tz)) throw new ConfigError(`STEPWISE_TZ="${tz}" is not an IANA time zone. Use a name such as UTC, Europe/Berlin or America/New_York.`);
  const level = (get('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new ConfigError(`LOG_LEVEL="${level}" is not one of ${LOG_LEVELS.join(', ')}.`);
  const windowMs = durationIn('STEPWISE_WINDOW', get('STEPWISE_WINDOW') ?? '24h', WINDOW_MIN_MS, WINDOW_MAX_MS, 'how long a question stays open');
  const reactionsRaw = (get('STEPWISE_REACTIONS') ?? 'on').toLowerCase();
  if (reactionsRaw !== 'on' && reactionsRaw !== 'off') throw new ConfigError(`STEPWISE_REACTIONS="${reactionsRaw}" must be on or off (whether reactions count as answers).`);
  const catchupMs = durationIn('STEPWISE_CATCHUP', get('STEPWISE_CATCHUP') ?? '1h', 0, 7 * 86_400_000, 'how old a missed scheduled question may be and still post');
  const easyMs = durationIn('STEPWISE_EASY', get('STEPWISE_EASY') ?? '15s', 0, 3_600_000, 'a right answer this fast rates Easy');
  const picturesRaw = (get('STEPWISE_PICTURES') ?? 'on').toLowerCase();
  if (picturesRaw !== 'on' && picturesRaw !== 'off') throw new ConfigError(`STEPWISE_PICTURES="${get('STEPWISE_PICTURES')}" must be on or off.`);
  const terminalUser = get('STEPWISE_USER') ?? 'you';
  if (!/^[\w.-]{1,32}$/.test(terminalUser)) throw new ConfigError(`STEPWISE_USER="${terminalUser}" must be 1-32 letters, digits, ".", "_" or "-".`);
  const discordToken = get('DISCORD_TOKEN');
  const guildId = get('DISCORD_GUILD_ID');
  if (guildId && !/^\d{17,20}$/.test(guildId)) throw new ConfigError(`DISCORD_GUILD_ID="${guildId}" is not a Discord id (17-20 digits; right-click the server, Copy Server ID).`);
  if (!discordToken && (guildId || get('DISCORD_API_URL'))) throw new ConfigError('DISCORD_GUILD_ID or DISCORD_API_URL is set but DISCORD_TOKEN is not. Set DISCORD_TOKEN to the bot token.');
  const discordApi = get('DISCORD_API_URL');
  if (discordApi) url('DISCORD_API_URL', discordApi);
  const shards = shardSet(get('DISCORD_SHARDS'), get('DISCORD_SHARD_COUNT'));
  if (!discordToken && shards) throw new ConfigError('DISCORD_SHARDS and DISCORD_SHARD_COUNT are set but DISCORD_TOKEN is not. Set DISCORD_TOKEN to the bot token.');

  const botToken = get('SLACK_BOT_TOKEN');
  const appToken = get('SLACK_APP_TOKEN');
  const signingSecret = get('SLACK_SIGNING_SECRET');
  const slackApi = get('SLACK_API_URL');
  if (slackApi) url('SLACK_API_URL', slackApi);
  const port = Number(get('PORT') ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT="${get('PORT')}" is not a port number (0-65535).`);
  const httpRaw = get('STEPWISE_HTTP_PORT');
  const httpPort = httpRaw === undefined ? undefined : Number(httpRaw);
  if (httpPort !== undefined && (!/^\d+$/.test(httpRaw!) || httpPort > 65535)) throw new ConfigError(`STEPWISE_HTTP_PORT="${httpRaw}" is not a port number (0-65535).`);
  const clientId = get('SLACK_CLIENT_ID');
  const oauthVars = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;
  let oauth: SlackOAuthConfig | undefined;
  if (oauthVars.some((v) => get(v))) {
    const missing = oauthVars.filter((v) => !get(v));
    if (missing.length) throw new ConfigError(`Slack OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together; ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set.`);
    if (botToken) throw new ConfigError('SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set. Use one: SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID (OAuth) to install into any workspace.');
    if (appToken) throw new ConfigError('SLACK_APP_TOKEN is set with SLACK_CLIENT_ID: installing into any workspace runs in HTTP mode. Unset SLACK_APP_TOKEN and set SLACK_SIGNING_SECRET.');
    if (!signingSecret) throw new ConfigError('SLACK_CLIENT_ID is set but SLACK_SIGNING_SECRET is not. Set it (Basic Information → Signing Secret): OAuth runs in HTTP mode.');
    const secret = get('STEPWISE_SECRET');
    if (!secret || secret.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(`STEPWISE_SECRET must be set to at least ${MIN_SECRET_LENGTH} characters when SLACK_CLIENT_ID is: it encrypts the workspaces' tokens. Make one with: openssl rand -base64 32`);
    }
    const previousSecret = get('STEPWISE_SECRET_PREVIOUS');
    if (previousSecret !== undefined && previousSecret.length < MIN_SECRET_LENGTH) throw new ConfigError(`STEPWISE_SECRET_PREVIOUS is shorter than ${MIN_SECRET_LENGTH} characters; it must be the STEPWISE_SECRET you used before.`);
    const redirectUri = get('SLACK_REDIRECT_URI');
    if (redirectUri) url('SLACK_REDIRECT_URI', redirectUri);
    oauth = {
      clientId: clientId!,
      clientSecret: get('SLACK_CLIENT_SECRET')!,
      stateSecret: get('SLACK_STATE_SECRET')!,
      secret,
      ...(previousSecret ? { previousSecret } : {}),
      ...(redirectUri ? { redirectUri } : {}),
    };
  }
  // OAuth mode was checked above (HTTP with a signing secret, no bot token).
  if (!oauth && botToken) {
    if (!botToken.startsWith('xoxb-')) throw new ConfigError('SLACK_BOT_TOKEN must be the bot token, starting with xoxb- (OAuth & Permissions in your Slack app).');
    if (appToken && !appToken.startsWith('xapp-')) throw new ConfigError('SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write).');
    if (!appToken && !signingSecret) throw new ConfigError('SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is. Set one of them.');
  } else if (!oauth && (appToken || signingSecret)) {
    throw new ConfigError('SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not. Set SLACK_BOT_TOKEN (xoxb-…).');
  }

  return {
    ...(discordToken
      ? { discord: { token: discordToken, ...(guildId ? { guildId } : {}), ...(discordApi ? { apiUrl: discordApi } : {}), ...(shards ? { shards } : {}) } }
      : {}),
    ...(oauth ? { slack: { oauth, port, signingSecret, ...(slackApi ? { apiUrl: slackApi } : {}) } } : {}),
    ...(botToken
      ? { slack: { botToken, port, ...(appToken ? { appToken } : {}), ...(signingSecret ? { signingSecret } : {}), ...(slackApi ? { apiUrl: slackApi } : {}) } }
      : {}),
    ...(httpPort !== undefined ? { httpPort } : {}),
    db: get('STEPWISE_DB') ?? './data/stepwise.db',
    allowEmptyDb: get('STEPWISE_ALLOW_EMPTY_DB') === '1',
    content: get('STEPWISE_CONTENT') ?? './content',
    tz,
    admins: (get('STEPWISE_ADMINS') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    logLevel: level as LogLevel,
    logLevelSet: get('LOG_LEVEL') !== undefined,
    catchupMs,
    windowMs,
    reactions: reactionsRaw === 'on',
    easyMs,
    pictures: picturesRaw === 'on',
    terminalUser,
    filesDir: get('STEPWISE_FILES_DIR') ?? './data/files',
  };
}
