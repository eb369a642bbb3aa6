import * as path from 'node:path';
import { App, CfnOutput, Duration, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, Node } from 'constructs';
import { POLICY_KINDS, PolicyKind } from '../lambda/backoff';
import { TRANSPORT_NAMES, TransportName } from '../lambda/contract';
import { policySpecFromOptions } from '../lambda/policySpecFromOptions';
import { STACK_OUTPUTS, StackOutputKey } from '../lambda/stackOutputNames';
import { BackoffConsumer, BackoffPolicy, BackoffQueue, BackoffValidationError, OutageProtection, RetryRule } from '../lib';
import { OutageProtectionSpec, RetryRuleSpec, retryRulesViolations } from '../lambda/retryRules';
import { demoTransport } from './demo-transport';
import { placeholderConsumer, removeEventSourceMappings } from './withoutConsumer';
import { unknownContextKeyProblems } from './demo-context-keys';

export { DEMO_CONTEXT_KEYS } from './demo-context-keys';

/** The example consumer, read by the demo and the end-to-end tests. */
export const DEMO_CONSUMER_ENTRY = path.join(__dirname, '..', 'lambda', 'demo', 'demoConsumer.ts');

/** The same consumer in Python (`-c language=python`): `demo_consumer.handler`, alone in its asset. */
export const PYTHON_DEMO_CONSUMER = Object.freeze({
  directory: path.join(__dirname, '..', 'lambda', 'demo'),
  file: 'demo_consumer.py',
  handler: 'demo_consumer.handler',
});

/** The languages the example consumer is written in. */
export const DEMO_LANGUAGES = Object.freeze(['nodejs', 'python'] as const);
export type DemoLanguage = (typeof DEMO_LANGUAGES)[number];

/** The environment variable the example consumer reads; mirrors `PROCESSED_QUEUE_URL_ENV`. */
export const PROCESSED_QUEUE_URL_ENV = 'PROCESSED_QUEUE_URL';

export const DEFAULT_DEMO_STACK_NAME = 'SqsBackoffDemo';

/** The stack outputs tools and tests read: one list, in `lambda/stackOutputNames.ts`. */
export const DEMO_OUTPUTS = STACK_OUTPUTS;

/**
 * What `-c key=value` can set, times in seconds. Defaults keep a local run short: four attempts
 * with waits of 2, 4 and 8 seconds (exponential `1 · 2^n`, capped at 8), and a crash-looping
 * message redriven after three 30-second visibility timeouts (6 × the 5-second timeout).
 */
export interface DemoSettings {
  readonly stackName: string;
  /** One of `POLICY_KINDS`. For `step-functions`, `base` is the interval, `factor` the rate, `cap` the max delay. */
  readonly policy: PolicyKind;
  readonly base: number;
  readonly cap?: number;
  readonly factor?: number;
  readonly step?: number;
  readonly jitter?: 'FULL' | 'NONE';
  readonly maxAttempts: number;
  readonly maxElapsed?: number;
  readonly maxReceiveCount: number;
  /** The consumer's timeout; the visibility timeout defaults to six times it. */
  readonly timeout: number;
  readonly visibilityTimeout?: number;
  /** Unset: the construct's default (10; 1 on a FIFO queue retried by visibility timeout). */
  readonly batchSize?: number;
  readonly maxBatchingWindow?: number;
  /** One of `TRANSPORT_NAMES`; unset: the construct's default for the queue type. */
  readonly transport?: TransportName;
  /** JSON list of `{ errorNames, policy: PolicySpec, maxAttempts? }` (the wire shape of `BACKOFF_RETRY_RULES`). */
  readonly retryRules?: RetryRule[];
  /** JSON `{ failureRate?, window?, probeSeconds? }`. */
  readonly outageProtection?: OutageProtection;
  /** Make both queues FIFO queues. */
  readonly fifo?: boolean;
  /**
   * `false` (context `consumer=false`): no consumer Lambda and no event source mapping, for
   * emulators that cannot run Lambda; there is then no `ConsumerFunctionName` output.
   */
  readonly consumer: boolean;
  /**
   * `true` (context `emulator=true`, set by `deploy:local`): leave out the composite alarm and the
   * saved queries, resource types MiniStack cannot create (`AWS::CloudWatch::CompositeAlarm`,
   * `AWS::Logs::QueryDefinition`). A `cdk deploy` to AWS keeps them.
   */
  readonly emulator?: boolean;
  /** The example consumer's language: `nodejs` (lambda/demo/demoConsumer.ts) or `python` (lambda/demo/demo_consumer.py). */
  readonly language: DemoLanguage;
}

