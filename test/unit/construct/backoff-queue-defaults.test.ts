/**
 * One BackoffQueue built with no optional prop; every documented `@default` is listed here with
 * the check that proves it, and the docs are read from the source so the two cannot drift.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../../lambda/contract';
import { documentedProps } from '../../../scripts/docs/documentedProps';
import { FIXTURE_ENTRY, SYNTH_TIMEOUT_MS, iamStatements, logicalIdsOf, newStack, stateMachineDefinition } from '../../helpers/stack';
import { BackoffConsumer, BackoffQueue, RetryTransport } from '../../../lib';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';

interface DefaultCheck {
  readonly doc: string;
  /** `undefined` when another test file proves it (the real bundle). */
  readonly check?: (template: Template) => void;
}

const queues = (template: Template) => Object.values(template.findResources('AWS::SQS::Queue'));
const workQueue = (template: Template) => queues(template).find((queue) => queue.Properties.RedrivePolicy !== undefined)!;
const deadLetterQueue = (template: Template) => queues(template).find((queue) => queue.Properties.RedrivePolicy === undefined)!;
const consumer = (template: Template) => Object.values(template.findResources('AWS::Lambda::Function'))[0];
const environment = (template: Template) => consumer(template).Properties.Environment.Variables as Record<string, unknown>;
const alarms = (template: Template) => Object.values(template.findResources('AWS::CloudWatch::Alarm'));
/** The one alarm on `metricName` (the first, for the per-reason alarms), its properties. */
const alarmOf = (template: Template, metricName: string) => {
  const found = alarms(template).find((a) => a.Properties.MetricName === metricName);
  if (found === undefined) throw new Error(`no alarm on ${metricName}`);
  return found.Properties;
};
/** threshold, period, evaluation periods, datapoints to alarm. */
const shape = (p: Record<string, unknown>) => [p.Threshold, p.Period, p.EvaluationPeriods, p.DatapointsToAlarm];
const allAlarms = (template: Template) => [...alarms(template), ...Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'))];
const logGroups = (template: Template) => Object.values(template.findResources('AWS::Logs::LogGroup'));

/** `Interface.prop` → the `@default` text and its proof. */
const DEFAULTS: Record<string, DefaultCheck> = {
  'BackoffQueueProps.policy': {
    doc: 'BackoffPolicy.exponential({ base: Duration.seconds(2), cap: Duration.minutes(5) })',
    check: (t) => expect(JSON.parse(environment(t)[ENV.policy] as string)).toEqual({ kind: 'exponential', base: 2, cap: 300 }),
  },
  'BackoffQueueProps.maxAttempts': {
    doc: '5',
    check: (t) => expect(environment(t)[ENV.maxAttempts]).toBe('5'),
  },
  'BackoffQueueProps.maxElapsed': {
    doc: '- no time limit: only `maxAttempts` ends the retries',
    check: (t) => expect(environment(t)).not.toHaveProperty(ENV.maxElapsedSeconds),
  },
  'BackoffQueueProps.queue': {
    doc: '- a new standard queue, encrypted, TLS only, with a redrive policy to the DLQ',
    check: (t) => {
      expect(workQueue(t).Properties).not.toHaveProperty('FifoQueue');
      expect(workQueue(t).Properties.SqsManagedSseEnabled).toBe(true);
      expect(workQueue(t).Properties.RedrivePolicy.deadLetterTargetArn).toEqual({
        'Fn::GetAtt': [logicalIdsOf(t, 'AWS::SQS::Queue', { MessageRetentionPeriod: 1_209_600 })[0], 'Arn'],
      });
      expect(Object.keys(t.findResources('AWS::SQS::QueuePolicy'))).toHaveLength(2);
    },
  },
  'BackoffQueueProps.queueProps': {
    doc: '- see the defaults of `BackoffWorkQueueProps`',
    check: (t) => expect(workQueue(t).Properties).toMatchObject({ VisibilityTimeout: 180, MessageRetentionPeriod: 345_600 }),
  },
  'BackoffQueueProps.transport': {
    doc: '- RetryTransport.stepFunctions() for standard queues, RetryTransport.visibilityTimeout() for FIFO queues',
    check: (t) => {
      expect(environment(t)[ENV.transport]).toBe('step-functions');
      expect(Object.keys(t.findResources('AWS::StepFunctions::StateMachine'))).toHaveLength(1);
      const fifo = new BackoffQueue(newStack(), 'Fifo', { consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }), queueProps: { fifo: true } });
      expect(fifo.transportName).toBe('visibility-timeout');
    },
  },
  'BackoffQueueProps.maxReceiveCount': {
    doc: '- the larger of 5 and `maxAttempts` + 1 with a transport that may delay by visibility timeout (every default transport), 5 otherwise',
    check: (t) => {
      expect(workQueue(t).Properties.RedrivePolicy.maxReceiveCount).toBe(6);
      expect(environment(t)[ENV.maxReceiveCount]).toBe('6');
      const sqsDelay = new BackoffQueue(newStack(), 'Delay', { consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }), transport: RetryTransport.sqsDelay() });
      expect(sqsDelay.maxReceiveCount).toBe(5);
    },
  },
  'StepFunctionsTransportOptions.fallbackToVisibilityTimeout': {
    doc: 'true',
    check: (t) => expect(environment(t)[ENV.visibilityFallback]).toBe('true'),
  },
  'AutoTransportOptions.fallbackToVisibilityTimeout': {
    doc: 'true',
    check: () => {
      const stack = newStack();
      new BackoffQueue(stack, 'Auto', { consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }), transport: RetryTransport.auto() });
      expect(environment(Template.fromStack(stack))[ENV.visibilityFallback]).toBe('true');
    },
  },
  'RetryTransportConfig.stateMachine': {
    doc: '- none: this transport needs no Step Functions',
    check: () => expect(bindToNewQueues(RetryTransport.visibilityTimeout()).stateMachine).toBeUndefined(),
  },
  'RetryTransportConfig.requeueQueue': {
    doc: '- none: this transport sends no copies itself',
    check: () => expect(bindToNewQueues(RetryTransport.stepFunctions()).requeueQueue).toBeUndefined(),
  },
  'BackoffAlarmMetrics.executionsFailed': {
    doc: '- no executions-failed alarm: the transport has no state machine',
    check: () => {
      const stack = newStack();
      new BackoffQueue(stack, 'Vis', { consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }), transport: RetryTransport.visibilityTimeout() });
      expect(Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.MetricName))
        .not.toContain('ExecutionsFailed');
    },
  },
  'BackoffAlarmSet.executionsFailed': {
    doc: '- undefined when the transport has no state machine',
    check: (t) => expect(alarms(t).map((a) => a.Properties.MetricName)).toContain('ExecutionsFailed'),
  },
  'BackoffQueueProps.maxMessageSize': {
    doc: "- Size.mebibytes(1), SQS's maximum, for a queue the construct creates; Size.kibibytes(256), SQS's own default, for an existing `queue`",
    check: (t) => {
      expect(workQueue(t).Properties.MaximumMessageSize).toBe(1_048_576);
      expect(environment(t)[ENV.maxMessageBytes]).toBe('1048576');
    },
  },
  'BackoffQueueProps.deadLetterMaxMessageSize': {
    doc: '- `maxMessageSize` + 2 KiB, at most Size.mebibytes(1)',
    check: (t) => {
      expect(deadLetterQueue(t).Properties.MaximumMessageSize).toBe(1_048_576);
      expect(environment(t)[ENV.deadLetterMaxMessageBytes]).toBe('1048576');
    },
  },
  'BackoffQueueProps.deadLetterRetention': {
    doc: 'Duration.days(14)',
    check: (t) => expect(deadLetterQueue(t).Properties.MessageRetentionPeriod).toBe(14 * 86_400),
  },
  'BackoffQueueProps.logGroupEncryptionKey': {
    doc: '- log groups encrypted by CloudWatch Logs with its own key',
    check: (t) => logGroups(t).forEach((group) => expect(group.Properties).not.toHaveProperty('KmsKeyId')),
  },
  'BackoffQueueProps.encryptionKey': {
    doc: '- SQS-managed server-side encryption (SSE-SQS)',
    check: (t) => {
      for (const queue of queues(t)) {
        expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
        expect(queue.Properties).not.toHaveProperty('KmsMasterKeyId');
      }
      expect(iamStatements(t).flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('kms:'))).toEqual([]);
    },
  },
  'BackoffQueueProps.alarmTopic': {
    doc: '- no alarm actions',
    check: (t) => alarms(t).forEach((alarm) => expect(alarm.Properties).not.toHaveProperty('AlarmActions')),
  },
  'BackoffQueueProps.oldestMessageAgeThreshold': {
    doc: 'Duration.minutes(15)',
    check: (t) =>
      expect(alarms(t).find((a) => a.Properties.MetricName === 'ApproximateAgeOfOldestMessage')!.Properties.Threshold).toBe(900),
  },
  'BackoffQueueProps.logRetention': {
    doc: 'logs.RetentionDays.ONE_MONTH',
    check: (t) => {
      expect(logGroups(t)).toHaveLength(2);
      logGroups(t).forEach((group) => expect(group.Properties.RetentionInDays).toBe(30));
    },
  },
  'BackoffQueueProps.retryRules': {
    doc: '- none: every retryable failure follows `policy` and `maxAttempts`',
    check: (t) => expect(consumer(t).Properties.Environment.Variables).not.toHaveProperty('BACKOFF_RETRY_RULES'),
  },
  'BackoffQueueProps.clampRetryAfter': {
    // Absent, the runtime reads false: a RetryAfterError delay the transport cannot carry is dead-lettered.
    doc: 'false',
    check: (t) => expect(consumer(t).Properties.Environment.Variables).not.toHaveProperty('BACKOFF_CLAMP_RETRY_AFTER'),
  },
  'BackoffQueueProps.outageProtection': {
    doc: '- off: every failure counts as an attempt',
    check: (t) => expect(consumer(t).Properties.Environment.Variables).not.toHaveProperty('BACKOFF_OUTAGE_PROTECTION'),
  },
  'BackoffQueueProps.removalPolicy': {
    doc: 'RemovalPolicy.RETAIN',
    check: (t) => [...queues(t), ...logGroups(t)].forEach((resource) => expect(resource.DeletionPolicy).toBe('Retain')),
  },
  'BackoffWorkQueueProps.visibilityTimeout': {
    doc: "- 6 × the consumer's timeout (3 minutes with the default 30-second timeout)",
    check: (t) => expect(workQueue(t).Properties.VisibilityTimeout).toBe(6 * consumer(t).Properties.Timeout),
  },
  'BackoffWorkQueueProps.retentionPeriod': {
    doc: 'Duration.days(4)',
    check: (t) => expect(workQueue(t).Properties.MessageRetentionPeriod).toBe(4 * 86_400),
  },
  'BackoffWorkQueueProps.fifo': {
    doc: 'false',
    check: (t) => queues(t).forEach((queue) => expect(queue.Properties).not.toHaveProperty('FifoQueue')),
  },
  'BackoffEventSourceOptions.batchSize': {
    doc: '- 10; 1 on a FIFO queue whose retries may wait by visibility timeout: a message held behind a failing one of its group is received with it each time, and the runtime counts attempts from receipts there',
    check: (t) => t.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10 }),
  },
  'BackoffEventSourceOptions.maxBatchingWindow': {
    doc: '- no batching window: the consumer is invoked as soon as records arrive',
    check: (t) =>
      Object.values(t.findResources('AWS::Lambda::EventSourceMapping')).forEach((m) =>
        expect(m.Properties).not.toHaveProperty('MaximumBatchingWindowInSeconds'),
      ),
  },
  'BackoffEventSourceOptions.maxConcurrency': {
    doc: "- no limit beyond the function's own concurrency",
    check: (t) =>
      Object.values(t.findResources('AWS::Lambda::EventSourceMapping')).forEach((m) =>
        expect(m.Properties).not.toHaveProperty('ScalingConfig'),
      ),
  },
  'NodejsConsumerProps.handler': {
    doc: "'handler'",
    check: (t) => expect(consumer(t).Properties.Handler).toBe('index.handler'),
  },
  'BackoffConsumerFunctionOptions.timeout': {
    doc: 'Duration.seconds(30)',
    check: (t) => expect(consumer(t).Properties.Timeout).toBe(30),
  },
  'BackoffConsumerFunctionOptions.memorySize': {
    doc: '256',
    check: (t) => expect(consumer(t).Properties.MemorySize).toBe(256),
  },
  'NodejsConsumerProps.runtime': {
    doc: 'lambda.Runtime.NODEJS_22_X',
    check: (t) => expect(consumer(t).Properties.Runtime).toBe('nodejs22.x'),
  },
  'BackoffConsumerFunctionOptions.tracing': {
    doc: 'lambda.Tracing.ACTIVE',
    check: (t) => expect(consumer(t).Properties.TracingConfig).toEqual({ Mode: 'Active' }),
  },
  'BackoffConsumerFunctionOptions.environment': {
    doc: '- only the variables the construct sets: `BACKOFF_*`, and on Node.js `NODE_OPTIONS=--enable-source-maps` while source maps are on',
    check: (t) =>
      expect(Object.keys(environment(t)).sort()).toEqual(
        [ENV.policy, ENV.maxAttempts, ENV.maxReceiveCount, ENV.queueUrl, ENV.deadLetterQueueUrl, ENV.stateMachineArn, ENV.maxMessageBytes, ENV.deadLetterMaxMessageBytes, ENV.transport, ENV.visibilityFallback, 'NODE_OPTIONS'].sort(),
      ),
  },
  'NodejsConsumerProps.bundling': {
    doc: "- `{ minify: true, keepNames: true, sourceMap: true, target: 'node22', externalModules: ['@aws-sdk/*'] }`",
    // Proved on a real bundle in consumer-bundling.test.ts.
  },
  'NodejsConsumerProps.depsLockFilePath': {
    doc: '- the nearest `package-lock.json`, `yarn.lock`, `pnpm-lock.yaml` or `bun.lockb` above the working directory',
    // NodejsFunction's own default, passed through untouched.
  },
  'PythonConsumerProps.runtime': {
    doc: 'lambda.Runtime.PYTHON_3_13',
    // Proved on a Python consumer in python-consumer.test.ts.
  },
  'RetryStateMachineProps.fifo': {
    doc: 'false',
    check: (t) => {
      const { States } = stateMachineDefinition(t);
      expect(States.Requeue.Parameters).not.toHaveProperty('MessageGroupId.$');
    },
  },
  'RetryTransportBindOptions.logGroupEncryptionKey': {
    doc: '- encrypted by CloudWatch Logs with its own key',
    check: (t) => expect(logGroups(t).filter((group) => group.Properties.KmsKeyId !== undefined)).toEqual([]),
  },
  'RetryStateMachineProps.logGroupEncryptionKey': {
    doc: '- encrypted by CloudWatch Logs with its own key',
    check: (t) => expect(logGroups(t).filter((group) => group.Properties.KmsKeyId !== undefined)).toEqual([]),
  },
  'RetryStateMachineProps.logRetention': {
    doc: 'logs.RetentionDays.ONE_MONTH',
    check: (t) =>
      t.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: Match.anyValue(),
        RetentionInDays: 30,
      }),
  },
  'RetryStateMachineProps.removalPolicy': {
    doc: 'RemovalPolicy.RETAIN',
    check: (t) => logGroups(t).forEach((group) => expect(group.DeletionPolicy).toBe('Retain')),
  },
  'BackoffAlarmsProps.alarmTopic': {
    doc: '- no actions: the alarms only change state',
    check: (t) => alarms(t).forEach((alarm) => expect(alarm.Properties).not.toHaveProperty('AlarmActions')),
  },
  'BackoffAlarmsProps.oldestMessageAgeThreshold': {
    doc: 'Duration.minutes(15)',
    check: (t) => expect(alarms(t).map((a) => a.Properties.Threshold)).toContain(900),
  },
  'BackoffQueueProps.alarms': {
    doc: '- every alarm with its default, a composite alarm, actions only from `alarmTopic`',
    check: (t) => {
      expect(alarms(t)).toHaveLength(11);
      t.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1);
    },
  },
  'BackoffQueueProps.dashboard': { doc: 'false', check: (t) => t.resourceCountIs('AWS::CloudWatch::Dashboard', 0) },
  'BackoffQueueProps.savedQueries': { doc: 'true', check: (t) => t.resourceCountIs('AWS::Logs::QueryDefinition', 3) },
  'BackoffQueueProps.metricsNamespace': {
    doc: "'SqsBackoff'",
    check: (t) => {
      expect(environment(t)).not.toHaveProperty(ENV.metricsNamespace);
      expect(alarmOf(t, 'Fallback').Namespace).toBe('SqsBackoff');
    },
  },
  'BackoffAlarmMetrics.deadLetterArrivals': { doc: '- no dead-letter-arrivals alarm', check: (t) => alarmOf(t, 'NumberOfMessagesSent') },
  'BackoffAlarmMetrics.consumerThrottles': { doc: '- no consumer-throttles alarm', check: (t) => alarmOf(t, 'Throttles') },
  'BackoffAlarmMetrics.executionsThrottled': { doc: '- no executions-throttled alarm', check: (t) => alarmOf(t, 'ExecutionThrottled') },
  'BackoffAlarmMetrics.executionsTimedOut': { doc: '- no executions-timed-out alarm', check: (t) => alarmOf(t, 'ExecutionsTimedOut') },
  'BackoffAlarmMetrics.fallbacks': { doc: '- no fallbacks alarm', check: (t) => alarmOf(t, 'Fallback') },
  'BackoffAlarmMetrics.deadLettersOfReason': { doc: '- no dead-letters-by-reason alarms', check: (t) => alarmOf(t, 'DeadLettered') },
  'BackoffAlarmOptions.enabled': { doc: 'true', check: (t) => expect(alarms(t)).toHaveLength(11) },
  'BackoffAlarmOptions.threshold': {
    doc: '- the alarm\'s own default (README, "Alarms")',
    check: (t) => expect(Object.fromEntries(alarms(t).map((a) => [a.Properties.MetricName, a.Properties.Threshold]))).toEqual({
      ApproximateNumberOfMessagesVisible: 1, ApproximateAgeOfOldestMessage: 900, ExecutionsFailed: 1, Errors: 1, NumberOfMessagesSent: 1,
      Throttles: 1, ExecutionThrottled: 1, ExecutionsTimedOut: 1, Fallback: 10, DeadLettered: 1,
    }),
  },
  'BackoffAlarmOptions.period': {
    doc: '- the alarm\'s own default (1 minute for most)',
    check: (t) => expect(alarms(t).map((a) => [a.Properties.MetricName, a.Properties.Period]).filter(([, period]) => period !== 60)).toEqual([['Fallback', 300]]),
  },
  'BackoffAlarmOptions.evaluationPeriods': {
    doc: '- the alarm\'s own default (1 for most)',
    check: (t) => expect(alarms(t).map((a) => [a.Properties.MetricName, a.Properties.EvaluationPeriods]).filter(([, n]) => n !== 1)).toEqual([['Throttles', 5]]),
  },
  'BackoffAlarmOptions.datapointsToAlarm': {
    doc: '- evaluationPeriods',
    check: (t) => expect(alarms(t).filter((a) => a.Properties.DatapointsToAlarm !== undefined).map((a) => [a.Properties.MetricName, a.Properties.DatapointsToAlarm])).toEqual([['Throttles', 5]]),
  },
  'BackoffAlarmOptions.treatMissingData': {
    doc: 'cloudwatch.TreatMissingData.NOT_BREACHING (an idle queue is healthy)',
    check: (t) => alarms(t).forEach((a) => expect(a.Properties.TreatMissingData).toBe('notBreaching')),
  },
  'DeadLettersByReasonAlarmOptions.reasons': {
    doc: "['too-large', 'redelivered'] - the reasons that mean the pipeline, not the message, failed",
    check: (t) =>
      expect(alarms(t).filter((a) => a.Properties.MetricName === 'DeadLettered').map((a) => a.Properties.Dimensions.find((d: { Name: string }) => d.Name === 'Reason').Value).sort()).toEqual(['redelivered', 'too-large']),
  },
  'BackoffAlarmsOptions.deadLetterMessages': { doc: '- threshold 1, 1 minute, 1 of 1', check: (t) => expect(shape(alarmOf(t, 'ApproximateNumberOfMessagesVisible'))).toEqual([1, 60, 1, undefined]) },
  'BackoffAlarmsOptions.oldestMessageAge': { doc: '- threshold `oldestMessageAgeThreshold` (900 s), 1 minute, 1 of 1', check: (t) => expect(shape(alarmOf(t, 'ApproximateAgeOfOldestMessage'))).toEqual([900, 60, 1, undefined]) },
  'BackoffAlarmsOptions.executionsFailed': { doc: '- threshold 1, 1 minute, 1 of 1 (only with a state machine)', check: (t) => expect(shape(alarmOf(t, 'ExecutionsFailed'))).toEqual([1, 60, 1, undefined]) },
  'BackoffAlarmsOptions.consumerErrors': { doc: '- threshold 1, 1 minute, 1 of 1', check: (t) => expect(shape(alarmOf(t, 'Errors'))).toEqual([1, 60, 1, undefined]) },
  'BackoffAlarmsOptions.deadLetterArrivals': { doc: '- threshold 1, 1 minute, 1 of 1', check: (t) => expect(shape(alarmOf(t, 'NumberOfMessagesSent'))).toEqual([1, 60, 1, undefined]) },
  'BackoffAlarmsOptions.consumerThrottles': { doc: '- threshold 1, 1 minute, 5 of 5 (throttling that lasts)', check: (t) => expect(shape(alarmOf(t, 'Throttles'))).toEqual([1, 60, 5, 5]) },
  'BackoffAlarmsOptions.executionsThrottled': { doc: '- threshold 1, 1 minute, 1 of 1 (only with a state machine)', check: (t) => expect(shape(alarmOf(t, 'ExecutionThrottled'))).toEqual([1, 60, 1, undefined]) },
  'BackoffAlarmsOptions.executionsTimedOut': { doc: '- threshold 1, 1 minute, 1 of 1 (only with a state machine)', check: (t) => expect(shape(alarmOf(t, 'ExecutionsTimedOut'))).toEqual([1, 60, 1, undefined]) },
  'BackoffAlarmsOptions.fallbacks': { doc: '- threshold 10, 5 minutes, 1 of 1', check: (t) => expect(shape(alarmOf(t, 'Fallback'))).toEqual([10, 300, 1, undefined]) },
  'BackoffAlarmsOptions.deadLettersByReason': { doc: '- reasons too-large and redelivered, threshold 1, 1 minute, 1 of 1', check: (t) => expect(shape(alarmOf(t, 'DeadLettered'))).toEqual([1, 60, 1, undefined]) },
  'BackoffAlarmsOptions.alarmActions': { doc: '- none', check: (t) => allAlarms(t).forEach((a) => expect(a.Properties).not.toHaveProperty('AlarmActions')) },
  'BackoffAlarmsOptions.okActions': { doc: '- none', check: (t) => allAlarms(t).forEach((a) => expect(a.Properties).not.toHaveProperty('OKActions')) },
  'BackoffAlarmsOptions.composite': { doc: 'true', check: (t) => t.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1) },
  'BackoffAlarmsOptions.notify': {
    doc: 'AlarmNotification.EACH_ALARM',
    check: () => {
      const stack = newStack();
      new BackoffQueue(stack, 'Notified', { consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }), alarmTopic: new sns.Topic(stack, 'Ops') });
      const t = Template.fromStack(stack);
      alarms(t).forEach((a) => expect(a.Properties.AlarmActions).toHaveLength(1));
      expect(Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm'))[0].Properties).not.toHaveProperty('AlarmActions');
    },
  },
  'BackoffAlarmSet.deadLetterMessages': { doc: '- undefined when turned off with `alarms.deadLetterMessages.enabled: false`', check: (t) => alarmOf(t, 'ApproximateNumberOfMessagesVisible') },
  'BackoffAlarmSet.oldestMessageAge': { doc: '- undefined when turned off with `alarms.oldestMessageAge.enabled: false`', check: (t) => alarmOf(t, 'ApproximateAgeOfOldestMessage') },
  'BackoffAlarmSet.consumerErrors': { doc: '- undefined when turned off with `alarms.consumerErrors.enabled: false`', check: (t) => alarmOf(t, 'Errors') },
  'BackoffAlarmSet.deadLetterArrivals': { doc: '- undefined when turned off with `alarms.deadLetterArrivals.enabled: false`', check: (t) => alarmOf(t, 'NumberOfMessagesSent') },
  'BackoffAlarmSet.consumerThrottles': { doc: '- undefined when turned off with `alarms.consumerThrottles.enabled: false`', check: (t) => alarmOf(t, 'Throttles') },
  'BackoffAlarmSet.executionsThrottled': { doc: '- undefined when turned off with `alarms.executionsThrottled.enabled: false` (only with a state machine)', check: (t) => alarmOf(t, 'ExecutionThrottled') },
  'BackoffAlarmSet.executionsTimedOut': { doc: '- undefined when turned off with `alarms.executionsTimedOut.enabled: false` (only with a state machine)', check: (t) => alarmOf(t, 'ExecutionsTimedOut') },
  'BackoffAlarmSet.fallbacks': { doc: '- undefined when turned off with `alarms.fallbacks.enabled: false`', check: (t) => alarmOf(t, 'Fallback') },
  'BackoffAlarmSet.composite': { doc: '- undefined when `alarms.composite` is false', check: (t) => t.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1) },
};

