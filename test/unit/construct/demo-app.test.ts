/**
 * The example app: the stack `cdk synth` builds from bin/app.ts, its fixed outputs, and its
 * CDK context (defaults, overrides, and bad values naming their key).
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../../lambda/contract';
import { DEMO_OUTPUTS, DemoStack, PROCESSED_QUEUE_URL_ENV, buildDemoApp } from '../../../bin/demo-stack';
import { BackoffValidationError } from '../../../lib';
import { SYNTH_TIMEOUT_MS, grantsOf, onlyLogicalIdOf, roleOf } from '../../helpers/stack';

/** The app as `cdk synth -c key=value` would build it (context values arrive as strings), without esbuild. */
function demoApp(context: Record<string, string> = {}): DemoStack {
  return buildDemoApp(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }));
}

const environmentOf = (template: Template): Record<string, any> =>
  Object.values(template.findResources('AWS::Lambda::Function'))[0].Properties.Environment.Variables;

describe('demo app with default context', () => {
  let stack: DemoStack;
  let template: Template;

  beforeAll(() => {
    stack = demoApp();
    template = Template.fromStack(stack);
  }, SYNTH_TIMEOUT_MS);

  it('is one stack named SqsBackoffDemo', () => {
    expect(stack.stackName).toBe('SqsBackoffDemo');
    expect((stack.node.root as App).node.children.filter((child) => child instanceof DemoStack)).toHaveLength(1);
  });

  it('outputs QueueUrl, DeadLetterQueueUrl, StateMachineArn and ProcessedQueueUrl from the right resources', () => {
    const processed = onlyLogicalIdOf(template, 'AWS::SQS::Queue', { MessageRetentionPeriod: 86_400 });
    const queue = onlyLogicalIdOf(template, 'AWS::SQS::Queue', { RedrivePolicy: Match.anyValue() });
    const deadLetterQueue = onlyLogicalIdOf(template, 'AWS::SQS::Queue', { MessageRetentionPeriod: 1_209_600 });
    const stateMachine = onlyLogicalIdOf(template, 'AWS::StepFunctions::StateMachine');
    template.hasOutput('QueueUrl', { Value: { Ref: queue } });
    template.hasOutput('DeadLetterQueueUrl', { Value: { Ref: deadLetterQueue } });
    template.hasOutput('StateMachineArn', { Value: { Ref: stateMachine } });
    template.hasOutput('ProcessedQueueUrl', { Value: { Ref: processed } });
  });

  it('also outputs the consumer, the policy, the limits and the four alarm names for tools', () => {
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual(Object.values(DEMO_OUTPUTS).sort());
    template.hasOutput('BackoffPolicy', { Value: '{"kind":"exponential","base":1,"cap":8}' });
    template.hasOutput('MaxAttempts', { Value: '4' });
    template.hasOutput('MaxReceiveCount', { Value: '5' });
    template.hasOutput('Transport', { Value: 'step-functions' });
  });

  it('keeps a local run short: exponential 1 s capped at 8 s, 4 attempts, 5-second timeout, 30-second visibility', () => {
    const environment = environmentOf(template);
    expect(JSON.parse(environment[ENV.policy])).toEqual({ kind: 'exponential', base: 1, cap: 8 });
    expect(environment[ENV.maxAttempts]).toBe('4');
    expect(environment[ENV.maxReceiveCount]).toBe('5');
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 5 });
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 30, RedrivePolicy: { maxReceiveCount: 5 } });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10, MaximumBatchingWindowInSeconds: Match.absent() });
  });

  it('wraps the example consumer, which reads PROCESSED_QUEUE_URL', () => {
    const processed = onlyLogicalIdOf(template, 'AWS::SQS::Queue', { MessageRetentionPeriod: 86_400 });
    expect(environmentOf(template)[PROCESSED_QUEUE_URL_ENV]).toEqual({ Ref: processed });
  });

  it('encrypts the processed queue and refuses non-TLS access to it', () => {
    const processed = onlyLogicalIdOf(template, 'AWS::SQS::Queue', { MessageRetentionPeriod: 86_400 });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 86_400, SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: processed }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('lets the consumer send to the processed queue', () => {
    const processed = onlyLogicalIdOf(template, 'AWS::SQS::Queue', { MessageRetentionPeriod: 86_400 });
    const role = roleOf(template, 'AWS::Lambda::Function', onlyLogicalIdOf(template, 'AWS::Lambda::Function'));
    expect(grantsOf(template, role)).toContainEqual({
      actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      resources: [`\${${processed}.Arn}`],
    });
  });

  it('destroys every queue and log group with the stack', () => {
    const resources = [
      ...Object.values(template.findResources('AWS::SQS::Queue')),
      ...Object.values(template.findResources('AWS::Logs::LogGroup')),
    ];
    expect(resources).toHaveLength(5);
    resources.forEach((resource) => expect(resource.DeletionPolicy).toBe('Delete'));
  });
});

