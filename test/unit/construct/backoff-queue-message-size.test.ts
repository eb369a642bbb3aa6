/**
 * Message size limits: both queues carry an explicit `MaximumMessageSize` (SQS's default is
 * 256 KiB, not the 1 MiB the runtime can handle), the dead-letter queue always takes what the
 * work queue takes plus room for `x-backoff`, and the consumer is told both limits.
 */
import { Size } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../../lambda/contract';
import { BackoffQueueProps, BackoffValidationError } from '../../../lib';
import { buildBackoffQueue, newStack, synthBackoffQueue } from '../../helpers/stack';

const environmentOf = (props: Partial<BackoffQueueProps>, stack = newStack()) => {
  const { template } = synthBackoffQueue(props, stack);
  return Object.values(template.findResources('AWS::Lambda::Function'))[0].Properties.Environment.Variables as Record<string, unknown>;
};

function expectRejected(props: Partial<BackoffQueueProps>, message: string): void {
  const build = () => buildBackoffQueue(props);
  expect(build).toThrow(BackoffValidationError);
  expect(build).toThrow(message);
}

describe('BackoffQueue message size', () => {
  it('sets maxMessageSize 256 KiB on the work queue and 256 KiB + 2 KiB on the dead-letter queue', () => {
    // WHEN the work queue is asked for SQS's default size
    const { template } = synthBackoffQueue({ maxMessageSize: Size.kibibytes(256) });
    // THEN the DLQ keeps 2,048 bytes of room for x-backoff above it
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.anyValue(), MaximumMessageSize: 262_144 });
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.absent(), MaximumMessageSize: 264_192 });
  });

  it('tells the consumer both limits in bytes', () => {
    const environment = environmentOf({ maxMessageSize: Size.kibibytes(64) });
    expect(environment[ENV.maxMessageBytes]).toBe('65536');
    expect(environment[ENV.deadLetterMaxMessageBytes]).toBe('67584');
  });

  it('sets MaximumMessageSize 1 MiB on both queues of a FIFO pair', () => {
    const { template } = synthBackoffQueue({ queueProps: { fifo: true } });
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    expect(queues.map((queue) => [queue.Properties.FifoQueue, queue.Properties.MaximumMessageSize])).toEqual([
      [true, 1_048_576],
      [true, 1_048_576],
    ]);
  });

  it('takes a larger deadLetterMaxMessageSize than the least it needs', () => {
    const { template } = synthBackoffQueue({ maxMessageSize: Size.kibibytes(100), deadLetterMaxMessageSize: Size.kibibytes(512) });
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.absent(), MaximumMessageSize: 524_288 });
  });

  it('assumes SQS default 256 KiB for an existing queue, whose size it cannot read', () => {
    const stack = newStack();
    const queue = new sqs.Queue(stack, 'Existing');
    const environment = environmentOf({ queue }, stack);
    expect(environment[ENV.maxMessageBytes]).toBe('262144');
    expect(environment[ENV.deadLetterMaxMessageBytes]).toBe('264192');
  });

  it('takes the declared size of an existing queue', () => {
    const stack = newStack();
    const queue = new sqs.Queue(stack, 'Existing', { maxMessageSizeBytes: 1_048_576 });
    const environment = environmentOf({ queue, maxMessageSize: Size.mebibytes(1) }, stack);
    expect(environment[ENV.maxMessageBytes]).toBe('1048576');
  });

  describe('validation', () => {
    it('rejects maxMessageSize below 1 KiB', () => {
      expectRejected({ maxMessageSize: Size.bytes(1023) }, 'maxMessageSize (bytes) must be between 1024 and 1048576 (given 1023)');
    });
    it('rejects maxMessageSize above 1 MiB', () => {
      expectRejected({ maxMessageSize: Size.bytes(1_048_577) }, 'maxMessageSize (bytes) must be between 1024 and 1048576 (given 1048577)');
    });
    it('rejects a fraction of a byte', () => {
      expectRejected({ maxMessageSize: Size.kibibytes(1.0001) }, 'maxMessageSize (bytes) must be a whole number between 1024 and 1048576');
    });
    it('accepts both ends of the range', () => {
      expect(() => buildBackoffQueue({ maxMessageSize: Size.kibibytes(1) })).not.toThrow();
      expect(() => buildBackoffQueue({ maxMessageSize: Size.mebibytes(1) })).not.toThrow();
    });
    it('rejects a dead-letter queue without room for the work queue message and x-backoff', () => {
      expectRejected(
        { maxMessageSize: Size.kibibytes(256), deadLetterMaxMessageSize: Size.kibibytes(256) },
        'deadLetterMaxMessageSize must be at least 264192 bytes (maxMessageSize 262144 + 2048 for x-backoff, at most 1048576) and at most 1048576 bytes, so that every dead-letter copy fits (given 262144)',
      );
    });
    it('accepts a dead-letter queue with exactly the room it needs', () => {
      expect(() => buildBackoffQueue({ maxMessageSize: Size.kibibytes(256), deadLetterMaxMessageSize: Size.bytes(264_192) })).not.toThrow();
    });
    it('rejects deadLetterMaxMessageSize above 1 MiB', () => {
      expectRejected({ deadLetterMaxMessageSize: Size.bytes(1_048_577) }, 'deadLetterMaxMessageSize (bytes) must be between 1024 and 1048576 (given 1048577)');
    });
  });
});