const FILES = [
  'lib/backoff-queue.ts', 'lib/backoff-consumer-props.ts', 'lib/retry-state-machine.ts', 'lib/backoff-alarms.ts',
  'lib/retry-transport.ts', 'lib/retry-transport-binding.ts',
];

/** A transport bound to two plain queues of a fresh stack, outside any BackoffQueue. */
function bindToNewQueues(transport: RetryTransport) {
  const stack: Stack = newStack();
  return transport.bind(stack, {
    queue: new sqs.Queue(stack, 'Q'),
    deadLetterQueue: new sqs.Queue(stack, 'D'),
    fifo: false,
    logRetention: logs.RetentionDays.ONE_DAY,
    removalPolicy: RemovalPolicy.DESTROY,
  });
}
const optionalProps = FILES.flatMap(documentedProps).filter((prop) => prop.optional);

describe('BackoffQueue with no optional props', () => {
  let template: Template;

  beforeAll(() => {
    // GIVEN a stack WHEN a BackoffQueue gets only its consumer entry
    const stack = newStack();
    new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }) });
    template = Template.fromStack(stack);
  }, SYNTH_TIMEOUT_MS);

  it('lists every optional prop of the public props interfaces in the defaults table', () => {
    // THEN adding an optional prop without a default check fails here
    expect(optionalProps.map((p) => `${p.interfaceName}.${p.name}`).sort()).toEqual(Object.keys(DEFAULTS).sort());
  });

  it.each(optionalProps.map((prop) => [`${prop.interfaceName}.${prop.name}`, prop] as const))(
    '%s documents the default the table expects',
    (key, prop) => {
      expect(prop.default).toBe(DEFAULTS[key]?.doc);
    },
  );

  // Three defaults are proved elsewhere (bundling on a real bundle, depsLockFilePath is NodejsFunction's own, the Python runtime on a Python consumer).
  const checked = Object.entries(DEFAULTS).filter(([, entry]) => entry.check !== undefined);
  it.each(checked)('%s behaves as documented', (_key, entry) => {
    entry.check!(template);
  });
});
