import { ChangeMessageVisibilityCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { AwsStub } from 'aws-sdk-client-mock';
import { BACKOFF_ATTRIBUTE, BackoffMetadata, TransportName } from '../../lambda/contract';
import type { RuntimeConfig } from '../../lambda/runtime';
import { TEST_CONFIG } from './backoffHarness';

/** The FIFO twin of the test queues. */
export const FIFO_QUEUES = Object.freeze({
  queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/work.fifo',
  deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/work-dlq.fifo',
});

/** The test configuration with a transport and a constant delay of `delaySeconds` (a `fixed` policy). */
export function transportConfig(transport: TransportName, overrides: Partial<RuntimeConfig> & { delaySeconds?: number } = {}): RuntimeConfig {
  const { delaySeconds, ...rest } = overrides;
  return {
    ...TEST_CONFIG,
    transport,
    ...(delaySeconds === undefined ? {} : { policy: { kind: 'fixed', base: delaySeconds } }),
    ...rest,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SqsStub = AwsStub<any, any, any>;

/** Every ChangeMessageVisibility call's input. */
export function visibilityChanges(sqsMock: SqsStub) {
  return sqsMock.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input);
}

/** Every SendMessage to `queueUrl` (the delayed copies of sqs-delay), with its x-backoff parsed. */
export function delayedCopies(sqsMock: SqsStub, queueUrl: string = TEST_CONFIG.queueUrl) {
  return sqsMock
    .commandCalls(SendMessageCommand)
    .map((call) => call.args[0].input)
    .filter((input) => input.QueueUrl === queueUrl)
    .map((input) => ({ input, backoff: JSON.parse(input.MessageAttributes![BACKOFF_ATTRIBUTE].StringValue!) as BackoffMetadata }));
}
