import { Annotations, Duration, RemovalPolicy, Size, SizeRoundingBehavior, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BACKOFF_ATTRIBUTE_ROOM_BYTES, DEFAULT_QUEUE_MESSAGE_BYTES, ENV, MAX_MESSAGE_BYTES } from '../lambda/contract';
import { BackoffAlarmSet, BackoffAlarms, BackoffAlarmsOptions } from './backoff-alarms';
import { backoffWidgets } from './backoff-dashboard';
import { BackoffQueries } from './backoff-queries';
import { RuntimeMetrics } from './backoff-runtime-metrics';
import { DEFAULT_METRICS_NAMESPACE, namespaceProblem } from '../lambda/metricNames';
import { BackoffConsumer } from './backoff-consumer';
import { BackoffEventSourceOptions } from './backoff-consumer-props';
import { BackoffPolicy } from './backoff-policy';
import { LIMITS, ResolvedBackoffSettings, validateBackoffSettings, visibilityFallbackGapWarning, zeroWaitWarning } from './backoff-queue-validation';
import { BackoffValidationError } from './backoff-validation-error';
import { RetryTransport } from './retry-transport';
import { mostAttempts, OutageProtection, RetryRule, retryControlEnvironment, validateRetryControl } from './retry-control';
import { acknowledgeDeadLetterQueue } from './checker-acknowledgements';
import { CONSUMER_DEFAULTS } from './consumer-defaults';
import { ConsumerSource } from './consumer-source';
import { connectQueueToConsumer } from './consumer-wiring';
import { adoptExistingQueue } from './existing-queue';
import { isOwnedFunction } from './construct-identity';
import { resolveConsumer } from './legacy-consumer-forms';
import { PYTHON_LAYER_ID, PYTHON_PACKAGE } from './python-layer';
import { grantSendToQueue } from './kms-grants';
import { allowLogsToUseKey } from './log-encryption';

/** Settings of the work queue the construct creates. */
export interface BackoffWorkQueueProps {
  /**
   * How long a received message stays hidden from other consumers.
   *
   * Valid range: 6 × the consumer's timeout to 12 hours.
   * @default - 6 × the consumer's timeout (3 minutes with the default 30-second timeout)
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
   */
  readonly visibilityTimeout?: Duration;

  /**
   * How long the work queue keeps a message nobody deleted.
   *
   * Valid range: 60 seconds to 14 days, and shorter than `deadLetterRetention`.
   * @default Duration.days(4)
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-queue-parameters.html
   */
  readonly retentionPeriod?: Duration;

  /**
   * Make both queues FIFO queues. The default transport, `visibilityTimeout`, keeps a failing
   * message in its group, so order is kept; with `stepFunctions` a parked message leaves its
   * group and retried messages lose their order (a synth warning says so). Producers must send
   * a `MessageDeduplicationId` (content-based deduplication is off).
   *
   * @default false
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues.html
   */
  readonly fifo?: boolean;
}

/** Properties of a {@link BackoffQueue}. */
export interface BackoffQueueProps {
  /**
   * The function that processes messages: `BackoffConsumer.nodejs({ entry })` or
   * `BackoffConsumer.python({ code, handler })` to have one built, or
   * `BackoffConsumer.fromFunction(fn, { batchSize, ... })` for your own.
   */
  readonly consumer: BackoffConsumer;

  /**
   * How long to wait before each retry. The same spec validates here and drives the runtime.
   *
   * @default BackoffPolicy.exponential({ base: Duration.seconds(2), cap: Duration.minutes(5) })
   * @see https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/
   */
  readonly policy?: BackoffPolicy;

  /**
   * Processing attempts per message, the first included; after the last failure the message is
   * dead-lettered.
   *
   * Valid range: 1 to 100.
   * @default 5
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
   */
  readonly maxAttempts?: number;

  /**
   * Dead-letter a message once its first receipt plus this time would be passed by the next delay.
   *
   * Valid range: the shortest first delay of `policy` (at least 1 second) to 365 days.
   * @default - no time limit: only `maxAttempts` ends the retries
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
   */
  readonly maxElapsed?: Duration;

  /**
   * An existing work queue. Its redrive policy cannot be set from here (a synth warning says
   * so); the runtime's crash-loop backstop then dead-letters after `maxReceiveCount` receipts.
   *
   * @default - a new standard queue, encrypted, TLS only, with a redrive policy to the DLQ
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
   */
  readonly queue?: sqs.IQueue;

  /**
   * Settings of the new work queue. Not allowed together with `queue`.
   *
   * @default - see the defaults of `BackoffWorkQueueProps`
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-queue-parameters.html
   */
  readonly queueProps?: BackoffWorkQueueProps;

