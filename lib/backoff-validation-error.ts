/**
 * The one error class this library throws for invalid configuration. Its message names the
 * rule and the value, e.g. `maxAttempts must be between 1 and 100 (given 0)`.
 */
export class BackoffValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackoffValidationError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