describe('demo app context', () => {
  it('stackName renames the stack', () => {
    expect(demoApp({ stackName: 'MyDemo' }).stackName).toBe('MyDemo');
  });

  it('policy, base, step, cap, maxAttempts, maxReceiveCount, timeout, maxElapsed shape the BackoffQueue', () => {
    const template = Template.fromStack(
      demoApp({ policy: 'fixed', base: '2', step: '1', cap: '5', maxAttempts: '6', maxReceiveCount: '7', timeout: '10', maxElapsed: '120' }),
    );
    const environment = environmentOf(template);
    expect(JSON.parse(environment[ENV.policy])).toEqual({ kind: 'fixed', base: 2, step: 1, cap: 5 });
    expect(environment).toMatchObject({ [ENV.maxAttempts]: '6', [ENV.maxReceiveCount]: '7', [ENV.maxElapsedSeconds]: '120' });
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 10 });
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 60, RedrivePolicy: { maxReceiveCount: 7 } });
  });

  it.each([
    ['step-functions', true],
    ['visibility-timeout', false],
    ['sqs-delay', false],
    ['auto', true],
  ])('transport=%s sets BACKOFF_TRANSPORT and the Transport output; StateMachineArn only with a state machine (%s)', (name, withStateMachine) => {
    const template = Template.fromStack(demoApp({ transport: name }));
    expect(environmentOf(template)[ENV.transport]).toBe(name);
    template.hasOutput('Transport', { Value: name });
    expect(Object.keys(template.findOutputs('StateMachineArn'))).toHaveLength(withStateMachine ? 1 : 0);
    expect(Object.keys(template.findOutputs('ExecutionsFailedAlarmName'))).toHaveLength(withStateMachine ? 1 : 0);
    expect(Object.keys(template.findResources('AWS::StepFunctions::StateMachine'))).toHaveLength(withStateMachine ? 1 : 0);
  });

  it('fifo=true makes both BackoffQueue queues FIFO, carried by visibility timeout, with no state machine', () => {
    const template = Template.fromStack(demoApp({ fifo: 'true' }));
    expect(Object.values(template.findResources('AWS::SQS::Queue', { Properties: { FifoQueue: true } }))).toHaveLength(2);
    template.hasOutput('Transport', { Value: 'visibility-timeout' });
    expect(Object.keys(template.findOutputs('StateMachineArn'))).toEqual([]);
  });

  it('fifo=false keeps standard queues', () => {
    const template = Template.fromStack(demoApp({ fifo: 'false' }));
    expect(Object.keys(template.findResources('AWS::SQS::Queue', { Properties: { FifoQueue: true } }))).toEqual([]);
  });

  it('factor is the exponential growth factor', () => {
    const environment = environmentOf(Template.fromStack(demoApp({ factor: '3' })));
    expect(JSON.parse(environment[ENV.policy])).toEqual({ kind: 'exponential', base: 1, factor: 3, cap: 8 });
  });

  it('step-functions maps base, factor, cap and jitter onto interval, rate, maxDelay and jitter', () => {
    const environment = environmentOf(Template.fromStack(demoApp({ policy: 'step-functions', base: '2', factor: '3', cap: '20', jitter: 'FULL' })));
    expect(JSON.parse(environment[ENV.policy])).toEqual({ kind: 'step-functions', interval: 2, rate: 3, maxDelay: 20, jitter: 'FULL' });
  });

  it('visibilityTimeout, batchSize and maxBatchingWindow tune the queue and the event source', () => {
    const template = Template.fromStack(demoApp({ visibilityTimeout: '45', batchSize: '50', maxBatchingWindow: '1' }));
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 45, RedrivePolicy: Match.anyValue() });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 50, MaximumBatchingWindowInSeconds: 1 });
  });

  it.each([
    [{ maxAttempts: 'abc' }, 'context maxAttempts must be a finite number (given "abc")'],
    [{ base: '' }, 'context base must be a finite number of seconds (given "")'],
    [{ policy: 'linear' }, 'context policy must be one of fixed, exponential, random, full-jitter, equal-jitter, decorrelated-jitter, step-functions (given "linear")'],
    [{ jitter: 'HALF' }, 'context jitter must be FULL or NONE (given "HALF")'],
    [{ transport: 'kafka' }, 'context transport must be one of step-functions, visibility-timeout, sqs-delay, auto (given "kafka")'],
    [{ fifo: 'yes' }, 'context fifo must be true or false (given "yes")'],
    [{ fifo: 'true', transport: 'sqs-delay' }, 'context transport: transport must be stepFunctions, visibilityTimeout or auto for a FIFO queue'],
    [{ maxReceiveCount: '4' }, 'context maxReceiveCount: maxReceiveCount must be at least maxAttempts + 1 (5) with the step-functions transport'],
    [{ maxAttempts: '0' }, 'context maxAttempts: maxAttempts must be between 1 and 100 (given 0)'],
    [{ maxReceiveCount: '2000' }, 'context maxReceiveCount: maxReceiveCount must be between 1 and 1000 (given 2000)'],
    [{ timeout: '0' }, 'context timeout: consumer.timeout must be between 1 second and 15 minutes (given 0 seconds)'],
    [
      { visibilityTimeout: '10' },
      'context visibilityTimeout: queueProps.visibilityTimeout must be between 30 seconds (6 × consumer.timeout) and 12 hours (given 10 seconds)',
    ],
    [{ batchSize: '20' }, 'context maxBatchingWindow: consumer.maxBatchingWindow must be between 1 second and 5 minutes when consumer.batchSize is above 10 (given 0 seconds with batchSize 20)'],
    [{ base: '10', cap: '5' }, 'context cap: cap must be ≥ base (10 s) (given 5)'],
    [{ maxAtempts: '0' }, 'unknown context key "maxAtempts" — did you mean maxAttempts? (known keys: stackName, policy, base,'],
    [{ policy: 'full-jitter', factor: '3' }, 'context factor: factor does not apply to policy full-jitter (it reads base, cap)'],
  ])('rejects %j naming the context key', (context, message) => {
    const build = () => demoApp(context);
    expect(build).toThrow(BackoffValidationError);
    expect(build).toThrow(message);
  });
});

describe('demo app: what an operator sees (issue 25)', () => {
  it('has the dashboard, eleven configurable alarms and their composite, and three saved queries', () => {
    const template = Template.fromStack(demoApp());
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm')).length).toBeGreaterThanOrEqual(8);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 11);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1);
    template.resourceCountIs('AWS::Logs::QueryDefinition', 3);
  }, SYNTH_TIMEOUT_MS);

  it('emulator=true (deploy:local) leaves out what MiniStack cannot create: the composite alarm and the saved queries', () => {
    const template = Template.fromStack(demoApp({ emulator: 'true' }));
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 11);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
    template.resourceCountIs('AWS::Logs::QueryDefinition', 0);
  }, SYNTH_TIMEOUT_MS);
});
