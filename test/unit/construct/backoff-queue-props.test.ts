/**
 * One test per BackoffQueue prop: GIVEN the fixture consumer and that prop with a non-default
 * value, WHEN the stack synthesizes, THEN the template shows what the prop changes.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../../lambda/contract';
import { BackoffConsumer, BackoffPolicy, BackoffQueue, RetryTransport } from '../../../lib';
import { FIXTURE_ENTRY, newStack, onlyLogicalIdOf, synthBackoffQueue } from '../../helpers/stack';

const consumerEnvironment = (template: Template): Record<string, unknown> =>
  Object.values(template.findResources('AWS::Lambda::Function'))[0].Properties.Environment.Variables;

const workQueueProps = (template: Template): Record<string, any> =>
  Object.values(template.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue() } }))[0].Properties;

const inlineFunction = (scope: import('constructs').Construct, timeout?: Duration) =>
  new lambda.Function(scope, 'Existing', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] })'),
    timeout,
  });

describe('BackoffQueue props', () => {
  it('policy: hands the spec to the consumer as JSON', () => {
    const { template } = synthBackoffQueue({
      policy: BackoffPolicy.fixed({ base: Duration.seconds(10), step: Duration.seconds(5), cap: Duration.minutes(1) }),
    });
    expect(JSON.parse(consumerEnvironment(template)[ENV.policy] as string)).toEqual({ kind: 'fixed', base: 10, step: 5, cap: 60 });
  });

  it('maxAttempts: sets BACKOFF_MAX_ATTEMPTS', () => {
    const { template, backoff } = synthBackoffQueue({ maxAttempts: 8 });
    expect(consumerEnvironment(template)[ENV.maxAttempts]).toBe('8');
    expect(backoff.maxAttempts).toBe(8);
  });

  it('maxElapsed: sets BACKOFF_MAX_ELAPSED_SECONDS', () => {
    const { template } = synthBackoffQueue({ maxElapsed: Duration.hours(1) });
    expect(consumerEnvironment(template)[ENV.maxElapsedSeconds]).toBe('3600');
  });

  it('maxReceiveCount: sets the redrive policy and BACKOFF_MAX_RECEIVE_COUNT', () => {
    const { template } = synthBackoffQueue({ maxReceiveCount: 7 });
    expect(workQueueProps(template).RedrivePolicy.maxReceiveCount).toBe(7);
    expect(consumerEnvironment(template)[ENV.maxReceiveCount]).toBe('7');
  });

  it('deadLetterRetention: sets the dead-letter queue retention', () => {
    const { template } = synthBackoffQueue({ deadLetterRetention: Duration.days(10) });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 10 * 86_400, RedrivePolicy: Match.absent() });
  });

  it('oldestMessageAgeThreshold: sets the oldest-message-age alarm threshold in seconds', () => {
    const { template } = synthBackoffQueue({ oldestMessageAgeThreshold: Duration.minutes(30) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 1800 });
  });

  it('logRetention: applies to the consumer and the state machine log groups', () => {
    const { template } = synthBackoffQueue({ logRetention: logs.RetentionDays.ONE_WEEK });
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups.map((group) => group.Properties.RetentionInDays)).toEqual([7, 7]);
  });

  it('removalPolicy: applies to both queues and both log groups', () => {
    const { template } = synthBackoffQueue({ removalPolicy: RemovalPolicy.DESTROY });
    const resources = [
      ...Object.values(template.findResources('AWS::SQS::Queue')),
      ...Object.values(template.findResources('AWS::Logs::LogGroup')),
    ];
    expect(resources).toHaveLength(4);
    resources.forEach((resource) => expect(resource.DeletionPolicy).toBe('Delete'));
  });

  describe('queueProps', () => {
    it('visibilityTimeout: sets the work queue visibility timeout', () => {
      const { template } = synthBackoffQueue({ queueProps: { visibilityTimeout: Duration.minutes(10) } });
      expect(workQueueProps(template).VisibilityTimeout).toBe(600);
    });

    it('retentionPeriod: sets the work queue retention', () => {
      const { template } = synthBackoffQueue({ queueProps: { retentionPeriod: Duration.days(2) } });
      expect(workQueueProps(template).MessageRetentionPeriod).toBe(2 * 86_400);
    });

    it('fifo: makes both queues FIFO and, through Step Functions, passes group and deduplication ids in the ASL', () => {
      const { template } = synthBackoffQueue({ queueProps: { fifo: true }, transport: RetryTransport.stepFunctions() });
      const queues = Object.values(template.findResources('AWS::SQS::Queue'));
      expect(queues.map((queue) => queue.Properties.FifoQueue)).toEqual([true, true]);
      const definition = JSON.stringify(template.findResources('AWS::StepFunctions::StateMachine'));
      expect(definition).toContain('MessageGroupId.$');
    });
  });

  describe('queue', () => {
    it('uses the existing queue: no new work queue, the event source and BACKOFF_QUEUE_URL point at it', () => {
      // GIVEN a queue made elsewhere in the stack
      const stack = newStack();
      const queue = new sqs.Queue(stack, 'Existing', { visibilityTimeout: Duration.minutes(5) });
      // WHEN a BackoffQueue adopts it
      const { template, backoff } = synthBackoffQueue({ queue }, stack);
      // THEN only the dead-letter queue is new, and everything points at the existing queue
      const existingId = onlyLogicalIdOf(template, 'AWS::SQS::Queue', { VisibilityTimeout: 300 });
      expect(backoff.queue).toBe(queue);
      expect(Object.keys(template.findResources('AWS::SQS::Queue'))).toHaveLength(2); // existing + DLQ
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: { 'Fn::GetAtt': [existingId, 'Arn'] } });
      expect(consumerEnvironment(template)[ENV.queueUrl]).toEqual({ Ref: existingId });
    });
  });

  describe('consumer built from an entry', () => {
    it('handler: sets the exported handler name', () => {
      const { template } = synthBackoffQueue({ consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY, handler: 'main' }) });
      template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.main' });
    });

    it('timeout: sets the function timeout and six times it as visibility timeout', () => {
      const { template } = synthBackoffQueue({ consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY, timeout: Duration.minutes(1) }) });
      template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 60 });
      expect(workQueueProps(template).VisibilityTimeout).toBe(360);
    });

    it('memorySize: sets the function memory', () => {
      const { template } = synthBackoffQueue({ consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY, memorySize: 1024 }) });
      template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 1024 });
    });

    it('environment: adds variables beside the BACKOFF_* ones', () => {
      const { template } = synthBackoffQueue({ consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY, environment: { STAGE: 'test' } }) });
      expect(consumerEnvironment(template)).toMatchObject({ STAGE: 'test', [ENV.maxAttempts]: '5' });
    });

    it('runs on Node.js 22', () => {
      const { template } = synthBackoffQueue();
      template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x' });
    });

    it('batchSize, maxBatchingWindow, maxConcurrency: configure the event source mapping', () => {
      const { template } = synthBackoffQueue({
        consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY, batchSize: 100, maxBatchingWindow: Duration.seconds(2), maxConcurrency: 5 }),
      });
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: 100,
        MaximumBatchingWindowInSeconds: 2,
        ScalingConfig: { MaximumConcurrency: 5 },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    });

    it('bundling: is merged over the defaults (sourceMap off drops NODE_OPTIONS)', () => {
      const { template } = synthBackoffQueue({ consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY, bundling: { sourceMap: false } }) });
      expect(consumerEnvironment(template)).not.toHaveProperty('NODE_OPTIONS');
    });
  });

  describe('existing consumer', () => {
    it('a lambda.Function gets the BACKOFF_* environment and the event source', () => {
      // GIVEN a function with a 20-second timeout WHEN it is the consumer
      const stack = newStack();
      const fn = inlineFunction(stack, Duration.seconds(20));
      const { template, backoff } = synthBackoffQueue({ consumer: BackoffConsumer.fromFunction(fn) }, stack);
      // THEN it is reused, configured, connected, and the visibility timeout is 6 × 20 s
      expect(backoff.consumer).toBe(fn);
      expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toHaveLength(1);
      expect(consumerEnvironment(template)).toMatchObject({ [ENV.maxAttempts]: '5', [ENV.stateMachineArn]: expect.anything() });
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: onlyLogicalIdOf(template, 'AWS::Lambda::Function') },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(workQueueProps(template).VisibilityTimeout).toBe(120);
    });

    it('a lambda.Function without a timeout counts with Lambda’s 3-second default', () => {
      const stack = newStack();
      const { template } = synthBackoffQueue({ consumer: BackoffConsumer.fromFunction(inlineFunction(stack)) }, stack);
      expect(workQueueProps(template).VisibilityTimeout).toBe(18);
    });

    it('{ function, batchSize } configures the event source of an existing function', () => {
      const stack = newStack();
      const { template } = synthBackoffQueue({ consumer: BackoffConsumer.fromFunction(inlineFunction(stack), { batchSize: 3 }) }, stack);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 3 });
    });

    it('an imported function gets the event source; its environment is exposed for its owner', () => {
      // GIVEN a function imported by name WHEN it is the consumer
      const stack = newStack();
      const fn = lambda.Function.fromFunctionName(stack, 'Imported', 'orders-consumer');
      const { template, backoff } = synthBackoffQueue({ consumer: BackoffConsumer.fromFunction(fn) }, stack);
      // THEN the event source is created and the variables it needs are available to set
      // The name is derived from the ARN CDK built for the import, hence an Fn::Select.
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'] });
      expect(Object.keys(backoff.consumerEnvironment)).toEqual(
        expect.arrayContaining([ENV.policy, ENV.maxAttempts, ENV.queueUrl, ENV.deadLetterQueueUrl, ENV.stateMachineArn]),
      );
    });
  });

  it('exposes the queues, the state machine, the consumer and the alarms', () => {
    const stack = newStack();
    const backoff = new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }) });
    expect(backoff.queue).toBeInstanceOf(sqs.Queue);
    expect(backoff.deadLetterQueue).toBeInstanceOf(sqs.Queue);
    expect(stack.resolve(backoff.stateMachine!.stateMachineArn)).toEqual({ Ref: onlyLogicalIdOf(Template.fromStack(stack), 'AWS::StepFunctions::StateMachine') });
    expect(backoff.consumer).toBeInstanceOf(lambda.Function);
    expect(Object.keys(backoff.alarms).sort()).toEqual([
      'composite', 'consumerErrors', 'consumerThrottles', 'deadLetterArrivals', 'deadLetterMessages', 'deadLettersByReason',
      'executionsFailed', 'executionsThrottled', 'executionsTimedOut', 'fallbacks', 'oldestMessageAge',
    ]);
  });
});
