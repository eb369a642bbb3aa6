/**
 * On a FIFO queue retried by visibility timeout the runtime counts attempts from receipts, and a
 * message held behind a failing one of its group is received with it each time: one message per
 * batch keeps each receipt an attempt.
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, it } from 'vitest';
import { BackoffConsumer, BackoffQueueProps, RetryTransport } from '../../../lib';
import { FIXTURE_ENTRY, newStack, synthBackoffQueue } from '../../helpers/stack';

const FIFO = { queueProps: { fifo: true } } as const;
const HELD_RECEIPTS = Match.stringLikeRegexp('FIFO queue with consumer.batchSize 5: messages held behind a failing message.*\\[ack: sqs-backoff:fifoHeldReceipts\\]');

function annotationsOf(props: Partial<BackoffQueueProps>): Annotations {
  const stack = newStack();
  synthBackoffQueue(props, stack);
  return Annotations.fromStack(stack);
}

describe('batch size on a FIFO queue', () => {
  it('defaults to 1 when FIFO retries wait by visibility timeout (the FIFO default transport)', () => {
    // GIVEN a FIFO queue and no batch size WHEN synthesized THEN one message per batch
    synthBackoffQueue(FIFO).template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 1 });
  });

  it('stays 10 on a FIFO queue whose retries go through Step Functions', () => {
    synthBackoffQueue({ ...FIFO, transport: RetryTransport.stepFunctions({ fallbackToVisibilityTimeout: false }) })
      .template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10 });
  });

  it('stays 10 on a standard queue retried by visibility timeout', () => {
    synthBackoffQueue({ transport: RetryTransport.visibilityTimeout() })
      .template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10 });
  });

  it('warns that held messages count receipts as attempts when a FIFO batch size above 1 is chosen', () => {
    annotationsOf({ ...FIFO, consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY, batchSize: 5 }) }).hasWarning('/TestStack/Orders', HELD_RECEIPTS);
  });

  it('does not warn about held receipts at FIFO batch size 1', () => {
    annotationsOf({ ...FIFO, consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY, batchSize: 1 }) }).hasNoWarning('/TestStack/Orders', HELD_RECEIPTS);
  });
});