  /**
   * How a failed message waits out its delay: a Step Functions execution, a visibility timeout
   * on the received message, a new copy sent with `DelaySeconds`, or `auto` (the cheapest that
   * can carry each delay). The transport's longest delay bounds the policy at synth: one year
   * less an hour (the requeue after the Wait must end within the execution's year), 42,000 s (12
   * hours counted from the receive, less 20 minutes for the longest batching window and Lambda
   * timeout), 15 minutes and one year less an hour (42,000 s on FIFO) respectively.
   *
   * @default - RetryTransport.stepFunctions() for standard queues, RetryTransport.visibilityTimeout() for FIFO queues
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
   */
  readonly transport?: RetryTransport;

  /**
   * Receipts after which SQS moves a message to the DLQ. A transport that may delay by
   * visibility timeout (`visibilityTimeout`, `auto` on FIFO, `stepFunctions` and `auto` with
   * their fallback on) receives the same message once per attempt, so SQS redrive must leave
   * room for every attempt plus one receipt for a failed dead-letter send: the value must then
   * be at least `maxAttempts` + 1. Otherwise this only catches crashes, timeouts and messages
   * the runtime could not park; values below 3 let throttling dead-letter healthy messages (a
   * synth warning says so).
   *
   * Valid range: 1 to 1,000; at least `maxAttempts` + 1 with a transport that may delay by visibility timeout.
   * @default - the larger of 5 and `maxAttempts` + 1 with a transport that may delay by visibility timeout (every default transport), 5 otherwise
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
   */
  readonly maxReceiveCount?: number;

  /**
   * The largest message the work queue accepts: body plus every attribute's name, type and value.
   * For a queue the construct creates, this sets its `MaximumMessageSize`. For an existing
   * `queue`, declare what that queue's `MaximumMessageSize` is (it cannot be read at synth): the
   * runtime sizes requeued copies by it.
   *
   * Valid range: 1 KiB to 1 MiB, whole bytes.
   * @default - Size.mebibytes(1), SQS's maximum, for a queue the construct creates; Size.kibibytes(256), SQS's own default, for an existing `queue`
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
   */
  readonly maxMessageSize?: Size;

  /**
   * The largest message the dead-letter queue accepts. It must take every message of the work
   * queue plus room for `x-backoff` (2 KiB), or SQS's 1 MiB maximum; a copy that still would not
   * fit loses `x-backoff` before its body or attributes are touched.
   *
   * Valid range: `maxMessageSize` + 2 KiB (at most 1 MiB) to 1 MiB, whole bytes.
   * @default - `maxMessageSize` + 2 KiB, at most Size.mebibytes(1)
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
   */
  readonly deadLetterMaxMessageSize?: Size;

  /**
   * How long the dead-letter queue keeps a message.
   *
   * Valid range: longer than the work queue's retention period, up to 14 days.
   * @default Duration.days(14)
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
   */
  readonly deadLetterRetention?: Duration;

  /**
   * A customer managed key for both queues. The consumer and the state machine are granted
   * its use; nothing is granted on KMS without one.
   *
   * @default - SQS-managed server-side encryption (SSE-SQS)
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Where the four alarms send notifications.
   *
   * @default - no alarm actions
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * The work queue's oldest message age that raises the `oldestMessageAge` alarm.
   *
   * Valid range: 1 minute to the work queue's retention period.
   * @default Duration.minutes(15)
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
   */
  readonly oldestMessageAgeThreshold?: Duration;

  /**
   * Every alarm's threshold, period, evaluation periods, datapoints and missing-data treatment,
   * each one switchable off; alarm and OK actions; the composite alarm over them all. The README's
   * "Alarms" table lists each alarm with its default.
   *
   * @default - every alarm with its default, a composite alarm, actions only from `alarmTopic`
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly alarms?: BackoffAlarmsOptions;

  /**
   * Create a CloudWatch dashboard of `widgets()`.
   *
   * @default false
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Dashboards.html
   */
  readonly dashboard?: boolean;

  /**
   * Save three Logs Insights queries over the consumer's log group: dead letters by reason, one
   * message's history, fallbacks. Only for a consumer built here, whose log group the construct
   * knows (reading an existing function's would create a log group or a retention resource).
   *
   * @default true
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_Insights-Saving-Queries.html
   */
  readonly savedQueries?: boolean;

  /**
   * The CloudWatch namespace of the runtime's metrics (set as `BACKOFF_METRICS_NAMESPACE`).
   *
   * Valid range: 1 to 255 of 0-9 A-Z a-z . - _ / # : and space, not starting with `:` or `AWS/`.
   * @default 'SqsBackoff'
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Namespace
   */
  readonly metricsNamespace?: string;

  /**
   * How long the log groups of the consumer and the state machine keep their events.
   *
   * @default logs.RetentionDays.ONE_MONTH
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * A customer managed key for the log groups of the consumer and the state machine. Its key
   * policy is given the statement CloudWatch Logs needs, scoped to this account's log groups;
   * an imported key's policy cannot be changed from here (a synth warning says so).
   *
   * @default - log groups encrypted by CloudWatch Logs with its own key
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
   */
  readonly logGroupEncryptionKey?: kms.IKey;

