/**
 * The one error class this library throws for invalid configuration. Its message names the
 * rule and the value, e.g. `maxAttempts must be between 1 and 100 (given 0)`.
 *
 * TypeScript only: jsii cannot carry a subclass of `Error` to other languages, where the same
 * message arrives in the language's jsii runtime error (Python `RuntimeError`, Java
 * `JsiiError`), so the message itself is the contract there.
 *
 * @jsii ignore
 */
export class BackoffValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackoffValidationError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