export const DEMO_DEFAULTS: Omit<DemoSettings, 'cap' | 'factor' | 'step'> & { cap: number } = Object.freeze({
  stackName: DEFAULT_DEMO_STACK_NAME,
  policy: 'exponential' as PolicyKind,
  base: 1,
  cap: 8,
  maxAttempts: 4,
  // maxAttempts + 1: the default transport may delay by visibility timeout (one receipt per attempt).
  maxReceiveCount: 5,
  timeout: 5,
  consumer: true,
  language: 'nodejs' as DemoLanguage,
});

const NUMBER_KEYS = [
  'base', 'cap', 'factor', 'step', 'maxAttempts', 'maxElapsed', 'maxReceiveCount',
  'timeout', 'visibilityTimeout', 'batchSize', 'maxBatchingWindow',
] as const;
type NumberKey = (typeof NUMBER_KEYS)[number];

/** Reads and type-checks the context; ranges are left to the construct, whose errors get mapped back. */
export function demoSettingsFromContext(node: Node): DemoSettings {
  const unknown = unknownContextKeyProblems(Object.keys(node.getAllContext()));
  if (unknown.length > 0) throw new BackoffValidationError(unknown.join('; '));
  const numbers: Partial<Record<NumberKey, number>> = {};
  for (const key of NUMBER_KEYS) numbers[key] = contextNumber(node, key);
  return {
    ...DEMO_DEFAULTS,
    ...withoutUndefined(numbers),
    stackName: contextString(node, 'stackName') ?? DEMO_DEFAULTS.stackName,
    policy: contextPolicy(node),
    jitter: contextJitter(node),
    transport: contextTransport(node),
    retryRules: contextRetryRules(node),
    outageProtection: contextOutageProtection(node),
    fifo: contextBoolean(node, 'fifo'),
    consumer: contextBoolean(node, 'consumer') ?? DEMO_DEFAULTS.consumer,
    emulator: contextBoolean(node, 'emulator'),
    language: contextLanguage(node),
  };
}

/** The example app: the demo stack, configured from the app's context. */
export function buildDemoApp(app: App): DemoStack {
  const settings = demoSettingsFromContext(app.node);
  return new DemoStack(app, settings.stackName, { settings, stackName: settings.stackName });
}

export interface DemoStackProps extends StackProps {
  /** @default - `DEMO_DEFAULTS` */
  readonly settings?: DemoSettings;
}

/**
 * A `BackoffQueue` around the example consumer, which reports each processed message to a
 * processed queue. Everything is destroyed with the stack: it is a demo.
 */
