/**
 * Issue 25 on the CDK side: every alarm option and its validation, the alarm actions, the
 * composite alarm, the dashboard, the saved queries and the metrics namespace.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../../lambda/contract';
import { AlarmNotification, BackoffAlarmSet, BackoffAlarmsOptions, BackoffConsumer, BackoffQueue, RetryTransport } from '../../../lib';
import { SYNTH_TIMEOUT_MS, buildBackoffQueue, newStack, synthBackoffQueue } from '../../helpers/stack';

const alarmsOf = (template: Template) => Object.values(template.findResources('AWS::CloudWatch::Alarm'));
const alarmOn = (template: Template, metricName: string) => alarmsOf(template).find((a) => a.Properties.MetricName === metricName)!.Properties;

/** Each alarm option key and the metric its alarm watches. */
const ALARM_METRICS: Array<[keyof BackoffAlarmsOptions & keyof BackoffAlarmSet, string]> = [
  ['deadLetterMessages', 'ApproximateNumberOfMessagesVisible'],
  ['oldestMessageAge', 'ApproximateAgeOfOldestMessage'],
  ['executionsFailed', 'ExecutionsFailed'],
  ['consumerErrors', 'Errors'],
  ['deadLetterArrivals', 'NumberOfMessagesSent'],
  ['consumerThrottles', 'Throttles'],
  ['executionsThrottled', 'ExecutionThrottled'],
  ['executionsTimedOut', 'ExecutionsTimedOut'],
  ['fallbacks', 'Fallback'],
  ['deadLettersByReason', 'DeadLettered'],
];

describe('today’s four alarms', () => {
  it('keep their logical IDs and every property they had before issue 25', () => {
    // GIVEN the alarms main synthesized for a default BackoffQueue (recorded before this change)
    const before = JSON.parse(readFileSync(join(__dirname, '../../fixtures/alarms-before-issue-25.json'), 'utf8')) as Record<string, { Properties: unknown }>;
    // WHEN the same queue is synthesized now
    const { template } = synthBackoffQueue();
    // THEN each old logical ID is there with the same properties
    const now = template.findResources('AWS::CloudWatch::Alarm');
    for (const [logicalId, properties] of Object.entries(before)) expect(now[logicalId]?.Properties).toEqual(properties);
    expect(Object.keys(before)).toHaveLength(4);
  }, SYNTH_TIMEOUT_MS);
});

