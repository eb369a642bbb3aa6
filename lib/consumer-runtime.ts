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
 * The Python runtimes the `sqs_backoff` layer is built for. By name: aws-cdk-lib at the peer
 * range's floor has no `Runtime.PYTHON_3_14`.
 */
export const PYTHON_RUNTIME_NAMES: readonly string[] = Object.freeze(['python3.12', 'python3.13', 'python3.14']);

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

/**
 * The runtime of a Python consumer: Python 3.13 by default; throws for one the layer is not
 * built for. `prop` names what the user set, for the message.
 */
export function pythonConsumerRuntime(runtime: lambda.Runtime | undefined, prop = 'consumer.runtime'): lambda.Runtime {
  const chosen = runtime ?? lambda.Runtime.PYTHON_3_13;
  if (!PYTHON_RUNTIME_NAMES.includes(chosen.name)) {
    throw new BackoffValidationError(`${prop} must be one of ${PYTHON_RUNTIME_NAMES.join(', ')} (given ${chosen.name})`);
  }
  return chosen;
}

/**
 * The runtimes a layer built for `PYTHON_RUNTIME_NAMES` declares: aws-cdk-lib's own where this
 * copy has them, since a function's runtime must equal one of them (name, family and inline-code
 * support) to take the layer.
 */
export function pythonLayerRuntimes(): lambda.Runtime[] {
  const known = lambda.Runtime as unknown as Record<string, lambda.Runtime | undefined>;
  return PYTHON_RUNTIME_NAMES.map(
    (name) => known[`PYTHON_${name.slice('python'.length).replace('.', '_')}`] ?? new lambda.Runtime(name, lambda.RuntimeFamily.PYTHON, { supportsInlineCode: true }),
  );
}