export class DemoStack extends Stack {
  public readonly backoff: BackoffQueue;
  public readonly processedQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: DemoStackProps = {}) {
    super(scope, id, { description: 'sqs-backoff example: SQS retries with backoff via Step Functions', ...props });
    const settings = props.settings ?? DEMO_DEFAULTS;
    this.processedQueue = new sqs.Queue(this, 'ProcessedQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(1),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.processedQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'A demo sink that tests read and discard; nothing consumes it, so there is nothing to dead-letter',
    });
    this.backoff = inContext(() => this.backoffQueue(settings));
    if (settings.consumer) this.processedQueue.grantSendMessages(this.backoff.consumer);
    else removeEventSourceMappings(this.backoff.consumer);
    this.outputs(settings);
  }

  private backoffQueue(settings: DemoSettings): BackoffQueue {
    return new BackoffQueue(this, 'Demo', {
      consumer: settings.consumer
        ? this.demoConsumer(settings)
        : BackoffConsumer.fromFunction(placeholderConsumer(this, `${settings.stackName}-no-consumer`)),
      policy: demoPolicy(settings),
      maxAttempts: settings.maxAttempts,
      maxElapsed: optionalSeconds(settings.maxElapsed),
      maxReceiveCount: settings.maxReceiveCount,
      queueProps: { visibilityTimeout: optionalSeconds(settings.visibilityTimeout), fifo: settings.fifo },
      transport: demoTransport(settings.transport),
      retryRules: settings.retryRules,
      outageProtection: settings.outageProtection,
      removalPolicy: RemovalPolicy.DESTROY,
      dashboard: true,
      alarms: { composite: settings.emulator !== true },
      savedQueries: settings.emulator !== true,
    });
  }

  /** The example consumer in the chosen language, with the same options either way. */
  private demoConsumer(settings: DemoSettings): BackoffConsumer {
    const options = {
      timeout: Duration.seconds(settings.timeout),
      batchSize: settings.batchSize,
      maxBatchingWindow: optionalSeconds(settings.maxBatchingWindow),
      environment: { [PROCESSED_QUEUE_URL_ENV]: this.processedQueue.queueUrl },
    };
    if (settings.language === 'nodejs') return BackoffConsumer.nodejs({ entry: DEMO_CONSUMER_ENTRY, ...options });
    return BackoffConsumer.python({
      // The one file: lambda/demo also holds the Node consumer.
      code: lambda.Code.fromAsset(PYTHON_DEMO_CONSUMER.directory, { exclude: ['*', `!${PYTHON_DEMO_CONSUMER.file}`] }),
      handler: PYTHON_DEMO_CONSUMER.handler,
      ...options,
    });
  }

  private outputs(settings: DemoSettings): void {
    const { backoff } = this;
    const values: Partial<Record<StackOutputKey, string>> = {
      queueUrl: backoff.queue.queueUrl,
      deadLetterQueueUrl: backoff.deadLetterQueue.queueUrl,
      // Only where a state machine exists: tools read its absence as "no Step Functions here".
      stateMachineArn: backoff.stateMachine?.stateMachineArn,
      processedQueueUrl: this.processedQueue.queueUrl,
      consumerFunctionName: backoff.consumer.functionName,
      backoffPolicy: JSON.stringify(backoff.policy.spec),
      maxAttempts: String(backoff.maxAttempts),
      maxReceiveCount: String(settings.maxReceiveCount),
      deadLetterMessagesAlarmName: backoff.alarms.deadLetterMessages?.alarmName,
      oldestMessageAgeAlarmName: backoff.alarms.oldestMessageAge?.alarmName,
      executionsFailedAlarmName: backoff.alarms.executionsFailed?.alarmName,
      consumerErrorsAlarmName: backoff.alarms.consumerErrors?.alarmName,
      transport: backoff.transportName,
    };
    for (const [key, value] of Object.entries(values) as Array<[StackOutputKey, string | undefined]>) {
      if (value === undefined || (key === 'consumerFunctionName' && !settings.consumer)) continue;
      new CfnOutput(this, DEMO_OUTPUTS[key], { value });
    }
  }
}

/** The shared options parser (`lambda/policySpecFromOptions.ts`); for step-functions base, factor, cap are interval, rate, maxDelay. */
export function demoPolicy(settings: DemoSettings): BackoffPolicy {
  const { policy, base, cap, factor, step, jitter } = settings;
  const reading = policySpecFromOptions({ policy, base, cap, factor, step, jitter });
  if (reading.spec === undefined) {
    throw new BackoffValidationError(reading.problems.map((problem) => `context ${/^\w+/.exec(problem)?.[0]}: ${problem}`).join('; '));
  }
  return BackoffPolicy.fromJson(reading.spec);
}

/**
 * Construct errors name props (`consumer.timeout`); a demo user typed context keys (`timeout`),
 * so the message leads with the key.
 */
const PROP_CONTEXT_KEYS: ReadonlyArray<[prefix: string, key: string]> = [
  ['consumer.timeout', 'timeout'],
  ['consumer.batchSize', 'batchSize'],
  ['consumer.maxBatchingWindow', 'maxBatchingWindow'],
  ['queueProps.visibilityTimeout', 'visibilityTimeout'],
  ['maxAttempts', 'maxAttempts'],
  ['maxReceiveCount', 'maxReceiveCount'],
  ['transport', 'transport'],
  ['maxElapsed', 'maxElapsed'],
  ['policy', 'policy (with base, cap, factor, step, maxAttempts)'],
  ['BackoffPolicy.', 'policy (with base, cap, factor, step, jitter)'],
];

