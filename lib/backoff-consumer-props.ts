import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';

/** How the work queue feeds the consumer (the SQS event source mapping). */
export interface BackoffEventSourceOptions {
  /**
   * The most records one invocation receives.
   *
   * Valid range: 1 to 10,000 (1 to 10 for a FIFO queue); above 10 needs a `maxBatchingWindow`
   * of at least 1 second.
   * @default - 10; 1 on a FIFO queue whose retries may wait by visibility timeout: a message held
   * behind a failing one of its group is received with it each time, and the runtime counts
   * attempts from receipts there
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
   */
  readonly batchSize?: number;

  /**
   * How long Lambda gathers records before invoking the consumer.
   *
   * Valid range: 0 seconds to 5 minutes; not supported by FIFO queues.
   * @default - no batching window: the consumer is invoked as soon as records arrive
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
   */
  readonly maxBatchingWindow?: Duration;

  /**
   * The most concurrent invocations the event source starts, to protect a downstream service.
   *
   * Valid range: 2 to 1,000.
   * @default - no limit beyond the function's own concurrency
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
   */
  readonly maxConcurrency?: number;
}

/** What every consumer the construct builds shares, whatever its language. */
export interface BackoffConsumerFunctionOptions extends BackoffEventSourceOptions {
  /**
   * How long one invocation (one batch) may run. The work queue's visibility timeout follows it.
   *
   * Valid range: 1 second to 15 minutes.
   * @default Duration.seconds(30)
   * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
   */
  readonly timeout?: Duration;

  /**
   * Memory, in MiB; CPU grows with it.
   *
   * Valid range: 128 to 10,240.
   * @default 256
   * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
   */
  readonly memorySize?: number;

  /**
   * X-Ray tracing of the consumer. Active by default because the retry state machine traces
   * too: with both on, one trace follows a message from the failed attempt through its wait to
   * the retry. Costs per trace recorded beyond X-Ray's free tier; `Tracing.DISABLED` turns it off.
   *
   * @default lambda.Tracing.ACTIVE
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
   */
  readonly tracing?: lambda.Tracing;

  /**
   * Extra environment variables. The `BACKOFF_*` names are the construct's and may not be set
   * here; on Node.js, `NODE_OPTIONS` may replace the construct's `--enable-source-maps`.
   *
   * @default - only the variables the construct sets: `BACKOFF_*`, and on Node.js `NODE_OPTIONS=--enable-source-maps` while source maps are on
   * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
   */
  readonly environment?: Record<string, string>;
}

/**
 * A Node.js consumer the construct builds (`BackoffConsumer.nodejs`): a `NodejsFunction` on
 * Node.js 22 (or 24), traced with X-Ray, bundled locally with esbuild (minified, with source
 * maps), the AWS SDK v3 left to the runtime.
 */
export interface NodejsConsumerProps extends BackoffConsumerFunctionOptions {
  /** Path to the TypeScript or JavaScript file exporting the handler (usually `withBackoff(...)`). */
  readonly entry: string;

  /**
   * The exported name of the handler in `entry`.
   *
   * @default 'handler'
   * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
   */
  readonly handler?: string;

  /**
   * The Lambda runtime. Only the Node.js versions the consumer runtime is tested on are
   * accepted; the esbuild target follows the choice.
   *
   * Valid range: `lambda.Runtime.NODEJS_22_X` or `lambda.Runtime.NODEJS_24_X`.
   * @default lambda.Runtime.NODEJS_22_X
   * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
   */
  readonly runtime?: lambda.Runtime;

  /**
   * esbuild options, merged over the construct's.
   *
   * @default - `{ minify: true, keepNames: true, sourceMap: true, target: 'node22', externalModules: ['@aws-sdk/*'] }`
   * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda_nodejs-readme.html
   */
  readonly bundling?: nodejs.BundlingOptions;

  /**
   * The lock file that pins the consumer's dependencies.
   *
   * @default - the nearest `package-lock.json`, `yarn.lock`, `pnpm-lock.yaml` or `bun.lockb`
   *   above the working directory
   * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda_nodejs-readme.html
   */
  readonly depsLockFilePath?: string;
}

/**
 * A Python consumer the construct builds (`BackoffConsumer.python`): a `lambda.Function` from
 * your code, with the `sqs_backoff` runtime as a layer the construct builds from its own
 * `lambda/python` at synth (no Docker, no network), traced with X-Ray. `boto3` comes from the
 * Lambda runtime.
 */
export interface PythonConsumerProps extends BackoffConsumerFunctionOptions {
  /**
   * Your handler's code (`lambda.Code.fromAsset('src')`, for one), without `sqs_backoff`: the
   * layer brings it.
   *
   * @see https://docs.aws.amazon.com/lambda/latest/dg/python-package.html
   */
  readonly code: lambda.Code;

  /**
   * The handler, as `module.function` (`orders.handler` for `handler` in `orders.py`), usually
   * decorated with `@with_backoff`.
   *
   * @see https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html
   */
  readonly handler: string;

  /**
   * The Lambda runtime. Only the Python versions the `sqs_backoff` layer is built for are
   * accepted.
   *
   * Valid range: `lambda.Runtime.PYTHON_3_12`, `lambda.Runtime.PYTHON_3_13` or `lambda.Runtime.PYTHON_3_14`.
   * @default lambda.Runtime.PYTHON_3_13
   * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
   */
  readonly runtime?: lambda.Runtime;
}