describe('alarm options', () => {
  it.each(ALARM_METRICS)('%s: threshold, period, evaluation periods, datapoints and missing data are the user’s', (key, metricName) => {
    // GIVEN every option set on one alarm
    const { template } = synthBackoffQueue({
      alarms: { [key]: { threshold: 7, period: Duration.minutes(5), evaluationPeriods: 3, datapointsToAlarm: 2, treatMissingData: cloudwatch.TreatMissingData.BREACHING } },
    });
    // THEN its alarm carries them
    expect(alarmOn(template, metricName)).toMatchObject({ Threshold: 7, Period: 300, EvaluationPeriods: 3, DatapointsToAlarm: 2, TreatMissingData: 'breaching' });
  }, SYNTH_TIMEOUT_MS);

  it.each(ALARM_METRICS)('%s: enabled false leaves the alarm out (and out of the composite)', (key, metricName) => {
    const { template, backoff } = synthBackoffQueue({ alarms: { [key]: { enabled: false } } });
    expect(alarmsOf(template).map((a) => a.Properties.MetricName)).not.toContain(metricName);
    expect(JSON.stringify(template.findResources('AWS::CloudWatch::CompositeAlarm'))).not.toContain(metricName);
    expect(key === 'deadLettersByReason' ? backoff.alarms.deadLettersByReason : backoff.alarms[key]).toEqual(key === 'deadLettersByReason' ? [] : undefined);
  }, SYNTH_TIMEOUT_MS);

  it('deadLettersByReason.reasons: one alarm per reason, dimensioned by queue and reason', () => {
    const { template } = synthBackoffQueue({ alarms: { deadLettersByReason: { reasons: ['exhausted', 'non-retryable', 'too-large'] } } });
    const reasons = alarmsOf(template).filter((a) => a.Properties.MetricName === 'DeadLettered').map((a) => a.Properties.Dimensions);
    expect(reasons.map((dims) => dims.find((d: { Name: string }) => d.Name === 'Reason').Value)).toEqual(['exhausted', 'non-retryable', 'too-large']);
    reasons.forEach((dims) => expect(dims.map((d: { Name: string }) => d.Name).sort()).toEqual(['QueueName', 'Reason']));
  }, SYNTH_TIMEOUT_MS);

  it('a transport without a state machine has no state machine alarms', () => {
    const { template } = synthBackoffQueue({ transport: RetryTransport.sqsDelay() });
    const names = alarmsOf(template).map((a) => a.Properties.MetricName);
    for (const metric of ['ExecutionsFailed', 'ExecutionThrottled', 'ExecutionsTimedOut']) expect(names).not.toContain(metric);
    expect(names).toHaveLength(8);
  }, SYNTH_TIMEOUT_MS);

  it.each([
    [{ fallbacks: { threshold: -1 } }, 'alarms.fallbacks.threshold must be 0 or more (given -1)'],
    [{ fallbacks: { evaluationPeriods: 0 } }, 'alarms.fallbacks.evaluationPeriods must be a whole number between 1 and 100 (given 0)'],
    [{ fallbacks: { evaluationPeriods: 101 } }, 'alarms.fallbacks.evaluationPeriods must be a whole number between 1 and 100 (given 101)'],
    [{ consumerErrors: { evaluationPeriods: 2, datapointsToAlarm: 3 } }, 'alarms.consumerErrors.datapointsToAlarm must be a whole number between 1 and evaluationPeriods 2 (given 3)'],
    [{ consumerErrors: { datapointsToAlarm: 0 } }, 'alarms.consumerErrors.datapointsToAlarm must be a whole number between 1 and evaluationPeriods 1 (given 0)'],
    [{ consumerErrors: { period: Duration.seconds(45) } }, 'alarms.consumerErrors.period must be 10 seconds, 30 seconds or a whole number of minutes up to 1 day (given 45 seconds)'],
    [{ consumerErrors: { period: Duration.hours(2), evaluationPeriods: 13 } }, 'alarms.consumerErrors.period × evaluationPeriods must be at most 1 day (given 7200 s × 13)'],
    [{ deadLettersByReason: { reasons: ['requeue-failed'] } }, 'alarms.deadLettersByReason.reasons must each be one of exhausted, non-retryable, elapsed, too-large, redelivered (given "requeue-failed")'],
  ] as Array<[BackoffAlarmsOptions, string]>)('rejects %j', (alarms, message) => {
    expect(() => buildBackoffQueue({ alarms })).toThrow(message);
  });

  it('accepts the boundaries: 100 evaluation periods of 10 s, datapoints equal to periods, threshold 0, 1-day period', () => {
    expect(() => buildBackoffQueue({ alarms: { fallbacks: { evaluationPeriods: 100, datapointsToAlarm: 100, period: Duration.seconds(10), threshold: 0 }, consumerErrors: { period: Duration.days(1) } } })).not.toThrow();
  });
});

describe('alarm actions and the composite alarm', () => {
  it('alarmActions and okActions take any IAlarmAction, next to the alarmTopic shorthand', () => {
    // GIVEN a topic for the shorthand and another for ALARM and OK actions
    const stack = newStack();
    const alarmTopic = new sns.Topic(stack, 'Ops');
    const pager = new sns.Topic(stack, 'Pager');
    const { template } = synthBackoffQueue({ alarmTopic, alarms: { alarmActions: [new actions.SnsAction(pager)], okActions: [new actions.SnsAction(pager)] } }, stack);
    // THEN every alarm notifies both on ALARM and the pager on OK
    const topicIds = Object.keys(template.findResources('AWS::SNS::Topic'));
    for (const alarm of alarmsOf(template)) {
      expect(alarm.Properties.AlarmActions.map((a: { Ref: string }) => a.Ref).sort()).toEqual(topicIds.sort());
      expect(alarm.Properties.OKActions).toHaveLength(1);
    }
  }, SYNTH_TIMEOUT_MS);

  it('notify COMPOSITE_ONLY puts the actions on the composite alarm alone', () => {
    const stack = newStack();
    const { template } = synthBackoffQueue({ alarmTopic: new sns.Topic(stack, 'Ops'), alarms: { notify: AlarmNotification.COMPOSITE_ONLY } }, stack);
    alarmsOf(template).forEach((alarm) => expect(alarm.Properties).not.toHaveProperty('AlarmActions'));
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmActions: [{ Ref: Match.anyValue() }] });
  }, SYNTH_TIMEOUT_MS);

  it('the composite rule is ALARM of every alarm, joined by OR', () => {
    const { stack, template } = synthBackoffQueue();
    const composite = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'))[0];
    const rule = JSON.stringify(stack.resolve(composite.Properties.AlarmRule));
    expect(rule).toContain('ALARM(');
    const alarmRefs = Object.keys(template.findResources('AWS::CloudWatch::Alarm')).filter((id) => rule.includes(id));
    expect(alarmRefs).toHaveLength(11);
    expect(rule.match(/ OR /g)).toHaveLength(10);
  }, SYNTH_TIMEOUT_MS);

  it('composite false: no composite alarm', () => {
    const { template, backoff } = synthBackoffQueue({ alarms: { composite: false } });
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
    expect(backoff.alarms.composite).toBeUndefined();
  }, SYNTH_TIMEOUT_MS);
});

