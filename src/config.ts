/** Every environment variable, parsed and validated in one place. A bad value stops start-up, naming it. */
import { isValidTimeZone } from './core/time.ts';

/** Log levels, least to most severe. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The parsed configuration. Secrets stay in here and are never logged. */
export interface Config {
  db: string;
  content: string;
  tz: string;
  admins: string[];
  logLevel: LogLevel;
  /** Whether LOG_LEVEL was set explicitly (the terminal chat is quieter by default). */
  logLevelSet: boolean;
  catchupMs: number;
  windowMs: number;
  /** The user the terminal chat starts as (an admin there). */
  terminalUser: string;
}

/** A configuration problem, naming the variable and what to do. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "30m", "1h", "2d"; a bare number means minutes. */
export function parseDuration(name: string, raw: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/i.exec(raw.trim());
  if (!m) throw new ConfigError(`${name}="${raw}" is not a duration. Use a number with s, m, h or d, such as 30m or 1h.`);
  return Math.round(Number(m[1]) * UNITS[(m[2] || 'm').toLowerCase()]!);
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
  const windowMs = parseDuration('STEPWISE_WINDOW', get('STEPWISE_WINDOW') ?? '24h');
  if (windowMs < 60_000) throw new ConfigError('STEPWISE_WINDOW must be at least 1m: a drop needs time to be answered.');
  const terminalUser = get('STEPWISE_USER') ?? 'you';
  if (!/^[\w.-]{1,32}$/.test(terminalUser)) throw new ConfigError(`STEPWISE_USER="${terminalUser}" must be 1-32 letters, digits, ".", "_" or "-".`);
  return {
    db: get('STEPWISE_DB') ?? './data/stepwise.db',
    content: get('STEPWISE_CONTENT') ?? './content',
    tz,
    admins: (get('STEPWISE_ADMINS') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    logLevel: level as LogLevel,
    logLevelSet: get('LOG_LEVEL') !== undefined,
    catchupMs: parseDuration('STEPWISE_CATCHUP', get('STEPWISE_CATCHUP') ?? '1h'),
    windowMs,
    terminalUser,
  };
}
