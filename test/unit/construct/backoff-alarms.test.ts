/**
 * The four alarms (metric, namespace, dimensions, statistic, threshold, comparison, missing
 * data), their SNS actions, and the metric helpers they are built from.
 */
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { BackoffConsumer, BackoffQueue } from '../../../lib';
import { SYNTH_TIMEOUT_MS, newStack, onlyLogicalIdOf, synthBackoffQueue } from '../../helpers/stack';

describe('BackoffQueue alarms', () => {
  let template: Template;
  let backoff: BackoffQueue;
  let topicId: string;
  const ids = { queue: '', deadLetterQueue: '', stateMachine: '', consumer: '' };

  beforeAll(() => {
    // GIVEN a BackoffQueue with an alarm topic
    const stack = newStack();
    const alarmTopic = new sns.Topic(stack, 'Ops');
    ({ template, backoff } = synthBackoffQueue({ alarmTopic }, stack));
    topicId = onlyLogicalIdOf(template, 'AWS::SNS::Topic');
    ids.queue = onlyLogicalIdOf(template, 'AWS::SQS::Queue', { RedrivePolicy: Match.anyValue() });
    ids.deadLetterQueue = onlyLogicalIdOf(template, 'AWS::SQS::Queue', { RedrivePolicy: Match.absent() });
    ids.stateMachine = onlyLogicalIdOf(template, 'AWS::StepFunctions::StateMachine');
    ids.consumer = onlyLogicalIdOf(template, 'AWS::Lambda::Function');
  }, SYNTH_TIMEOUT_MS);

  const common = {
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    EvaluationPeriods: 1,
    Period: 60,
    TreatMissingData: 'notBreaching',
  };

  it('creates eleven alarms and one composite alarm', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 11);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1);
  });

  it('alarms when the dead-letter queue has at least one visible message', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.deadLetterQueue, 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 1,
    });
  });

  it('alarms when the work queue’s oldest message reaches the threshold', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.queue, 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 900,
    });
  });

  it('alarms when at least one retry execution failed', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: ids.stateMachine } }],
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  it('alarms when the consumer reports at least one error', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.consumer } }],
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  it('sends every alarm to the topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    alarms.forEach((alarm) => expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]));
  });

  it('exposes the alarms by name', () => {
    expect(backoff.alarms.deadLetterMessages).toBeInstanceOf(cloudwatch.Alarm);
    expect(backoff.alarms.oldestMessageAge).toBeInstanceOf(cloudwatch.Alarm);
    expect(backoff.alarms.executionsFailed).toBeInstanceOf(cloudwatch.Alarm);
    expect(backoff.alarms.consumerErrors).toBeInstanceOf(cloudwatch.Alarm);
  });
});

describe('BackoffQueue metric helpers', () => {
  const backoff = new BackoffQueue(newStack(), 'Orders', { consumer: BackoffConsumer.nodejs({ entry: require.resolve('../../fixtures/consumer.ts') }) });

  it.each([
    ['metricDeadLetterMessages', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'Maximum'],
    ['metricOldestMessageAge', 'AWS/SQS', 'ApproximateAgeOfOldestMessage', 'Maximum'],
    ['metricExecutionsFailed', 'AWS/States', 'ExecutionsFailed', 'Sum'],
    ['metricRetriesStarted', 'AWS/States', 'ExecutionsStarted', 'Sum'],
    ['metricConsumerErrors', 'AWS/Lambda', 'Errors', 'Sum'],
    ['metricConsumerThrottles', 'AWS/Lambda', 'Throttles', 'Sum'],
    ['metricDeadLetterArrivals', 'AWS/SQS', 'NumberOfMessagesSent', 'Sum'],
    // Singular: the metric Step Functions publishes (some aws-cdk-lib versions' helper asks for ExecutionsThrottled).
    ['metricExecutionsThrottled', 'AWS/States', 'ExecutionThrottled', 'Sum'],
    ['metricExecutionsTimedOut', 'AWS/States', 'ExecutionsTimedOut', 'Sum'],
    ['metricProcessed', 'SqsBackoff', 'Processed', 'Sum'],
    ['metricRecovered', 'SqsBackoff', 'Recovered', 'Sum'],
    ['metricAttempt', 'SqsBackoff', 'Attempt', 'p50'],
    ['metricTimeToSuccess', 'SqsBackoff', 'TimeToSuccess', 'p50'],
    ['metricParked', 'SqsBackoff', 'Parked', 'Sum'],
    ['metricFallbacks', 'SqsBackoff', 'Fallback', 'Sum'],
    ['metricDeadLettered', 'SqsBackoff', 'DeadLettered', 'Sum'],
  ] as const)('%s returns %s %s, %s per minute', (helper, namespace, metricName, statistic) => {
    const metric = backoff[helper]();
    expect(metric).toBeInstanceOf(cloudwatch.Metric);
    expect(metric).toMatchObject({ namespace, metricName, statistic, period: Duration.minutes(1) });
  });

  it('lets the caller override the options', () => {
    expect(backoff.metricRetriesStarted({ period: Duration.minutes(5) })!.period.toMinutes()).toBe(5);
  });
});
