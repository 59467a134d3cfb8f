/** Bolt's and the WebClient's own log lines, as our structured lines: one line each, no stacks, no tokens. */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/ports.ts';
import { redact } from './api-errors.ts';

const ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

function render(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message.split('\n')[0]}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A Bolt logger writing `slack.bolt` events to `log`, at or above the level Bolt sets (INFO by default). */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const emit = (at: LogLevel, write: Logger['info']) => (...msg: unknown[]) => {
    if (ORDER.indexOf(at) < ORDER.indexOf(level)) return;
    write('slack.bolt', { message: redact(msg.map(render).join(' ')).split('\n')[0]!.slice(0, 500) });
  };
  return {
    debug: emit(LogLevel.DEBUG, log.debug),
    info: emit(LogLevel.INFO, log.info),
    warn: emit(LogLevel.WARN, log.warn),
    error: emit(LogLevel.ERROR, log.error),
    setLevel: (next) => void (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}
