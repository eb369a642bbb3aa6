/**
 * The retry state machine's definition (parsed from the Fn::Join'ed DefinitionString), its
 * type, logging and tracing, and what its role may do.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { REQUEUE_FAILED_ERROR, RETRY_STATE_NAMES, RetryStateMachine } from '../../../lib';
import {
  AslDefinition,
  grantsOf,
  newStack,
  onlyLogicalIdOf,
  renderIntrinsic,
  roleOf,
  stateMachineDefinition,
  synthBackoffQueue,
  SYNTH_TIMEOUT_MS,
} from '../../helpers/stack';

const { wait, requeue, deadLetter, failed } = RETRY_STATE_NAMES;

describe('RetryStateMachine definition', () => {
  let template: Template;
  let asl: AslDefinition;
  let deadLetterQueueId: string;

  beforeAll(() => {
    // GIVEN a BackoffQueue with defaults
    ({ template } = synthBackoffQueue());
    asl = stateMachineDefinition(template);
    deadLetterQueueId = onlyLogicalIdOf(template, 'AWS::SQS::Queue', { MessageRetentionPeriod: 1_209_600 });
  }, SYNTH_TIMEOUT_MS);

  it('starts with a Wait that reads its seconds from $.delaySeconds', () => {
    expect(asl.StartAt).toBe(wait);
    expect(asl.States[wait]).toEqual({ Type: 'Wait', SecondsPath: '$.delaySeconds', Next: requeue });
  });

  it('requeues with the optimized sqs:sendMessage integration, body and attributes taken from the input as is', () => {
    expect(asl.States[requeue]).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage',
      Parameters: { 'QueueUrl.$': '$.queueUrl', 'MessageBody.$': '$.body', 'MessageAttributes.$': '$.attributes' },
      End: true,
    });
  });

  it('never JSON-encodes the body a second time (no States.JsonToString, no literal MessageBody)', () => {
    const parameters = asl.States[requeue].Parameters as Record<string, string>;
    expect(Object.keys(parameters)).not.toContain('MessageBody');
    expect(JSON.stringify(asl)).not.toContain('States.JsonToString');
  });

  it.each([requeue, deadLetter])('retries %s on every error with backoff and FULL jitter', (state) => {
    expect(asl.States[state].Retry).toEqual([
      { ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 6, BackoffRate: 2, MaxDelaySeconds: 30, JitterStrategy: 'FULL' },
    ]);
  });

  it.each([requeue, deadLetter])('bounds each %s attempt to 60 s, so what follows the Wait ends within the hour kept before the year', (state) => {
    expect(asl.States[state].TimeoutSeconds).toBe(60);
  });

  it('catches a requeue that still fails into DeadLetter, keeping the input beside the error', () => {
    expect(asl.States[requeue].Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.requeueError', Next: deadLetter }]);
  });

  it('sends the body with the dead-letter attributes to this construct’s dead-letter queue', () => {
    expect(asl.States[deadLetter]).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage',
      Parameters: {
        QueueUrl: `\${${deadLetterQueueId}}`,
        'MessageBody.$': '$.body',
        'MessageAttributes.$': '$.deadLetterAttributes',
      },
      Next: failed,
    });
  });

  it('fails the execution after dead-lettering, so the executions-failed alarm sees it', () => {
    expect(asl.States[failed]).toMatchObject({ Type: 'Fail', Error: REQUEUE_FAILED_ERROR });
  });

  it('has exactly these four states', () => {
    expect(Object.keys(asl.States).sort()).toEqual([wait, requeue, deadLetter, failed].sort());
  });

  it('is a Standard workflow with X-Ray tracing', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
    });
  });

  it('logs every state transition to its own log group without execution data', () => {
    const logGroupId = onlyLogicalIdOf(template, 'AWS::Logs::LogGroup', { LogGroupName: Match.anyValue() });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] } } }],
      },
    });
  });

  it('names its log group under /aws/vendedlogs/states/, unique per stack instance so a retained group cannot collide', () => {
    const group = Object.values(template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: Match.anyValue() } }))[0];
    expect(renderIntrinsic(group.Properties.LogGroupName)).toBe(
      '/aws/vendedlogs/states/TestStackOrdersRetryStateMachine10E0A812-select(2,split(/,${AWS::StackId}))',
    );
  });

  it('lets its role send messages to the work queue and the dead-letter queue only', () => {
    const machineId = onlyLogicalIdOf(template, 'AWS::StepFunctions::StateMachine');
    const role = roleOf(template, 'AWS::StepFunctions::StateMachine', machineId);
    const queueId = onlyLogicalIdOf(template, 'AWS::SQS::Queue', { MessageRetentionPeriod: 345_600 });
    const sqsGrants = grantsOf(template, role).filter((grant) => grant.actions.some((action) => action.startsWith('sqs:')));
    expect(sqsGrants).toEqual([
      { actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], resources: [`\${${queueId}.Arn}`] },
      { actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], resources: [`\${${deadLetterQueueId}.Arn}`] },
    ]);
  });
});

describe('RetryStateMachine for FIFO queues', () => {
  let asl: AslDefinition;

  beforeAll(() => {
    // GIVEN a standalone RetryStateMachine over two FIFO queues
    const stack = newStack();
    const queue = new sqs.Queue(stack, 'Work', { fifo: true });
    const deadLetterQueue = new sqs.Queue(stack, 'Dead', { fifo: true });
    new RetryStateMachine(stack, 'Retry', { queue, deadLetterQueue, fifo: true });
    asl = stateMachineDefinition(Template.fromStack(stack));
  }, SYNTH_TIMEOUT_MS);

  it.each([requeue, deadLetter])('%s passes the group and deduplication ids from the input', (state) => {
    expect(asl.States[state].Parameters).toMatchObject({
      'MessageGroupId.$': '$.messageGroupId',
      'MessageDeduplicationId.$': '$.messageDeduplicationId',
    });
  });
});

describe('RetryStateMachine static members', () => {
  it('name the states and the error as every jsii language reads them', () => {
    expect([
      RetryStateMachine.WAIT_STATE_NAME,
      RetryStateMachine.REQUEUE_STATE_NAME,
      RetryStateMachine.DEAD_LETTER_STATE_NAME,
      RetryStateMachine.FAILED_STATE_NAME,
      RetryStateMachine.REQUEUE_FAILED_ERROR,
    ]).toEqual(['WaitForBackoff', 'Requeue', 'DeadLetter', 'RequeueFailed', 'Backoff.RequeueFailed']);
  });
});
