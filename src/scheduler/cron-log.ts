/** node-cron's messages as Stepwise's JSON log lines, instead of its coloured console output. */
import type { Logger as CronLogger } from 'node-cron';
import { reasonOf } from '../core/deps.ts';
import type { Logger } from '../core/ports.ts';

/** A node-cron logger (the `logger` task option) writing through `log`. */
export function cronLogger(log: Logger): CronLogger {
  const detail = (message: string | Error, err?: Error) =>
    message instanceof Error ? { reason: reasonOf(message) } : { message, ...(err ? { reason: reasonOf(err) } : {}) };
  return {
    info: (message) => log.info('cron.info', { message }),
    warn: (message) => log.warn('cron.warning', { message }),
    error: (message, err) => log.error('cron.error', detail(message, err)),
    debug: (message, err) => log.debug('cron.debug', detail(message, err)),
  };
}