describe('dashboard and widgets()', () => {
  it('dashboard true: one dashboard whose body draws every widget', () => {
    // GIVEN a queue with the dashboard on
    const { stack, template } = synthBackoffQueue({ dashboard: true });
    // THEN the body names each widget and the metrics only sqs-backoff can offer
    const body = JSON.stringify(stack.resolve(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody));
    for (const title of [
      'Work queue: depth, in flight, oldest age (s)', 'Dead-letter queue: depth and arrivals by reason', 'Retries by transport',
      'Fallbacks and failed parks', 'Time to success (ms)', 'Consumer: errors, throttles, duration (ms)', 'Retry state machine: started, failed, throttled, timed out',
    ]) expect(body).toContain(title);
    for (const metric of ['ApproximateNumberOfMessagesNotVisible', 'NumberOfMessagesSent', 'Parked', 'Transport', 'step-functions', 'sqs-delay', 'Fallback', 'FallbackCause',
      'TimeToSuccess', 'p90', 'Attempt', 'Throttles', 'Duration', 'ExecutionsStarted', 'ExecutionThrottled', 'ExecutionsTimedOut', 'Reason', 'too-large']) {
      expect(body).toContain(`\\"${metric}\\"`);
    }
  }, SYNTH_TIMEOUT_MS);

  it('no dashboard by default, and widgets() for one of the user’s own (six without a state machine)', () => {
    const stack = newStack();
    const backoff = new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.nodejs({ entry: join(__dirname, '../../fixtures/consumer.ts') }), transport: RetryTransport.visibilityTimeout() });
    expect(backoff.dashboard).toBeUndefined();
    expect(backoff.widgets()).toHaveLength(6);
    new cloudwatch.Dashboard(stack, 'Mine', { widgets: [backoff.widgets()] });
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  }, SYNTH_TIMEOUT_MS);
});

describe('saved Logs Insights queries', () => {
  it('three query definitions on the consumer’s log group', () => {
    const { stack, template } = synthBackoffQueue();
    const queries = Object.values(template.findResources('AWS::Logs::QueryDefinition')).map((q) => stack.resolve(q.Properties));
    const consumerLogs = Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => id.includes('ConsumerLogs'));
    expect(consumerLogs).toHaveLength(1);
    expect(queries.map((q) => q.Name['Fn::Join'] ? JSON.stringify(q.Name) : q.Name).join('|')).toMatch(/dead letters by reason.*message history.*fallbacks \(last hour\)/);
    for (const query of queries) expect(query.LogGroupNames).toEqual([{ Ref: consumerLogs[0] }]);
    const strings = queries.map((q) => q.QueryString as string);
    expect(strings[0]).toContain('filter msg = "dead-lettered"');
    expect(strings[0]).toContain('stats count(*) as deadLetters by reason');
    expect(strings[1]).toContain('filter originalMessageId = "ORIGINAL-MESSAGE-ID" or messageId = "ORIGINAL-MESSAGE-ID"');
    expect(strings[1]).toContain('traceId');
    expect(strings[2]).toContain('filter ispresent(fallback)');
  }, SYNTH_TIMEOUT_MS);

  it('savedQueries false: none', () => {
    synthBackoffQueue({ savedQueries: false }).template.resourceCountIs('AWS::Logs::QueryDefinition', 0);
  }, SYNTH_TIMEOUT_MS);
});

describe('metricsNamespace', () => {
  it('is set on the consumer and read by the runtime-metric alarms', () => {
    const { template } = synthBackoffQueue({ metricsNamespace: 'Shop/Orders' });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ [ENV.metricsNamespace]: 'Shop/Orders' }) } });
    expect(alarmOn(template, 'Fallback').Namespace).toBe('Shop/Orders');
    expect(alarmOn(template, 'DeadLettered').Namespace).toBe('Shop/Orders');
  }, SYNTH_TIMEOUT_MS);

  it.each([
    ['AWS/Mine', 'metricsNamespace must not start with AWS/ (reserved for AWS services) (given "AWS/Mine")'],
    ['N'.repeat(256), 'metricsNamespace must be 1 to 255 characters'],
  ])('rejects %s', (metricsNamespace, message) => {
    expect(() => buildBackoffQueue({ metricsNamespace })).toThrow(message);
  });

  it('accepts 255 characters', () => {
    expect(() => buildBackoffQueue({ metricsNamespace: 'N'.repeat(255) })).not.toThrow();
  });

  it('skips an unresolved token', () => {
    const stack = newStack();
    expect(() => buildBackoffQueue({ metricsNamespace: Stack.of(stack).stackName }, stack)).not.toThrow();
  });
});
