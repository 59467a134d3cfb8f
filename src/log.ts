/**
 * Structured logs through pino: one JSON line an event on stderr, so stdout stays the chat in the
 * terminal. The core's Logger port stays as it is (event name plus fields); this file adapts pino to it.
 * A line reads {"level":"info","time":"…","platform":"discord","event":"drop.posted",…}.
 */
import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import type { Logger } from './core/ports.ts';
import type { LogLevel } from './config.ts';

/** Field names whose values are never written, whatever a caller passes. */
const SECRET = /token|secret|password|authorization/i;

/** The pino logger behind each Logger this file made, so `withFields` can make a pino child. */
const behind = new WeakMap<Logger, { pino: Pino; bindings: Record<string, unknown> }>();

function redacted(fields: Record<string, unknown>, bound: Record<string, unknown>): Record<string, unknown> {
  const safe: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    // A field the child already carries with the same value would be written twice.
    if (k in bound && bound[k] === v) continue;
    safe[k] = SECRET.test(k) ? '[redacted]' : v;
  }
  return safe;
}

function adapt(p: Pino, bindings: Record<string, unknown>): Logger {
  const emit = (lvl: LogLevel) => (event: string, fields: Record<string, unknown> = {}) => {
    if (!p.isLevelEnabled(lvl)) return;
    // The event name is the line's key: a field also called `event` must not overwrite it.
    const { event: shadowed, ...rest } = fields;
    p[lvl]({ event, ...redacted(shadowed === undefined ? rest : { ...rest, eventField: shadowed }, bindings) });
  };
  const log: Logger = { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
  behind.set(log, { pino: p, bindings });
  return log;
}

/**
 * A logger writing lines at or above `level` to `destination` (stderr by default, written synchronously
 * so the line before a `process.exit` is not lost).
 */
export function createLogger(level: LogLevel, destination: DestinationStream = pino.destination({ fd: 2, sync: true })): Logger {
  const p = pino(
    {
      level,
      // No pid/hostname on every line: a container or the unit names the process already.
      base: undefined,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return adapt(p, {});
}

/** A logger that adds `fields` (such as the platform) to every line: a pino child when `log` came from here. */
export function withFields(log: Logger, fields: Record<string, unknown>): Logger {
  const from = behind.get(log);
  if (from) {
    const bindings = { ...from.bindings, ...fields };
    return adapt(from.pino.child(redacted(fields, {})), bindings);
  }
  const wrap = (fn: Logger['info']) => (event: string, more: Record<string, unknown> = {}) => fn(event, { ...fields, ...more });
  return { debug: wrap(log.debug), info: wrap(log.info), warn: wrap(log.warn), error: wrap(log.error) };
}
