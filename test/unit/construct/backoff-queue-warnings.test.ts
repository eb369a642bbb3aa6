/**
 * Problems that should not stop a synth are warnings with a stable `sqs-backoff:<id>`.
 */
import { Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { BackoffConsumer, BackoffPolicy, BackoffQueueProps, RetryTransport } from '../../../lib';
import { buildBackoffQueue, newStack } from '../../helpers/stack';

const PATH = '/TestStack/Orders';

function warningsOf(props: Partial<BackoffQueueProps>, stack = newStack()): Annotations {
  buildBackoffQueue(props, stack);
  return Annotations.fromStack(stack);
}

/** Warnings carry their id as `[ack: <id>]`, which makes them acknowledgeable. */
const withId = (id: string, text: string) => Match.stringLikeRegexp(`${text}.*\\[ack: ${id}\\]`);

const fixedSeconds = (seconds: number) => BackoffPolicy.fixed({ base: Duration.seconds(seconds) });

describe('BackoffQueue warnings', () => {
  it('warns when a wait is longer than the visibility fallback carries (42,000 s), saying what happens then', () => {
    warningsOf({ transport: RetryTransport.stepFunctions(), policy: fixedSeconds(42_001) }).hasWarning(
      PATH,
      withId(
        'sqs-backoff:visibilityFallbackGap',
        'policy: the wait after failure 1 can reach 42001 s, longer than the visibility fallback of step-functions carries \\(42000 s: SQS counts the 12 hours from the receive.*is dead-lettered too-large, never retried early',
      ),
    );
  });

  it('does not warn about the visibility fallback at 42,000 s, nor without the fallback', () => {
    warningsOf({ transport: RetryTransport.stepFunctions(), policy: fixedSeconds(42_000) }).hasNoWarning(PATH, Match.stringLikeRegexp('visibilityFallbackGap'));
    warningsOf({ transport: RetryTransport.stepFunctions({ fallbackToVisibilityTimeout: false }), policy: fixedSeconds(86_400) }).hasNoWarning(
      PATH,
      Match.stringLikeRegexp('visibilityFallbackGap'),
    );
  });

  it('warns when maxReceiveCount is below 3', () => {
    warningsOf({ maxReceiveCount: 2, transport: RetryTransport.sqsDelay() }).hasWarning(
      PATH,
      withId('sqs-backoff:lowMaxReceiveCount', 'maxReceiveCount 2 is below 3: a throttled consumer or a failed park may let SQS redrive'),
    );
  });

  it('does not warn at maxReceiveCount 3', () => {
    warningsOf({ maxReceiveCount: 3, transport: RetryTransport.sqsDelay() }).hasNoWarning(PATH, Match.stringLikeRegexp('lowMaxReceiveCount'));
  });

  it('warns that a FIFO queue loses ordering on retries through Step Functions', () => {
    warningsOf({ queueProps: { fifo: true }, transport: RetryTransport.stepFunctions() }).hasWarning(
      PATH,
      withId('sqs-backoff:fifoOrdering', 'FIFO queue: a parked message leaves its message group'),
    );
  });

  it('warns that an existing queue keeps its own redrive policy', () => {
    const stack = newStack();
    warningsOf({ queue: new sqs.Queue(stack, 'Existing', { visibilityTimeout: Duration.minutes(3) }) }, stack).hasWarning(
      PATH,
      withId('sqs-backoff:existingQueueRedrive', 'the redrive policy of an existing queue cannot be set here.*maxReceiveCount 6'),
    );
  });

  it('does not warn about FIFO ordering with the default FIFO transport, which keeps order', () => {
    warningsOf({ queueProps: { fifo: true } }).hasNoWarning(PATH, Match.stringLikeRegexp('fifoOrdering'));
  });

  it('tells the owner of an imported consumer without Step Functions to grant sqs:SendMessage on the work queue for sqsDelay', () => {
    const stack = newStack();
    const consumer = BackoffConsumer.fromFunction(lambda.Function.fromFunctionName(stack, 'Imported', 'orders-consumer'));
    warningsOf({ consumer, transport: RetryTransport.sqsDelay() }, stack).hasWarning(
      PATH,
      withId('sqs-backoff:consumerEnvironment', 'grant its role sqs:ReceiveMessage and sqs:DeleteMessage on the work queue, sqs:SendMessage on the work queue and sqs:SendMessage on the dead-letter queue'),
    );
  });

  it('warns that an imported consumer needs its environment and grants set by its owner', () => {
    const stack = newStack();
    const consumer = BackoffConsumer.fromFunction(lambda.Function.fromFunctionName(stack, 'Imported', 'orders-consumer'));
    warningsOf({ consumer }, stack).hasWarning(
      PATH,
      withId(
        'sqs-backoff:consumerEnvironment',
        'an imported consumer cannot be given environment variables: set BACKOFF_POLICY.*grant its role sqs:ReceiveMessage and sqs:DeleteMessage on the work queue, states:StartExecution on the retry state machine and sqs:SendMessage on the dead-letter queue',
      ),
    );
  });

  it('warns that the visibility timeout of an imported consumer is a guess', () => {
    const stack = newStack();
    const consumer = BackoffConsumer.fromFunction(lambda.Function.fromFunctionName(stack, 'Imported', 'orders-consumer'));
    warningsOf({ consumer }, stack).hasWarning(
      PATH,
      withId('sqs-backoff:unknownConsumerTimeout', 'the timeout of an imported consumer is unknown: the visibility timeout defaults to 3 minutes'),
    );
  });

  it('stays silent with the defaults', () => {
    expect(warningsOf({}).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('warns that a policy whose wait is always 0 s is a hot retry loop', () => {
    // GIVEN base 0: every exponential wait is 0 · 2^n
    warningsOf({ policy: BackoffPolicy.exponential({ base: Duration.seconds(0) }) }).hasWarning(
      PATH,
      withId('sqs-backoff:zeroWait', 'policy: the wait after failure 1 is always 0 s: a failing message is retried at once, a hot loop'),
    );
  });

  it('does not warn about zero waits when only jitter can draw 0 s', () => {
    warningsOf({ policy: BackoffPolicy.fullJitter({ base: Duration.seconds(1), cap: Duration.seconds(10) }) }).hasNoWarning(
      PATH,
      Match.stringLikeRegexp('zeroWait'),
    );
  });
});
