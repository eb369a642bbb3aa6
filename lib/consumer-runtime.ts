import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BackoffValidationError } from './backoff-validation-error';

/**
 * The Node.js runtimes the consumer runtime is tested on, each with the esbuild target that
 * matches it. Compared by name, not by object, so that a `Runtime` from another copy of
 * aws-cdk-lib (an app pinning another version) is recognised too.
 */
const SUPPORTED_RUNTIMES: Readonly<Record<string, string>> = Object.freeze({
  'nodejs22.x': 'node22',
  'nodejs24.x': 'node24',
});

/**
 * The runtime of a built consumer: Node.js 22 by default, the version the consumer runtime and
 * its AWS SDK v3 are tested on longest; throws for one the runtime is not tested on.
 */
export function consumerRuntime(runtime: lambda.Runtime | undefined): lambda.Runtime {
  const chosen = runtime ?? lambda.Runtime.NODEJS_22_X;
  if (SUPPORTED_RUNTIMES[chosen.name] === undefined) {
    throw new BackoffValidationError(
      `consumer.runtime must be one of ${Object.keys(SUPPORTED_RUNTIMES).join(', ')} (given ${chosen.name})`,
    );
  }
  return chosen;
}

/** The esbuild target for a runtime `consumerRuntime` accepted. */
export function bundlingTargetFor(runtime: lambda.Runtime): string {
  return SUPPORTED_RUNTIMES[runtime.name];
}
