import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BackoffConsumerFunctionOptions, BackoffEventSourceOptions } from './backoff-consumer-props';
import { CONSUMER_DEFAULTS } from './consumer-defaults';

/** What `BackoffQueue` hands a consumer when it binds it. Internal. */
export interface ConsumerBindOptions {
  /** The `BACKOFF_*` variables the runtime reads. */
  readonly environment: Readonly<Record<string, string>>;
  /** The log group a built consumer writes to. */
  readonly logGroup: logs.LogGroupProps;
}

/**
 * One way of getting the consumer function (built for Node.js or Python, or brought), behind
 * `BackoffConsumer`. Internal: the public face is the class and its factories.
 */
export interface ConsumerSource {
  readonly eventSource: BackoffEventSourceOptions;
  /** `undefined` when not known at synth (an imported function). */
  readonly timeout: Duration | undefined;
  /** Only for a consumer the construct builds: what validation checks. */
  readonly memorySize: number | undefined;
  readonly environment: Record<string, string> | undefined;
  /** Creates or adopts the function; called once per `BackoffQueue`, with it as scope. */
  bind(scope: Construct, options: ConsumerBindOptions): lambda.IFunction;
}

/** A consumer the construct builds: what validation reads comes from the shared function options. */
export abstract class BuiltConsumerSource implements ConsumerSource {
  public readonly eventSource: BackoffEventSourceOptions;
  public readonly timeout: Duration;
  public readonly memorySize: number;
  public readonly environment: Record<string, string> | undefined;

  constructor(options: BackoffConsumerFunctionOptions) {
    this.eventSource = eventSourceOf(options);
    this.timeout = options.timeout ?? CONSUMER_DEFAULTS.timeout;
    this.memorySize = options.memorySize ?? CONSUMER_DEFAULTS.memorySize;
    this.environment = options.environment;
  }

  public abstract bind(scope: Construct, options: ConsumerBindOptions): lambda.IFunction;
}

/** The event-source options of a props object, without the function's own props. */
export function eventSourceOf(options: BackoffEventSourceOptions): BackoffEventSourceOptions {
  return { batchSize: options.batchSize, maxBatchingWindow: options.maxBatchingWindow, maxConcurrency: options.maxConcurrency };
}

/**
 * The role and log group of a consumer the construct builds: the role may write to that log
 * group only, instead of AWSLambdaBasicExecutionRole, which may write to every log group in the account.
 */
export function builtConsumerRoleAndLogs(scope: Construct, logGroupProps: logs.LogGroupProps): { role: iam.Role; logGroup: logs.LogGroup } {
  const logGroup = new logs.LogGroup(scope, 'ConsumerLogs', logGroupProps);
  const role = new iam.Role(scope, 'ConsumerRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);
  return { role, logGroup };
}
