/** A workspace's zone: its leaderboard weeks and months follow it, whichever process is asked. */
import { periodsOf } from './boards.ts';
import { where, type TutorDeps } from './deps.ts';
import { UsageError } from './errors.ts';
import { isValidTimeZone } from './time.ts';
import type { Scope } from './types.ts';

/**
 * The zone is stored with the workspace the first time it is seen (STEPWISE_TZ then), so two processes
 * started with different STEPWISE_TZ keep one set of totals instead of rebuilding each other's.
 */
export function zoneOf(deps: TutorDeps, scope: Scope): Promise<string> {
  return deps.store.workspaces.zone(scope, deps.settings.tz);
}

/** Changes the workspace's zone and rebuilds its totals for the new period boundaries. */
export async function setWorkspaceZone(deps: TutorDeps, scope: Scope, tz: string): Promise<string> {
  if (!isValidTimeZone(tz)) throw new UsageError(`"${tz.slice(0, 60)}" is not a time zone. Use an IANA name such as Europe/Berlin or America/New_York.`);
  await deps.store.workspaces.setZone(scope, tz, (t) => periodsOf(t, tz));
  deps.log.info('workspace.zone_changed', { ...where(scope), tz });
  return `Leaderboard weeks and months here now follow ${tz}; the totals were recounted.`;
}