  /**
   * Per-error retry rules: the first whose `errorNames` holds the thrown error's name (or a name
   * in its `cause` chain) decides the policy and attempt budget of that failure. Each policy's worst
   * case must fit the transport; with a transport that may delay by visibility timeout,
   * `maxReceiveCount` must cover the largest `maxAttempts` + 1. See docs/retry-control.md.
   *
   * @default - none: every retryable failure follows `policy` and `maxAttempts`
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
   */
  readonly retryRules?: RetryRule[];

  /**
   * Whether a `RetryAfterError` delay longer than the transport can carry is cut to the
   * transport's longest wait (logged as clamped). Off, such a message is dead-lettered `too-large`
   * with the reason: a delay the handler asked for is never silently shortened.
   *
   * @default false
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
   */
  readonly clampRetryAfter?: boolean;

  /**
   * Outage protection: when most recent handler runs failed, hold failing records for a probe
   * interval without counting the attempt, so an outage longer than the schedule dead-letters
   * nothing that would succeed after it. Needs a transport that requeues a copy (not visibility
   * timeout). See docs/retry-control.md.
   *
   * @default - off: every failure counts as an attempt
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
   */
  readonly outageProtection?: OutageProtection;

  /**
   * What happens to the queues and log groups when they leave the stack. Retained by default
   * because the dead-letter queue may hold the only copy of a message.
   *
   * @default RemovalPolicy.RETAIN
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The documented defaults, in one place so that tests can hold the docs to them. */
export const BACKOFF_QUEUE_DEFAULTS = Object.freeze({
  policy: () => BackoffPolicy.exponential({ base: Duration.seconds(2), cap: Duration.minutes(5) }),
  maxAttempts: 5,
  maxReceiveCount: 5,
  consumerTimeout: CONSUMER_DEFAULTS.timeout,
  consumerMemorySize: CONSUMER_DEFAULTS.memorySize,
  batchSize: 10,
  retentionPeriod: Duration.days(4),
  deadLetterRetention: Duration.days(14),
  oldestMessageAgeThreshold: Duration.minutes(15),
  logRetention: logs.RetentionDays.ONE_MONTH,
  removalPolicy: RemovalPolicy.RETAIN,
  /** Lambda's own default, used when an existing `lambda.Function` sets none. */
  lambdaTimeout: CONSUMER_DEFAULTS.lambdaTimeout,
});

/** Below this, redrive may dead-letter messages the runtime would still have retried. */
const RECOMMENDED_MIN_RECEIVE_COUNT = 3;

/**
 * An SQS queue whose Lambda consumer retries failed messages with backoff: failures are parked
 * in a Step Functions Standard workflow for the policy's delay and sent back; exhausted or
 * non-retryable messages go to a dead-letter queue; four alarms watch it all.
 */
export class BackoffQueue extends Construct {
  /** The work queue producers send to. */
  public readonly queue: sqs.IQueue;
  public readonly deadLetterQueue: sqs.IQueue;
  /**
   * The retry workflow; its input is `ParkInput` from `lambda/contract.ts`. `undefined` when the
   * transport needs no Step Functions (`visibilityTimeout`, `sqsDelay`, `auto` on a FIFO queue).
   */
  public readonly stateMachine?: sfn.IStateMachine;
  /** The transport that carries retries, by its `BACKOFF_TRANSPORT` name (`step-functions`, …). */
  public readonly transportName: string;
  /** The redrive policy's maxReceiveCount, after defaults. */
  public readonly maxReceiveCount: number;
  public readonly consumer: lambda.IFunction;
  public readonly alarms: BackoffAlarmSet;
  /** The namespace of the runtime's metrics. */
  public readonly metricsNamespace: string;
  /** The dashboard, when `dashboard` is true. */
  public readonly dashboard?: cloudwatch.Dashboard;
  /** The saved Logs Insights queries; undefined when `savedQueries` is false or the consumer's log group is unknown. */
  public readonly queries?: BackoffQueries;
  private readonly runtimeMetrics: RuntimeMetrics;
  private consumerLogGroup?: logs.ILogGroup;
  public readonly policy: BackoffPolicy;
  public readonly maxAttempts: number;
  /**
   * The variables the runtime reads. Set on the consumer when the construct can; an imported
   * consumer needs them set by its owner.
   */
  public readonly consumerEnvironment: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: BackoffQueueProps) {
    super(scope, id);
    const { consumer, deprecation } = resolveConsumer(props.consumer);
    const settings = resolveSettings(props, consumer._source);
    rejectQueuePropsWithQueue(props);
    validateBackoffSettings(settings);
    validateRetryControl({ ...settings, retryRules: props.retryRules, outageProtection: props.outageProtection });
    this.policy = settings.policy;
    this.maxAttempts = settings.maxAttempts;
    this.metricsNamespace = metricsNamespaceOf(props.metricsNamespace);
    const removalPolicy = props.removalPolicy ?? BACKOFF_QUEUE_DEFAULTS.removalPolicy;
    const logRetention = props.logRetention ?? BACKOFF_QUEUE_DEFAULTS.logRetention;

    this.deadLetterQueue = this.createDeadLetterQueue(props, settings, removalPolicy);
    acknowledgeDeadLetterQueue(this.deadLetterQueue);
    this.queue = props.queue ?? this.createWorkQueue(props, settings, removalPolicy);
    if (props.queue !== undefined) adoptExistingQueue(this, props.queue, this.deadLetterQueue);
    this.maxReceiveCount = settings.maxReceiveCount;
    const transport = settings.transport.bind(this, {
      queue: this.queue,
      deadLetterQueue: this.deadLetterQueue,
      fifo: settings.fifo,
      logRetention,
      logGroupEncryptionKey: props.logGroupEncryptionKey,
      removalPolicy,
    });
    this.stateMachine = transport.stateMachine;
    this.transportName = transport.transportName;
    this.consumerEnvironment = {
      ...this.environmentFor(settings),
      ...transport.environment,
      ...(props.metricsNamespace === undefined ? {} : { [ENV.metricsNamespace]: props.metricsNamespace }),
    };
    this.runtimeMetrics = new RuntimeMetrics(this.metricsNamespace, this.queue.queueName);
    this.consumer = consumer._source.bind(this, {
      environment: this.consumerEnvironment,
      logGroup: { retention: logRetention, removalPolicy, encryptionKey: props.logGroupEncryptionKey },
    });
    // A consumer the construct builds writes to the log group it made beside it (consumer-source.ts).
    this.consumerLogGroup = this.node.tryFindChild('ConsumerLogs') as logs.ILogGroup | undefined;
    if (props.logGroupEncryptionKey !== undefined) allowLogsToUseKey(this, props.logGroupEncryptionKey);
    this.connectConsumer(settings.eventSource, transport.requeueQueue);
    this.alarms = new BackoffAlarms(this, 'Alarms', {
      ...props.alarms,
      metrics: {
        deadLetterMessages: this.metricDeadLetterMessages(),
        oldestMessageAge: this.metricOldestMessageAge(),
        executionsFailed: this.metricExecutionsFailed(),
        consumerErrors: this.metricConsumerErrors(),
        deadLetterArrivals: this.metricDeadLetterArrivals(),
        consumerThrottles: this.metricConsumerThrottles(),
        executionsThrottled: this.metricExecutionsThrottled(),
        executionsTimedOut: this.metricExecutionsTimedOut(),
        fallbacks: this.metricFallbacks(),
        deadLettersOfReason: { metricDeadLettered: (reason, metricProps) => this.metricDeadLettered(reason, metricProps) },
      },
      alarmTopic: props.alarmTopic,
      oldestMessageAgeThreshold: settings.oldestMessageAgeThreshold,
    }).alarms;
    if (props.dashboard === true) this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { widgets: [this.widgets()] });
    if (props.savedQueries !== false && this.consumerLogGroup !== undefined) {
      this.queries = new BackoffQueries(this, 'Queries', { logGroup: this.consumerLogGroup, prefix: `sqs-backoff/${Stack.of(this).stackName}/${this.node.id}` });
    }
    this.warn(props, settings);
    if (deprecation !== undefined) {
      Annotations.of(this).addWarningV2(
        'sqs-backoff:deprecatedConsumerForm',
        `consumer as a plain object or function is deprecated and will be removed: write consumer: ${deprecation}`,
      );
    }
  }

  /**
   * Let a producer send to the work queue.
   *
   * Grants `sqs:SendMessage`, `sqs:GetQueueAttributes`, `sqs:GetQueueUrl` on the work queue, and
   * with a customer key `kms:GenerateDataKey` and `kms:Decrypt` on it.
   */
  public grantSendMessages(grantee: iam.IGrantable): iam.Grant {
    return grantSendToQueue(this.queue, grantee);
  }

  /**
   * Let a process read and delete dead-lettered messages.
   *
   * Grants `sqs:ReceiveMessage`, `sqs:ChangeMessageVisibility`, `sqs:GetQueueUrl`,
   * `sqs:DeleteMessage`, `sqs:GetQueueAttributes` on the dead-letter queue, and with a customer
   * key `kms:Decrypt` on it.
   */
  public grantConsumeDeadLetters(grantee: iam.IGrantable): iam.Grant {
    return this.deadLetterQueue.grantConsumeMessages(grantee);
  }

  /**
   * Let an operator move dead-lettered messages back to the work queue, by hand or with an SQS
   * message move task.
   *
   * Grants everything of `grantConsumeDeadLetters` and `grantSendMessages`, plus
   * `sqs:StartMessageMoveTask`, `sqs:ListMessageMoveTasks`, `sqs:CancelMessageMoveTask` on the
   * dead-letter queue.
   */
  public grantRedrive(grantee: iam.IGrantable): iam.Grant {
    const moveTasks = this.deadLetterQueue.grant(
      grantee,
      'sqs:StartMessageMoveTask',
      'sqs:ListMessageMoveTasks',
      'sqs:CancelMessageMoveTask',
    );
    return this.grantConsumeDeadLetters(grantee).combine(this.grantSendMessages(grantee)).combine(moveTasks);
  }

  /**
   * Let an operations tool (the `sqs-backoff` CLI) inspect, recall and stop parked messages,
   * and redrive or purge the dead-letter queue.
   *
   * Grants everything of `grantRedrive`, plus `sqs:SendMessage`, `sqs:GetQueueAttributes`,
   * `sqs:GetQueueUrl` (recall to the DLQ) and `sqs:PurgeQueue` on the dead-letter queue;
   * `states:ListExecutions` on the retry state machine; `states:DescribeExecution`,
   * `states:StopExecution`, `states:GetExecutionHistory` on its executions (nothing on Step
   * Functions when the transport has no state machine); and `cloudwatch:DescribeAlarms` on the alarms.
   */
  public grantOperate(grantee: iam.IGrantable): iam.Grant {
    const recall = grantSendToQueue(this.deadLetterQueue, grantee);
    const purge = this.deadLetterQueue.grantPurge(grantee);
    const executions = this.stateMachine === undefined ? [] : [
      this.stateMachine.grant(grantee, 'states:ListExecutions'),
      this.stateMachine.grantExecution(grantee, 'states:DescribeExecution', 'states:StopExecution', 'states:GetExecutionHistory'),
    ];
    const alarms = iam.Grant.addToPrincipal({
      grantee,
      actions: ['cloudwatch:DescribeAlarms'],
      resourceArns: Object.values(this.alarms).flat().filter(isAlarm).map((alarm) => alarm.alarmArn),
    });
    return [recall, purge, ...executions, alarms].reduce((all, grant) => all.combine(grant), this.grantRedrive(grantee));
  }

  /** Visible messages in the dead-letter queue (`AWS/SQS ApproximateNumberOfMessagesVisible`, Maximum per minute). */
  public metricDeadLetterMessages(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deadLetterQueue.metricApproximateNumberOfMessagesVisible(perMinute('Maximum', props));
  }

  /** Age of the work queue's oldest message (`AWS/SQS ApproximateAgeOfOldestMessage`, seconds, Maximum per minute). */
  public metricOldestMessageAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queue.metricApproximateAgeOfOldestMessage(perMinute('Maximum', props));
  }

  /**
   * Failed retry executions (`AWS/States ExecutionsFailed`, Sum per minute); `undefined` without
   * a state machine.
   */
  public metricExecutionsFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.stateMachine?.metricFailed(perMinute('Sum', props));
  }

  /**
   * Retries started through Step Functions, one per parked message (`AWS/States
   * ExecutionsStarted`, Sum per minute); `undefined` without a state machine.
   */
  public metricRetriesStarted(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.stateMachine?.metricStarted(perMinute('Sum', props));
  }

  /** Consumer invocations that threw or timed out (`AWS/Lambda Errors`, Sum per minute). */
  public metricConsumerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.consumer.metricErrors(perMinute('Sum', props));
  }

  /** Throttled consumer invocations (`AWS/Lambda Throttles`, Sum per minute). */
  public metricConsumerThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.consumer.metricThrottles(perMinute('Sum', props));
  }

  /** Messages sent to the dead-letter queue by the runtime or the state machine (`AWS/SQS NumberOfMessagesSent`, Sum per minute). */
  public metricDeadLetterArrivals(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deadLetterQueue.metricNumberOfMessagesSent(perMinute('Sum', props));
  }

  /**
   * Throttled retry executions (`AWS/States ExecutionThrottled`, singular, Sum per minute);
   * `undefined` without a state machine.
   */
  public metricExecutionsThrottled(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.stateMachine?.metric('ExecutionThrottled', perMinute('Sum', props));
  }

  /** Timed-out retry executions (`AWS/States ExecutionsTimedOut`, Sum per minute); `undefined` without a state machine. */
  public metricExecutionsTimedOut(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.stateMachine?.metric('ExecutionsTimedOut', perMinute('Sum', props));
  }

  /** Messages the handler processed (runtime `Processed`, Sum per minute). */
  public metricProcessed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.runtimeMetrics.processed(props);
  }

  /** Messages processed after at least one retry (runtime `Recovered`, Sum per minute). */
  public metricRecovered(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.runtimeMetrics.recovered(props);
  }

  /** The attempt on which messages were processed (runtime `Attempt`, p50 per minute; ask for p99 in `props`). */
  public metricAttempt(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.runtimeMetrics.attempt(props);
  }

  /** Milliseconds from a retried message's first receipt to its success (runtime `TimeToSuccess`, p50 per minute). */
  public metricTimeToSuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.runtimeMetrics.timeToSuccess(props);
  }

  /** Retries arranged, all or by one transport (`step-functions`, `visibility-timeout`, `sqs-delay`) (runtime `Parked`, Sum per minute). */
  public metricParked(transport?: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.runtimeMetrics.parked(transport, props);
  }

  /** Retries the visibility-timeout fallback carried, all or by cause (runtime `Fallback`, Sum per minute). */
  public metricFallbacks(cause?: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.runtimeMetrics.fallbacks(cause, props);
  }

  /** Messages dead-lettered by the runtime, all or by reason (runtime `DeadLettered`, Sum per minute). */
  public metricDeadLettered(reason?: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.runtimeMetrics.deadLettered(reason, props);
  }

  /**
   * The widgets of this queue's dashboard, for a dashboard of your own: work queue depth, age and
   * in-flight; DLQ depth and arrivals by reason; retries by transport and attempt; fallbacks; time
   * to success p50/p90/p99; consumer errors, throttles and duration; state machine started,
   * failed, throttled, timed out.
   */
  public widgets(): cloudwatch.IWidget[] {
    return backoffWidgets({ queue: this.queue, deadLetterQueue: this.deadLetterQueue, consumer: this.consumer, stateMachine: this.stateMachine, runtime: this.runtimeMetrics });
  }

  private createDeadLetterQueue(
    props: BackoffQueueProps,
    settings: ResolvedBackoffSettings,
    removalPolicy: RemovalPolicy,
  ): sqs.Queue {
    return new sqs.Queue(this, 'DeadLetterQueue', {
      ...sharedQueueProps(props, settings, removalPolicy),
      retentionPeriod: settings.deadLetterRetention,
      maxMessageSizeBytes: settings.deadLetterMaxMessageBytes,
    });
  }

  private createWorkQueue(props: BackoffQueueProps, settings: ResolvedBackoffSettings, removalPolicy: RemovalPolicy): sqs.Queue {
    return new sqs.Queue(this, 'Queue', {
      ...sharedQueueProps(props, settings, removalPolicy),
      visibilityTimeout: settings.visibilityTimeout,
      retentionPeriod: settings.retentionPeriod,
      maxMessageSizeBytes: settings.maxMessageBytes,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });
  }

  private environmentFor(settings: ResolvedBackoffSettings): Record<string, string> {
    const environment: Record<string, string> = {
      [ENV.policy]: Stack.of(this).toJsonString(settings.policy.toJson()),
      [ENV.maxAttempts]: Tokenization.stringifyNumber(settings.maxAttempts),
      [ENV.maxReceiveCount]: Tokenization.stringifyNumber(settings.maxReceiveCount),
      [ENV.queueUrl]: this.queue.queueUrl,
      [ENV.deadLetterQueueUrl]: this.deadLetterQueue.queueUrl,
      [ENV.maxMessageBytes]: Tokenization.stringifyNumber(settings.maxMessageBytes),
      [ENV.deadLetterMaxMessageBytes]: Tokenization.stringifyNumber(settings.deadLetterMaxMessageBytes),
    };
    if (settings.maxElapsed !== undefined) {
      environment[ENV.maxElapsedSeconds] = Tokenization.stringifyNumber(settings.maxElapsed.toSeconds());
    }
    const control = retryControlEnvironment(Stack.of(this), settings.retryControl);
    for (const key of ['retryRules', 'outageProtection', 'clampRetryAfter'] as const) {
      if (control[key] !== undefined) environment[ENV[key]] = control[key]!;
    }
    return environment;
  }

  private connectConsumer(options: BackoffEventSourceOptions, requeueQueue: sqs.IQueue | undefined): void {
    connectQueueToConsumer(this.queue, this.consumer, options);
    if (this.consumer.role === undefined) return;
    this.stateMachine?.grantStartExecution(this.consumer);
    if (requeueQueue !== undefined) grantSendToQueue(requeueQueue, this.consumer);
    grantSendToQueue(this.deadLetterQueue, this.consumer);
  }

  /** What an imported consumer without its role must be granted by its owner. */
  private grantsNeeded(): string {
    const grants = ['sqs:ReceiveMessage and sqs:DeleteMessage on the work queue'];
    if (this.transportName === 'sqs-delay' || this.transportName === 'auto') grants.push('sqs:SendMessage on the work queue');
    if (this.stateMachine !== undefined) grants.push('states:StartExecution on the retry state machine');
    return `${grants.join(', ')} and sqs:SendMessage on the dead-letter queue`;
  }

  private warn(props: BackoffQueueProps, settings: ResolvedBackoffSettings): void {
    const annotations = Annotations.of(this);
    if (!Token.isUnresolved(settings.maxReceiveCount) && settings.maxReceiveCount < RECOMMENDED_MIN_RECEIVE_COUNT) {
      annotations.addWarningV2(
        'sqs-backoff:lowMaxReceiveCount',
        `maxReceiveCount ${settings.maxReceiveCount} is below ${RECOMMENDED_MIN_RECEIVE_COUNT}: a throttled consumer or a failed park may let SQS redrive a message to the dead-letter queue before the runtime retried it`,
      );
    }
    const zeroWait = zeroWaitWarning(settings);
    if (zeroWait !== undefined) annotations.addWarningV2('sqs-backoff:zeroWait', zeroWait);
    const fallbackGap = visibilityFallbackGapWarning(settings);
    if (fallbackGap !== undefined) annotations.addWarningV2('sqs-backoff:visibilityFallbackGap', fallbackGap);
    if (settings.fifo && this.stateMachine !== undefined) {
      annotations.addWarningV2(
        'sqs-backoff:fifoOrdering',
        'FIFO queue: a parked message leaves its message group and is requeued in a group of its own, so retried messages lose their order',
      );
    }
    const batchSize = settings.eventSource.batchSize;
    if (settings.fifo && settings.transport.delaysByVisibility && batchSize !== undefined && !Token.isUnresolved(batchSize) && batchSize > 1) {
      annotations.addWarningV2(
        'sqs-backoff:fifoHeldReceipts',
        `FIFO queue with consumer.batchSize ${batchSize}: messages held behind a failing message of their group are received again with it, and each of those receipts counts as an attempt; use batchSize 1, or raise maxAttempts and maxReceiveCount by the receipts a message may wait in its group`,
      );
    }
    if (props.queue !== undefined) {
      annotations.addWarningV2(
        'sqs-backoff:existingQueueRedrive',
        `the redrive policy of an existing queue cannot be set here: give it one to the dead-letter queue with maxReceiveCount ${settings.maxReceiveCount}, or rely on the runtime's crash-loop backstop`,
      );
    }
    if (!isOwnedFunction(this.consumer)) {
      annotations.addWarningV2(
        'sqs-backoff:consumerEnvironment',
        `an imported consumer cannot be given environment variables: set ${Object.keys(this.consumerEnvironment).join(', ')} on it yourself (see consumerEnvironment)` +
          (this.consumer.role === undefined ? `, and grant its role ${this.grantsNeeded()}` : ''),
      );
      annotations.addWarningV2(
        'sqs-backoff:importedConsumerLayer',
        `an imported consumer cannot be given layers: if it runs Python, attach the ${PYTHON_PACKAGE} layer to it yourself, ` +
          `BackoffConsumer.pythonLayer(stack).layerVersionArn (construct ${PYTHON_LAYER_ID}; ${PYTHON_PACKAGE} at python/${PYTHON_PACKAGE} in the layer)`,
      );
    }
    if (settings.consumerTimeout === undefined && props.queue === undefined && props.queueProps?.visibilityTimeout === undefined) {
      annotations.addWarningV2(
        'sqs-backoff:unknownConsumerTimeout',
        `the timeout of an imported consumer is unknown: the visibility timeout defaults to ${settings.visibilityTimeout?.toHumanString()}; set queueProps.visibilityTimeout to at least 6 × its timeout`,
      );
    }
  }
}

