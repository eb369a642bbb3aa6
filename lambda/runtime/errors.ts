/**
 * The runtime's error hierarchy. `NonRetryableError` is the one users throw; the others are
 * raised by the runtime itself.
 */

/**
 * Brand that marks an error as non-retryable even when `instanceof` fails, e.g. when a bundle
 * ends up with two copies of this module. `Symbol.for` makes it the same symbol everywhere.
 */
const NON_RETRYABLE: unique symbol = Symbol.for('sqs-backoff.non-retryable') as never;

/** Base of every error this package raises. `name` is the concrete class's name. */
export class BackoffError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Throw this (or a subclass) from a handler to dead-letter the message at once, without retries:
 * the message can never succeed (invalid content, unknown customer, …).
 */
export class NonRetryableError extends BackoffError {
  readonly [NON_RETRYABLE] = true;
}

/** `message.json()` was called on a body that is not JSON. Never worth retrying. */
export class MalformedBodyError extends NonRetryableError {}

/** The runtime's configuration (environment set by the construct) is missing or invalid. */
export class ConfigurationError extends BackoffError {}

/** True for a `NonRetryableError`, including one from another copy of this module. */
export function isNonRetryableError(error: unknown): boolean {
  return (
    error instanceof NonRetryableError ||
    (typeof error === 'object' && error !== null && (error as { [NON_RETRYABLE]?: unknown })[NON_RETRYABLE] === true)
  );
}
