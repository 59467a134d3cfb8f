/** Usage lines derived from the spec, for help and for every "that didn't parse" answer. */
import { ROOT, type CommandSpec } from './types.ts';

/** `/quiz schedule add "<cron>" [#channel] [pack:<id>] [tz:<zone>]` */
export function usageOf(path: readonly string[], spec: CommandSpec): string {
  return [`/${ROOT}`, ...path, ...spec.options.map((o) => o.placeholder)].join(' ');
}