/** What the work queue and its dead-letter queue always share: encryption, TLS only, FIFO-ness, removal. */
function sharedQueueProps(props: BackoffQueueProps, settings: ResolvedBackoffSettings, removalPolicy: RemovalPolicy): sqs.QueueProps {
  return { ...encryption(props.encryptionKey), enforceSSL: true, fifo: settings.fifo ? true : undefined, removalPolicy };
}

function resolveSettings(props: BackoffQueueProps, consumer: ConsumerSource): ResolvedBackoffSettings {
  const fifo = props.queue?.fifo ?? props.queueProps?.fifo ?? false;
  const transport = (props.transport ?? RetryTransport.defaultFor(fifo)).forQueue(fifo);
  const maxAttempts = props.maxAttempts ?? BACKOFF_QUEUE_DEFAULTS.maxAttempts;
  const eventSource = consumer.eventSource;
  const consumerTimeout = consumer.timeout;
  const ownQueue = props.queue === undefined;
  const maxMessageBytes = bytesOf(props.maxMessageSize) ?? (ownQueue ? MAX_MESSAGE_BYTES : DEFAULT_QUEUE_MESSAGE_BYTES);
  return {
    maxMessageBytes,
    deadLetterMaxMessageBytes: bytesOf(props.deadLetterMaxMessageSize) ?? deadLetterRoomFor(maxMessageBytes),
    policy: props.policy ?? BACKOFF_QUEUE_DEFAULTS.policy(),
    maxAttempts,
    maxElapsed: props.maxElapsed,
    maxReceiveCount: props.maxReceiveCount ?? defaultMaxReceiveCount(transport, mostAttempts(maxAttempts, props.retryRules)),
    mostAttempts: mostAttempts(maxAttempts, props.retryRules),
    retryControl: { retryRules: props.retryRules, outageProtection: props.outageProtection, clampRetryAfter: props.clampRetryAfter },
    fifo,
    transport,
    consumerTimeout,
    visibilityTimeout: ownQueue ? props.queueProps?.visibilityTimeout ?? defaultVisibility(consumerTimeout) : undefined,
    retentionPeriod: ownQueue ? props.queueProps?.retentionPeriod ?? BACKOFF_QUEUE_DEFAULTS.retentionPeriod : undefined,
    deadLetterRetention: props.deadLetterRetention ?? BACKOFF_QUEUE_DEFAULTS.deadLetterRetention,
    eventSource: { ...eventSource, batchSize: eventSource.batchSize ?? defaultBatchSize(fifo, transport) },
    memorySize: consumer.memorySize,
    environment: consumer.environment,
    oldestMessageAgeThreshold: props.oldestMessageAgeThreshold ?? BACKOFF_QUEUE_DEFAULTS.oldestMessageAgeThreshold,
  };
}

