import { LogLevel } from '@slack/bolt';
import type { Logger } from '@slack/bolt';

/** One captured log line. */
export interface CapturedLog {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/** A Bolt/WebClient logger that keeps every line (regardless of level) instead of printing it. */
export interface CaptureLogger extends Logger {
  logs: CapturedLog[];
  /** Messages at `level`, for assertions like "Bolt warned about the signature". */
  at(level: CapturedLog['level']): string[];
}

function render(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Circular structures (requests, sockets) are common in debug logs.
    return String(value);
  }
}

/** Creates a capture logger; `echo: true` also prints lines (handy while debugging a test). */
export function createCaptureLogger(options: { echo?: boolean } = {}): CaptureLogger {
  const logs: CapturedLog[] = [];
  let level: LogLevel = LogLevel.DEBUG;
  const write = (lvl: CapturedLog['level']) => (...msg: unknown[]) => {
    const message = msg.map(render).join(' ');
    logs.push({ level: lvl, message });
    if (options.echo === true) console.log(`[bolt ${lvl}] ${message}`);
  };
  return {
    logs,
    at: (lvl) => logs.filter((l) => l.level === lvl).map((l) => l.message),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    // Bolt calls setLevel/getLevel; we keep the value but capture everything anyway.
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