function inContext<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof BackoffValidationError) || error.message.startsWith('context ')) throw error;
    const match = PROP_CONTEXT_KEYS.find(([prefix]) => error.message.startsWith(prefix));
    throw new BackoffValidationError(`context ${match?.[1] ?? '(unknown key)'}: ${error.message}`);
  }
}

function contextNumber(node: Node, key: NumberKey): number | undefined {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new BackoffValidationError(`context ${key} must be a finite number${unitOf(key)} (given ${JSON.stringify(raw)})`);
  }
  return value;
}

function unitOf(key: NumberKey): string {
  return ['maxAttempts', 'maxReceiveCount', 'batchSize', 'factor'].includes(key) ? '' : ' of seconds';
}

function contextString(node: Node, key: string): string | undefined {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new BackoffValidationError(`context ${key} must be a non-empty string (given ${JSON.stringify(raw)})`);
  }
  return raw;
}

/** A JSON context value (the CLI passes `-c key=value` as a string; a cdk.json value may be JSON already). */
function contextJson(node: Node, key: string): unknown {
  const raw: unknown = node.tryGetContext(key);
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new BackoffValidationError(`context ${key} must be JSON (given ${JSON.stringify(raw)})`);
  }
}

function contextRetryRules(node: Node): RetryRule[] | undefined {
  const raw = contextJson(node, 'retryRules');
  if (raw === undefined) return undefined;
  const problems = retryRulesViolations(raw, 'context retryRules');
  if (problems.length > 0) throw new BackoffValidationError(problems.join('; '));
  return (raw as RetryRuleSpec[]).map((rule) => ({ errorNames: [...rule.errorNames], policy: BackoffPolicy.fromJson(rule.policy), maxAttempts: rule.maxAttempts }));
}

function contextOutageProtection(node: Node): OutageProtection | undefined {
  const raw = contextJson(node, 'outageProtection') as Partial<OutageProtectionSpec> | undefined;
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null) throw new BackoffValidationError(`context outageProtection must be a JSON object (given ${JSON.stringify(raw)})`);
  return { failureRate: raw.failureRate, window: raw.window, probeInterval: raw.probeSeconds === undefined ? undefined : Duration.seconds(raw.probeSeconds) };
}

function contextBoolean(node: Node, key: string): boolean | undefined {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new BackoffValidationError(`context ${key} must be true or false (given ${JSON.stringify(raw)})`);
}

function contextPolicy(node: Node): PolicyKind {
  const raw = contextString(node, 'policy') ?? DEMO_DEFAULTS.policy;
  if (!(POLICY_KINDS as readonly string[]).includes(raw)) {
    throw new BackoffValidationError(`context policy must be one of ${POLICY_KINDS.join(', ')} (given ${JSON.stringify(raw)})`);
  }
  return raw as PolicyKind;
}

function contextJitter(node: Node): 'FULL' | 'NONE' | undefined {
  const raw = contextString(node, 'jitter');
  if (raw === undefined || raw === 'FULL' || raw === 'NONE') return raw;
  throw new BackoffValidationError(`context jitter must be FULL or NONE (given ${JSON.stringify(raw)})`);
}

function contextLanguage(node: Node): DemoLanguage {
  const raw = contextString(node, 'language') ?? DEMO_DEFAULTS.language;
  if ((DEMO_LANGUAGES as readonly string[]).includes(raw)) return raw as DemoLanguage;
  throw new BackoffValidationError(`context language must be one of ${DEMO_LANGUAGES.join(', ')} (given ${JSON.stringify(raw)})`);
}

function contextTransport(node: Node): TransportName | undefined {
  const raw = contextString(node, 'transport');
  if (raw === undefined || (TRANSPORT_NAMES as readonly string[]).includes(raw)) return raw as TransportName | undefined;
  throw new BackoffValidationError(`context transport must be one of ${TRANSPORT_NAMES.join(', ')} (given ${JSON.stringify(raw)})`);
}

function optionalSeconds(value: number | undefined): Duration | undefined {
  return value === undefined ? undefined : Duration.seconds(value);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