/**
 * Every attempt of a message delayed by visibility timeout is one more receipt of it, so the
 * default leaves room for all of them and for one failed dead-letter send.
 */
export function defaultMaxReceiveCount(transport: RetryTransport, maxAttempts: number): number {
  const base = BACKOFF_QUEUE_DEFAULTS.maxReceiveCount;
  if (!transport.delaysByVisibility || Token.isUnresolved(maxAttempts)) return base;
  return Math.max(base, maxAttempts + LIMITS.receiveCountMargin);
}

/**
 * On a FIFO queue retried by visibility timeout every message of a batch behind a failing one is
 * received again with it, one receipt each time, and there attempts are counted from receipts:
 * one message per batch keeps each receipt an attempt.
 */
export function defaultBatchSize(fifo: boolean, transport: RetryTransport): number {
  return fifo && transport.delaysByVisibility ? 1 : BACKOFF_QUEUE_DEFAULTS.batchSize;
}

function isAlarm(alarm: cloudwatch.AlarmBase | undefined): alarm is cloudwatch.AlarmBase {
  return alarm !== undefined;
}

/** The least a dead-letter queue must accept to take every message of a work queue with `x-backoff`. */
export function deadLetterRoomFor(maxMessageBytes: number): number {
  return Token.isUnresolved(maxMessageBytes) ? MAX_MESSAGE_BYTES : Math.min(MAX_MESSAGE_BYTES, maxMessageBytes + BACKOFF_ATTRIBUTE_ROOM_BYTES);
}

