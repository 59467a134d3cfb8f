/** The refusal both engines give for a database written by a newer Stepwise: one message, one place. */
import { StoreError } from '../core/errors.ts';

/** The one-line refusal for a database at `current` when this code knows up to `latest`. */
export function newerSchemaError(current: number, latest: number): StoreError {
  return new StoreError(
    `The database is at schema version ${current}, but this Stepwise only knows up to ${latest}. ` +
      'Upgrade Stepwise, or point STEPWISE_DB at another file. Nothing was changed.',
  );
}

/**
 * The schema version a list of steps writes: its last step's number. Numbers are reserved per change, so
 * while branches land a list may have a gap (no database is ever at a version the list lacks).
 */
export function latestOf(migrations: readonly { version: number }[]): number {
  return migrations.at(-1)?.version ?? 0;
}
