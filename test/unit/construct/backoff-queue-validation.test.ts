/**
 * Every synth-time validation branch of BackoffQueue, each asserting the exact message: the
 * prop, the allowed range and the value given.
 */
import { Duration, Lazy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { BackoffConsumer, BackoffPolicy, BackoffQueueProps, BackoffValidationError } from '../../../lib';
import { FIXTURE_ENTRY, buildBackoffQueue, newStack } from '../../helpers/stack';

const ONE_YEAR = '31536000 seconds (one year, the longest Step Functions Standard execution)';

/** WHEN the props are built THEN a BackoffValidationError with exactly `message` is thrown. */
function expectRejected(props: Partial<BackoffQueueProps>, message: string): void {
  const build = () => buildBackoffQueue(props);
  expect(build).toThrow(BackoffValidationError);
  expect(build).toThrow(message);
}

const consumer = (extra: Record<string, unknown>) => ({ consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY, ...extra }) });

describe('BackoffQueue validation', () => {
  describe('maxAttempts', () => {
    it('rejects 0, below the range 1–100', () => {
      expectRejected({ maxAttempts: 0 }, 'maxAttempts must be between 1 and 100 (given 0)');
    });
    it('rejects 101, above the range 1–100', () => {
      expectRejected({ maxAttempts: 101 }, 'maxAttempts must be between 1 and 100 (given 101)');
    });
    it('rejects a fraction', () => {
      expectRejected({ maxAttempts: 2.5 }, 'maxAttempts must be a whole number between 1 and 100 (given 2.5)');
    });
    it('accepts both ends of the range', () => {
      expect(() => buildBackoffQueue({ maxAttempts: 1 })).not.toThrow();
      expect(() =>
        buildBackoffQueue({ maxAttempts: 100, policy: BackoffPolicy.fixed({ base: Duration.seconds(1) }) }),
      ).not.toThrow();
    });
    it('skips a token, which only deploy time knows', () => {
      expect(() => buildBackoffQueue({ maxAttempts: Lazy.number({ produce: () => 0 }) })).not.toThrow();
    });
  });

  describe('maxReceiveCount', () => {
    it('rejects 0, below the range 1–1000', () => {
      expectRejected({ maxReceiveCount: 0 }, 'maxReceiveCount must be between 1 and 1000 (given 0)');
    });
    it('rejects 1001, above the range 1–1000', () => {
      expectRejected({ maxReceiveCount: 1001 }, 'maxReceiveCount must be between 1 and 1000 (given 1001)');
    });
    it('rejects a fraction', () => {
      expectRejected({ maxReceiveCount: 3.5 }, 'maxReceiveCount must be a whole number between 1 and 1000 (given 3.5)');
    });
  });

  describe('consumer', () => {
    it('rejects a timeout of 0 seconds', () => {
      expectRejected(consumer({ timeout: Duration.seconds(0) }), 'consumer.timeout must be between 1 second and 15 minutes (given 0 seconds)');
    });
    it('rejects a timeout above the Lambda maximum of 15 minutes', () => {
      expectRejected(consumer({ timeout: Duration.minutes(16) }), 'consumer.timeout must be between 1 second and 15 minutes (given 16 minutes)');
    });
    it('rejects a timeout that is not whole seconds', () => {
      expectRejected(
        consumer({ timeout: Duration.millis(1500) }),
        'consumer.timeout must be a whole number of seconds between 1 second and 15 minutes (given 1.5 seconds)',
      );
    });
    it('rejects a memory size below 128 MiB', () => {
      expectRejected(consumer({ memorySize: 64 }), 'consumer.memorySize must be between 128 and 10240 (given 64)');
    });
    it('rejects a memory size above the Lambda maximum of 10,240 MiB', () => {
      expectRejected(consumer({ memorySize: 10_241 }), 'consumer.memorySize must be between 128 and 10240 (given 10241)');
    });
    it('rejects an environment that sets a BACKOFF_* variable', () => {
      expectRejected(
        consumer({ environment: { BACKOFF_MAX_ATTEMPTS: '9' } }),
        'consumer.environment must not set BACKOFF_MAX_ATTEMPTS: the construct sets every BACKOFF_POLICY, BACKOFF_MAX_ATTEMPTS, BACKOFF_MAX_ELAPSED_SECONDS, BACKOFF_MAX_RECEIVE_COUNT, BACKOFF_QUEUE_URL, BACKOFF_DEAD_LETTER_QUEUE_URL, BACKOFF_STATE_MACHINE_ARN, BACKOFF_MAX_MESSAGE_BYTES, BACKOFF_DEAD_LETTER_MAX_MESSAGE_BYTES, BACKOFF_TRANSPORT, BACKOFF_VISIBILITY_FALLBACK, BACKOFF_METRICS_NAMESPACE, BACKOFF_RETRY_RULES, BACKOFF_CLAMP_RETRY_AFTER, BACKOFF_OUTAGE_PROTECTION (given BACKOFF_MAX_ATTEMPTS=9)',
      );
    });
  });

  describe('queueProps.visibilityTimeout', () => {
    it('rejects less than 6 × the consumer timeout', () => {
      expectRejected(
        { queueProps: { visibilityTimeout: Duration.minutes(1) } },
        'queueProps.visibilityTimeout must be between 3 minutes (6 × consumer.timeout) and 12 hours (given 1 minute)',
      );
    });
    it('rejects more than the SQS maximum of 12 hours', () => {
      expectRejected(
        { queueProps: { visibilityTimeout: Duration.hours(13) } },
        'queueProps.visibilityTimeout must be between 3 minutes (6 × consumer.timeout) and 12 hours (given 13 hours)',
      );
    });
    it('measures the minimum against the timeout of an existing lambda.Function', () => {
      const stack = newStack();
      const fn = new lambda.Function(stack, 'Fn', {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => ({})'),
        timeout: Duration.minutes(2),
      });
      expect(() => buildBackoffQueue({ consumer: BackoffConsumer.fromFunction(fn), queueProps: { visibilityTimeout: Duration.minutes(11) } }, stack)).toThrow(
        'queueProps.visibilityTimeout must be between 12 minutes (6 × consumer.timeout) and 12 hours (given 11 minutes)',
      );
    });
    it('must be given when the consumer timeout is a token', () => {
      expectRejected(
        consumer({ timeout: Duration.seconds(Lazy.number({ produce: () => 30 })) }),
        'queueProps.visibilityTimeout must be given when consumer.timeout is a token, to be at least 6 × that timeout (given undefined)',
      );
    });
  });

  describe('retention', () => {
    it('rejects a work-queue retention below 60 seconds', () => {
      expectRejected(
        { queueProps: { retentionPeriod: Duration.seconds(30) } },
        'queueProps.retentionPeriod must be between 1 minute and 14 days (given 30 seconds)',
      );
    });
    it('rejects a work-queue retention above 14 days', () => {
      expectRejected(
        { queueProps: { retentionPeriod: Duration.days(15) } },
        'queueProps.retentionPeriod must be between 1 minute and 14 days (given 15 days)',
      );
    });
    it('rejects a dead-letter retention below 60 seconds', () => {
      expectRejected({ deadLetterRetention: Duration.seconds(59) }, 'deadLetterRetention must be between 1 minute and 14 days (given 59 seconds)');
    });
    it('rejects a dead-letter retention above 14 days', () => {
      expectRejected({ deadLetterRetention: Duration.days(15) }, 'deadLetterRetention must be between 1 minute and 14 days (given 15 days)');
    });
    it('rejects a dead-letter retention that is not longer than the work queue’s', () => {
      expectRejected(
        { queueProps: { retentionPeriod: Duration.days(7) }, deadLetterRetention: Duration.days(7) },
        'deadLetterRetention must be longer than queueProps.retentionPeriod (7 days) and at most 14 days (given 7 days)',
      );
    });
  });

  describe('policy schedule', () => {
    it('rejects a policy whose worst-case delay passes one year within maxAttempts', () => {
      expectRejected(
        { policy: BackoffPolicy.exponential({ base: Duration.seconds(1) }), maxAttempts: 30 },
        'policy: the wait after failure 25 can reach 33554432 s, beyond the one-year Step Functions limit of 31532400 s (an execution must end within the year; 3600 s are kept for the requeue after the Wait): set cap or lower maxAttempts (given maxAttempts 30)',
      );
    });
    it('accepts the same policy with a cap', () => {
      expect(() =>
        buildBackoffQueue({ policy: BackoffPolicy.exponential({ base: Duration.seconds(1), cap: Duration.hours(1) }), maxAttempts: 30 }),
      ).not.toThrow();
    });
    it('leaves an invalid spec to BackoffPolicy, which throws before the construct exists', () => {
      expect(() => BackoffPolicy.exponential({ base: Duration.seconds(10), cap: Duration.seconds(1) })).toThrow(
        'BackoffPolicy.exponential: cap must be ≥ base (10 s) (given 1)',
      );
    });
  });

  describe('maxElapsed', () => {
    it('rejects a limit shorter than the first delay, which would forbid every retry', () => {
      expectRejected(
        { policy: BackoffPolicy.fixed({ base: Duration.minutes(1) }), maxElapsed: Duration.seconds(30) },
        `maxElapsed must be between 1 minute (the shortest first delay of the policy) and ${ONE_YEAR} (given 30 seconds)`,
      );
    });
    it('rejects more than one year', () => {
      expectRejected(
        { maxElapsed: Duration.days(366) },
        `maxElapsed must be between 4 seconds (the shortest first delay of the policy) and ${ONE_YEAR} (given 366 days)`,
      );
    });
  });

  describe('event source', () => {
    it('rejects a batch size of 0', () => {
      expectRejected(consumer({ batchSize: 0 }), 'consumer.batchSize must be between 1 and 10000 (given 0)');
    });
    it('rejects a batch size above 10,000', () => {
      expectRejected(
        consumer({ batchSize: 10_001, maxBatchingWindow: Duration.seconds(1) }),
        'consumer.batchSize must be between 1 and 10000 (given 10001)',
      );
    });
    it('rejects a batch size above 10 on a FIFO queue', () => {
      expectRejected({ ...consumer({ batchSize: 11 }), queueProps: { fifo: true } }, 'consumer.batchSize (FIFO queue) must be between 1 and 10 (given 11)');
    });
    it('rejects a batch size above 10 without a batching window', () => {
      expectRejected(
        consumer({ batchSize: 100 }),
        'consumer.maxBatchingWindow must be between 1 second and 5 minutes when consumer.batchSize is above 10 (given 0 seconds with batchSize 100)',
      );
    });
    it('rejects a batching window above 5 minutes', () => {
      expectRejected(
        consumer({ maxBatchingWindow: Duration.seconds(301) }),
        'consumer.maxBatchingWindow must be between 0 seconds and 5 minutes (given 301 seconds)',
      );
    });
    it('rejects a batching window on a FIFO queue', () => {
      expectRejected(
        { ...consumer({ maxBatchingWindow: Duration.seconds(1) }), queueProps: { fifo: true } },
        'consumer.maxBatchingWindow must be undefined for a FIFO queue, which does not support one (given 1 second)',
      );
    });
    it('rejects a maximum concurrency of 1', () => {
      expectRejected(consumer({ maxConcurrency: 1 }), 'consumer.maxConcurrency must be between 2 and 1000 (given 1)');
    });
    it('rejects a maximum concurrency above 1,000', () => {
      expectRejected(consumer({ maxConcurrency: 1001 }), 'consumer.maxConcurrency must be between 2 and 1000 (given 1001)');
    });
  });

  describe('oldestMessageAgeThreshold', () => {
    it('rejects less than one minute', () => {
      expectRejected(
        { oldestMessageAgeThreshold: Duration.seconds(30) },
        "oldestMessageAgeThreshold must be between 1 minute and 4 days (the work queue's retention period) (given 30 seconds)",
      );
    });
    it('rejects more than the work queue keeps a message', () => {
      expectRejected(
        { oldestMessageAgeThreshold: Duration.days(5) },
        "oldestMessageAgeThreshold must be between 1 minute and 4 days (the work queue's retention period) (given 5 days)",
      );
    });
  });

  describe('existing queue', () => {
    it('rejects queueProps, which could not be applied to it', () => {
      const stack = newStack();
      const queue = new sqs.Queue(stack, 'Existing');
      expect(() => buildBackoffQueue({ queue, queueProps: { visibilityTimeout: Duration.minutes(5) } }, stack)).toThrow(
        'queueProps must be undefined when queue is given, since an existing queue is not changed (given queueProps with visibilityTimeout)',
      );
    });
  });
});
