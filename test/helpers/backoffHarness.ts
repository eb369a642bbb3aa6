import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SQSClient, SendMessageCommand, SendMessageCommandInput } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { BACKOFF_ATTRIBUTE, BackoffMetadata, ParkInput } from '../../lambda/contract';
import { BackoffHandler, BackoffOptions, RuntimeConfig, withBackoff } from '../../lambda/runtime';
import { lambdaContext } from './lambdaContext';
import { MemoryLogger } from './memoryLogger';

export const TEST_CONFIG: RuntimeConfig = Object.freeze<RuntimeConfig>({
  policy: { kind: 'exponential', base: 2, cap: 300 },
  maxAttempts: 4,
  maxReceiveCount: 5,
  queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/work',
  deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/work-dlq',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:retry',
  // The construct's defaults: both queues at SQS's 1 MiB maximum.
  maxMessageBytes: 1024 * 1024,
  deadLetterMaxMessageBytes: 1024 * 1024,
});

/** The step-functions transport without its visibility-timeout fallback: the behaviour before transports existed. */
export const NO_FALLBACK_CONFIG: RuntimeConfig = Object.freeze<RuntimeConfig>({ ...TEST_CONFIG, visibilityFallback: false });

/**
 * `withBackoff` around a handler with mocked SQS and Step Functions clients (both answering
 * success unless a test says otherwise), a memory logger and the test configuration.
 */
export function backoffHarness(handler: BackoffHandler, options: BackoffOptions = {}) {
  const sqs = new SQSClient({ region: 'us-east-1' });
  const sfn = new SFNClient({ region: 'us-east-1' });
  const sqsMock = mockClient(sqs);
  const sfnMock = mockClient(sfn);
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'dlq-message-id' });
  sfnMock.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:retry:x', startDate: new Date() });
  const logger = new MemoryLogger();
  // Metrics lines are asserted where they are the subject (metrics.test.ts), not printed by every test.
  const wrapped = withBackoff(handler, { config: TEST_CONFIG, logger, clients: { sqs, sfn }, writeMetrics: () => undefined, ...options });
  return {
    sqsMock,
    sfnMock,
    logger,
    run: (event: SQSEvent): Promise<SQSBatchResponse> => wrapped(event, lambdaContext()),
    handler: wrapped,
    /** Inputs of every StartExecution call, parsed. */
    parked: () =>
      sfnMock.commandCalls(StartExecutionCommand).map((call) => ({
        name: call.args[0].input.name!,
        stateMachineArn: call.args[0].input.stateMachineArn!,
        rawInput: call.args[0].input.input!,
        input: JSON.parse(call.args[0].input.input!) as ParkInput,
      })),
    /** Every SendMessage to the dead-letter queue, with its x-backoff parsed. */
    deadLettered: () =>
      sqsMock
        .commandCalls(SendMessageCommand)
        .map((call) => call.args[0].input)
        .filter((input) => input.QueueUrl === TEST_CONFIG.deadLetterQueueUrl)
        .map((input: SendMessageCommandInput) => ({
          input,
          backoff: input.MessageAttributes?.[BACKOFF_ATTRIBUTE]
            ? (JSON.parse(input.MessageAttributes[BACKOFF_ATTRIBUTE].StringValue!) as BackoffMetadata)
            : undefined,
        })),
  };
}

/** A handler that always throws `error`. */
export function failingWith(error: unknown): BackoffHandler {
  return () => {
    throw error;
  };
}
