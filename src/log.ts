/** Structured logs: one JSON line an event on stderr, so stdout stays the chat in the terminal. */
import type { Logger } from './core/ports.ts';
import { LOG_LEVELS, type LogLevel } from './config.ts';

/** Field names whose values are never written, whatever a caller passes. */
const SECRET = /token|secret|password|authorization/i;

/** A logger writing lines at or above `level` to `write` (stderr by default). */
export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const min = LOG_LEVELS.indexOf(level);
  const emit = (lvl: LogLevel) => (event: string, fields: Record<string, unknown> = {}) => {
    if (LOG_LEVELS.indexOf(lvl) < min) return;
    const safe: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) safe[k] = SECRET.test(k) ? '[redacted]' : v;
    write(`${JSON.stringify({ t: new Date().toISOString(), level: lvl, event, ...safe })}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** A logger that adds `fields` (such as the platform) to every line. */
export function withFields(log: Logger, fields: Record<string, unknown>): Logger {
  const wrap = (fn: Logger['info']) => (event: string, more: Record<string, unknown> = {}) => fn(event, { ...fields, ...more });
  return { debug: wrap(log.debug), info: wrap(log.info), warn: wrap(log.warn), error: wrap(log.error) };
}
