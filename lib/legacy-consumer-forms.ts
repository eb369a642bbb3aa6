import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BackoffConsumer } from './backoff-consumer';
import { BackoffEventSourceOptions, NodejsConsumerProps } from './backoff-consumer-props';
import { BackoffValidationError } from './backoff-validation-error';

/**
 * The `consumer` forms of 0.1 (a plain `{ entry }`, `{ function, … }` or a bare function),
 * still accepted from JavaScript and from TypeScript that casts, so that a deployed app keeps
 * synthesizing while it moves to the factories. A warning names the factory to use.
 */
export interface ConsumerResolution {
  readonly consumer: BackoffConsumer;
  /** Set for a 0.1 form: what to write instead. */
  readonly deprecation?: string;
}

export function resolveConsumer(given: unknown): ConsumerResolution {
  if (BackoffConsumer.isBackoffConsumer(given)) return { consumer: given };
  if (isObject(given) && typeof given.entry === 'string') {
    return { consumer: BackoffConsumer.nodejs(given as unknown as NodejsConsumerProps), deprecation: 'BackoffConsumer.nodejs({ entry, … })' };
  }
  if (isObject(given) && isFunction(given.function)) {
    const { function: fn, ...options } = given as unknown as { function: lambda.IFunction } & BackoffEventSourceOptions;
    return { consumer: BackoffConsumer.fromFunction(fn, options), deprecation: 'BackoffConsumer.fromFunction(fn, { batchSize, … })' };
  }
  if (isFunction(given)) return { consumer: BackoffConsumer.fromFunction(given), deprecation: 'BackoffConsumer.fromFunction(fn)' };
  throw new BackoffValidationError(
    `consumer must be a BackoffConsumer made by BackoffConsumer.nodejs, BackoffConsumer.python or BackoffConsumer.fromFunction (given ${describe(given)})`,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A `lambda.IFunction` from any copy of aws-cdk-lib: it can be given an event source. */
function isFunction(value: unknown): value is lambda.IFunction {
  return isObject(value) && typeof value.functionArn === 'string' && typeof value.addEventSourceMapping === 'function';
}

function describe(value: unknown): string {
  if (!isObject(value)) return String(value);
  return `an object with ${Object.keys(value).join(', ') || 'no keys'}`;
}
