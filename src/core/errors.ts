/** Typed errors the core throws; adapters catch them and show `message` (ephemeral where possible). */

/** Base class: the message is safe and short enough to show in chat. */
export class StepwiseError extends Error {
  override name = 'StepwiseError';
}

/** The input could not be understood; the message includes the usage. */
export class UsageError extends StepwiseError {
  override name = 'UsageError';
}

/** The actor may not do this (for example an admin command from a member). */
export class NotAllowedError extends StepwiseError {
  override name = 'NotAllowedError';
}

/** A pack, schedule or question that does not exist. */
export class NotFoundError extends StepwiseError {
  override name = 'NotFoundError';
}

/** The platform refused or failed an action (for example posting in a channel). */
export class PlatformError extends StepwiseError {
  override name = 'PlatformError';
}

/** The database was made by a newer Stepwise, or cannot be written. */
export class StoreError extends StepwiseError {
  override name = 'StoreError';
}

/**
 * Another connection held the database's write lock longer than this connection would wait. Nothing
 * was written; the caller may retry later (asynchronously, with backoff) instead of blocking.
 */
export class StoreBusyError extends StoreError {
  override name = 'StoreBusyError';
}
