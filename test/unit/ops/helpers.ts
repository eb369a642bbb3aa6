import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { bufferWriter, Clock, OpsContext } from '../../../bin/ops/context';
import { ParkInput } from '../../../lambda/contract';

export const STACK = 'SqsBackoffDemo';
export const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/work';
export const DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq';
export const SM_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Retry';
export const NOW = new Date('2026-05-01T10:00:00.000Z');

export const OUTPUTS: Record<string, string> = {
  QueueUrl: QUEUE_URL,
  DeadLetterQueueUrl: DLQ_URL,
  StateMachineArn: SM_ARN,
  ProcessedQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/processed',
  DeadLetterMessagesAlarmName: 'Demo-DeadLetterMessages',
  ConsumerErrorsAlarmName: 'Demo-ConsumerErrors',
};

/** A clock that stands still unless slept on, recording every sleep. */
export function fakeClock(start = NOW): Clock & { sleeps: number[] } {
  let now = start.getTime();
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => new Date(now),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

export function setup(outputs: Record<string, string> = OUTPUTS) {
  const sqs = new SQSClient({ region: 'us-east-1' });
  const sfn = new SFNClient({ region: 'us-east-1' });
  const cfn = new CloudFormationClient({ region: 'us-east-1' });
  const cloudwatch = new CloudWatchClient({ region: 'us-east-1' });
  const mocks = { sqs: mockClient(sqs), sfn: mockClient(sfn), cfn: mockClient(cfn), cloudwatch: mockClient(cloudwatch) };
  // An endpoint without the runtime's metrics (as the emulators are), unless a test says otherwise.
  mocks.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
  mocks.cfn.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: STACK,
        StackStatus: 'CREATE_COMPLETE',
        CreationTime: NOW,
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  });
  mocks.cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
  const out = bufferWriter();
  const clock = fakeClock();
  const ctx: OpsContext = { clients: { sqs, sfn, cfn, cloudwatch }, out, clock, region: 'us-east-1' };
  return { ctx, out, clock, mocks };
}

export function parkInput(overrides: Partial<ParkInput['backoff']> & { delaySeconds?: number; body?: string } = {}): ParkInput {
  const { delaySeconds = 60, body = '{"id":"x"}', ...backoff } = overrides;
  const metadata = {
    attempt: 2,
    firstReceivedAt: '2026-05-01T09:59:00.000Z',
    originalMessageId: 'msg-1',
    lastError: { name: 'Error', message: 'downstream timeout' },
    ...backoff,
  };
  return {
    queueUrl: QUEUE_URL,
    body,
    attributes: {
      tenant: { DataType: 'String', StringValue: 'acme' },
      blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]).toString('base64') },
      'x-backoff': { DataType: 'String', StringValue: JSON.stringify(metadata) },
    },
    deadLetterAttributes: {
      tenant: { DataType: 'String', StringValue: 'acme' },
      blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]).toString('base64') },
      'x-backoff': { DataType: 'String', StringValue: JSON.stringify({ ...metadata, reason: 'requeue-failed', attempts: metadata.attempt }) },
    },
    backoff: metadata,
    delaySeconds,
  };
}

export function executionArn(name: string): string {
  return `arn:aws:states:us-east-1:123456789012:execution:Retry:${name}`;
}

/** An AWS-style service error. */
export function awsError(name: string, message = name, status = 400): Error {
  const err = new Error(message) as Error & { $metadata: object; $fault: string };
  err.name = name;
  err.$metadata = { httpStatusCode: status };
  err.$fault = 'client';
  return err;
}
