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
 * The platform says the channel cannot be used (deleted, archived, the bot removed or without access).
 * `immediate`: certain enough to pause the channel's schedules at once; otherwise the core pauses a
 * schedule after three such failures in a row.
 */
export class ChannelGoneError extends PlatformError {
  override name = 'ChannelGoneError';
  readonly immediate: boolean;
  constructor(message: string, options: { immediate: boolean }) {
    super(message);
    this.immediate = options.immediate;
  }
}

/** A person cannot be messaged privately (their DMs are closed): retrying tomorrow would fail again. */
export class RecipientUnreachableError extends PlatformError {
  override name = 'RecipientUnreachableError';
}

/** Something else is under way (a question being posted in the channel); trying again later works. */
export class BusyError extends StepwiseError {
  override name = 'BusyError';
}

/**
 * Another connection held the database's write lock longer than this connection would wait. Nothing
 * was written; the caller may retry later (asynchronously, with backoff) instead of blocking.
 */
export class StoreBusyError extends StoreError {
  override name = 'StoreBusyError';
}