/** Fractional bytes are kept so that validation can name them instead of rounding them away. */
function bytesOf(size: Size | undefined): number | undefined {
  if (size === undefined) return undefined;
  if (size.isUnresolved()) {
    throw new BackoffValidationError('maxMessageSize and deadLetterMaxMessageSize must be known at synth, to size the dead-letter queue and the runtime by them (given a token)');
  }
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
}

/** An unknown timeout (imported function) falls back to the construct's default one. */
function defaultVisibility(consumerTimeout: Duration | undefined): Duration {
  const timeout = consumerTimeout ?? BACKOFF_QUEUE_DEFAULTS.consumerTimeout;
  if (timeout.isUnresolved()) {
    throw new BackoffValidationError(
      'queueProps.visibilityTimeout must be given when consumer.timeout is a token, to be at least 6 × that timeout (given undefined)',
    );
  }
  return Duration.seconds(timeout.toSeconds({ integral: false }) * LIMITS.visibilityPerFunctionTimeout);
}

function rejectQueuePropsWithQueue(props: BackoffQueueProps): void {
  if (props.queue !== undefined && props.queueProps !== undefined) {
    throw new BackoffValidationError(
      `queueProps must be undefined when queue is given, since an existing queue is not changed (given queueProps with ${Object.keys(props.queueProps).join(', ')})`,
    );
  }
}

function encryption(key: kms.IKey | undefined): Pick<sqs.QueueProps, 'encryption' | 'encryptionMasterKey'> {
  return key === undefined
    ? { encryption: sqs.QueueEncryption.SQS_MANAGED }
    : { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key };
}

function metricsNamespaceOf(namespace: string | undefined): string {
  if (namespace === undefined || Token.isUnresolved(namespace)) return namespace ?? DEFAULT_METRICS_NAMESPACE;
  const problem = namespaceProblem(namespace);
  if (problem !== undefined) throw new BackoffValidationError(`metricsNamespace ${problem} (given ${JSON.stringify(namespace)})`);
  return namespace;
}

function perMinute(statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.MetricOptions {
  return { period: Duration.minutes(1), statistic, ...props };
}
