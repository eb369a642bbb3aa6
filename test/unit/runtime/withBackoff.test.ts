import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSHandler } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { BACKOFF_ATTRIBUTE } from '../../../lambda/contract';
import {
  BackoffContext,
  ConfigurationError,
  DeadLetterEvent,
  NonRetryableError,
  RetryEvent,
  executionName,
  withBackoff,
} from '../../../lambda/runtime';
import { NO_FALLBACK_CONFIG, TEST_CONFIG, backoffHarness, failingWith } from '../../helpers/backoffHarness';
import { backoffMetadata, sqsEvent, sqsRecord, stringAttribute } from '../../helpers/sqsRecord';

const FIRST_RECEIVED = Date.parse('2026-01-01T00:00:00Z');

class DownstreamUnavailable extends Error {
  constructor(message = 'downstream unavailable') {
    super(message);
    this.name = 'DownstreamUnavailable';
  }
}

function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' });
}

describe('withBackoff — a handler that succeeds', () => {
  it('returns a function that fits aws-lambda\'s SQSHandler', () => {
    // compile-time check: assigning must type-check
    const handler: SQSHandler = withBackoff(() => undefined, { config: TEST_CONFIG });
    expect(typeof handler).toBe('function');
  });

  it('gives the handler a context that can be destructured and logged as plain data', async () => {
    // GIVEN a handler that destructures and serializes its context
    let destructured: unknown;
    let serialized: unknown;
    const { run } = backoffHarness((_message, context) => {
      const { attempt, firstReceivedAt, originalMessageId, receiveCount } = context;
      destructured = { attempt, firstReceivedAt, originalMessageId, receiveCount };
      serialized = JSON.parse(JSON.stringify(context));
    });
    // WHEN a second receive of a once-failed message arrives (x-backoff.attempt 1 + receive 2 − 1 = 2 failures before)
    await run(sqsEvent(sqsRecord({ receiveCount: 2, backoff: backoffMetadata({ attempt: 1, originalMessageId: 'o-1' }) })));
    // THEN both views carry the same data
    expect(destructured).toEqual({ attempt: 3, firstReceivedAt: new Date('2026-01-01T00:00:00.000Z'), originalMessageId: 'o-1', receiveCount: 2 });
    expect(serialized).toEqual({ attempt: 3, firstReceivedAt: '2026-01-01T00:00:00.000Z', originalMessageId: 'o-1', receiveCount: 2, awsRequestId: 'request-1' });
  });

  it('acknowledges the record without calling SQS or Step Functions', async () => {
    // GIVEN a handler that returns normally
    const handler = vi.fn();
    const { run, sqsMock, sfnMock } = backoffHarness(handler);
    // WHEN a batch of two records is processed
    const result = await run(sqsEvent(sqsRecord(), sqsRecord()));
    // THEN nothing is reported as failed and no AWS call was made
    expect(result).toEqual({ batchItemFailures: [] });
    expect(handler).toHaveBeenCalledTimes(2);
    expect(sqsMock.calls()).toHaveLength(0);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('gives the handler the message and a first-attempt context', async () => {
    // GIVEN a record never retried before
    let seen: { body: string; messageId: string; context: BackoffContext } | undefined;
    const { run } = backoffHarness((message, context) => {
      seen = { body: message.body, messageId: message.messageId, context };
    });
    const record = sqsRecord({ messageId: 'm-1', body: '{"id":"a"}', firstReceivedAt: FIRST_RECEIVED });
    // WHEN it is processed
    await run(sqsEvent(record));
    // THEN the context says attempt 1 of the original message
    expect(seen?.body).toBe('{"id":"a"}');
    expect(seen?.messageId).toBe('m-1');
    expect(seen?.context.attempt).toBe(1);
    expect(seen?.context.originalMessageId).toBe('m-1');
    expect(seen?.context.firstReceivedAt.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(seen?.context.receiveCount).toBe(1);
    expect(seen?.context.lambdaContext.awsRequestId).toBe('request-1');
  });
});

describe('withBackoff — a retryable failure is parked in the retry state machine', () => {
  it('starts an execution with the full park input and a deterministic name', async () => {
    // GIVEN a handler failing with an ordinary error on the first delivery
    const { run, parked, deadLettered, logger } = backoffHarness(failingWith(new DownstreamUnavailable()));
    const record = sqsRecord({ messageId: 'msg-1', body: '{"id":"order-1"}', attributes: { tenant: stringAttribute('acme') } });
    // WHEN it is processed
    const result = await run(sqsEvent(record));
    // THEN the message is acknowledged and parked once, with the policy's first delay (2·2¹ = 4 s)
    expect(result.batchItemFailures).toEqual([]);
    expect(deadLettered()).toHaveLength(0);
    const [execution] = parked();
    expect(parked()).toHaveLength(1);
    expect(execution.stateMachineArn).toBe(TEST_CONFIG.stateMachineArn);
    expect(execution.name).toBe(executionName('msg-1', 1));
    const expectedBackoff = {
      attempt: 1,
      firstReceivedAt: '2026-01-01T00:00:00.000Z',
      originalMessageId: 'msg-1',
      lastError: { name: 'DownstreamUnavailable', message: 'downstream unavailable' },
      lastDelaySeconds: 4,
    };
    expect(execution.input).toEqual({
      queueUrl: TEST_CONFIG.queueUrl,
      body: '{"id":"order-1"}',
      attributes: {
        tenant: { DataType: 'String', StringValue: 'acme' },
        [BACKOFF_ATTRIBUTE]: { DataType: 'String', StringValue: JSON.stringify(expectedBackoff) },
      },
      deadLetterAttributes: {
        tenant: { DataType: 'String', StringValue: 'acme' },
        [BACKOFF_ATTRIBUTE]: {
          DataType: 'String',
          StringValue: JSON.stringify({ ...expectedBackoff, reason: 'requeue-failed', attempts: 1 }),
        },
      },
      backoff: expectedBackoff,
      delaySeconds: 4,
    });
    expect(logger.find('parked')).toMatchObject({ level: 'info', messageId: 'msg-1', attempt: 1, delaySeconds: 4 });
  });

  it('counts attempts across requeues: x-backoff.attempt 2 makes this failure n = 3', async () => {
    // GIVEN a requeued copy whose x-backoff says two attempts failed already
    const attempts: number[] = [];
    const { run, parked } = backoffHarness((_message, context) => {
      attempts.push(context.attempt);
      throw new DownstreamUnavailable();
    });
    const record = sqsRecord({
      messageId: 'copy-3',
      backoff: backoffMetadata({ attempt: 2, originalMessageId: 'original-1', firstReceivedAt: '2025-12-31T23:59:00.000Z', lastDelaySeconds: 8 }),
    });
    // WHEN it fails again
    await run(sqsEvent(record));
    // THEN the handler saw attempt 3, and failure 3 is parked for 2·2³ = 16 s under the original id
    expect(attempts).toEqual([3]);
    const [execution] = parked();
    expect(execution.name).toBe(executionName('original-1', 3));
    expect(execution.input.delaySeconds).toBe(16);
    expect(execution.input.backoff).toMatchObject({
      attempt: 3,
      originalMessageId: 'original-1',
      firstReceivedAt: '2025-12-31T23:59:00.000Z',
      lastDelaySeconds: 16,
    });
  });

  it('feeds the previous delay to decorrelated jitter', async () => {
    // GIVEN decorrelated jitter (min(cap, base + r·(3·prev − base))) and a previous delay of 10 s
    const { run, parked } = backoffHarness(failingWith(new Error('x')), {
      config: { ...TEST_CONFIG, policy: { kind: 'decorrelated-jitter', base: 1, cap: 100 } },
      random: () => 0.5,
    });
    // WHEN the second failure is parked
    await run(sqsEvent(sqsRecord({ backoff: backoffMetadata({ attempt: 1, lastDelaySeconds: 10 }) })));
    // THEN the delay is 1 + 0.5·(30 − 1) = 15.5 → 16
    expect(parked()[0].input.delaySeconds).toBe(16);
  });

  it('keeps the history of earlier runs and names executions per run', async () => {
    // GIVEN a message redriven once from the DLQ (one history entry), failing on its first new attempt
    const history = [{ attempt: 4, firstReceivedAt: '2025-12-01T00:00:00.000Z', originalMessageId: 'o-1', reason: 'exhausted' as const, attempts: 4 }];
    const { run, parked } = backoffHarness(failingWith(new Error('x')));
    // WHEN it is parked
    await run(sqsEvent(sqsRecord({ backoff: backoffMetadata({ attempt: 0, originalMessageId: 'o-1', history }) })));
    // THEN the history travels on and the name cannot collide with the first run's execution for n = 1
    const [execution] = parked();
    expect(execution.input.backoff.history).toEqual(history);
    expect(execution.name).toBe(executionName('o-1', 1, 1));
    expect(execution.name).not.toBe(executionName('o-1', 1));
  });

  it('calls onRetry after parking, with the attempt, delay and error', async () => {
    // GIVEN an onRetry hook
    const events: RetryEvent[] = [];
    const error = new DownstreamUnavailable();
    const { run } = backoffHarness(failingWith(error), { onRetry: (event) => void events.push(event) });
    // WHEN a message is parked
    await run(sqsEvent(sqsRecord({ messageId: 'm-9' })));
    // THEN the hook saw it
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ attempt: 1, delaySeconds: 4, error });
    expect(events[0].message.messageId).toBe('m-9');
  });
});

describe('withBackoff — dead-lettering', () => {
  it('dead-letters with reason exhausted after the maxAttempts-th failure', async () => {
    // GIVEN maxAttempts 4 and a copy that already failed 3 times
    const { run, parked, deadLettered, logger } = backoffHarness(failingWith(new DownstreamUnavailable('still down')));
    const record = sqsRecord({ body: 'payload', backoff: backoffMetadata({ attempt: 3, originalMessageId: 'o-7', lastDelaySeconds: 16 }) });
    // WHEN the 4th attempt fails
    const result = await run(sqsEvent(record));
    // THEN it goes to the DLQ with reason exhausted and 4 attempts, not to Step Functions
    expect(result.batchItemFailures).toEqual([]);
    expect(parked()).toHaveLength(0);
    const [sent] = deadLettered();
    expect(sent.input.MessageBody).toBe('payload');
    expect(sent.backoff).toEqual({
      attempt: 4,
      firstReceivedAt: '2026-01-01T00:00:00.000Z',
      originalMessageId: 'o-7',
      lastError: { name: 'DownstreamUnavailable', message: 'still down' },
      lastDelaySeconds: 16,
      reason: 'exhausted',
      attempts: 4,
    });
    expect(logger.find('dead-lettered')).toMatchObject({ level: 'warn', reason: 'exhausted', attempt: 4, originalMessageId: 'o-7' });
  });

  it('dead-letters a NonRetryableError on the first attempt', async () => {
    // GIVEN a handler that declares the message hopeless
    const { run, parked, deadLettered } = backoffHarness(failingWith(new NonRetryableError('order without sku')));
    // WHEN it runs
    await run(sqsEvent(sqsRecord({ messageId: 'm-nr' })));
    // THEN the message is dead-lettered at once
    expect(parked()).toHaveLength(0);
    expect(deadLettered()[0].backoff).toMatchObject({
      reason: 'non-retryable',
      attempts: 1,
      originalMessageId: 'm-nr',
      lastError: { name: 'NonRetryableError', message: 'order without sku' },
    });
  });

  it('dead-letters a body that is not JSON when the handler calls json()', async () => {
    // GIVEN a handler that parses the body
    const { run, parked, deadLettered } = backoffHarness((message) => {
      message.json();
    });
    // WHEN the body is not JSON
    await run(sqsEvent(sqsRecord({ body: 'not json {' })));
    // THEN it is dead-lettered as non-retryable, body untouched
    expect(parked()).toHaveLength(0);
    const [sent] = deadLettered();
    expect(sent.input.MessageBody).toBe('not json {');
    expect(sent.backoff?.reason).toBe('non-retryable');
    expect(sent.backoff?.lastError?.name).toBe('MalformedBodyError');
  });

  it('dead-letters errors matched by the nonRetryable predicate', async () => {
    // GIVEN a predicate matching 4xx-like errors
    const { run, deadLettered, parked } = backoffHarness(failingWith(Object.assign(new Error('bad request'), { status: 400 })), {
      nonRetryable: (error) => (error as { status?: number }).status === 400,
    });
    // WHEN such an error is thrown
    await run(sqsEvent(sqsRecord()));
    // THEN it is dead-lettered without parking
    expect(parked()).toHaveLength(0);
    expect(deadLettered()[0].backoff?.reason).toBe('non-retryable');
  });

  it('dead-letters errors of the classes listed in nonRetryable, and retries the others', async () => {
    // GIVEN a class list
    class ValidationFailed extends Error {}
    class ValidationFailedDeeper extends ValidationFailed {}
    const { run, deadLettered, parked } = backoffHarness(
      (message) => {
        if (message.body === 'invalid') throw new ValidationFailedDeeper('nope');
        throw new DownstreamUnavailable();
      },
      { nonRetryable: [ValidationFailed] },
    );
    // WHEN one record throws a subclass of a listed class and another an unlisted error
    await run(sqsEvent(sqsRecord({ body: 'invalid' }), sqsRecord({ body: 'fine' })));
    // THEN the first is dead-lettered and the second parked
    expect(deadLettered().map((d) => d.input.MessageBody)).toEqual(['invalid']);
    expect(parked().map((p) => p.input.body)).toEqual(['fine']);
  });

  it('treats an error as retryable when the nonRetryable predicate itself throws', async () => {
    // GIVEN a broken predicate
    const { run, parked, logger } = backoffHarness(failingWith(new Error('x')), {
      nonRetryable: () => {
        throw new TypeError('predicate bug');
      },
    });
    // WHEN a failure is classified
    await run(sqsEvent(sqsRecord()));
    // THEN the message is parked (the safe side) and the bug is logged
    expect(parked()).toHaveLength(1);
    expect(logger.find('hook-failed')).toMatchObject({ hook: 'nonRetryable', error: { name: 'TypeError', message: 'predicate bug' } });
  });

  it('dead-letters with reason elapsed when elapsed time plus the next delay would pass maxElapsed', async () => {
    // GIVEN maxElapsed 60 s, a message first received 58 s ago and a next delay of 4 s
    const now = Date.parse('2026-03-01T12:00:00Z');
    vi.useFakeTimers({ now, toFake: ['Date'] });
    try {
      const { run, parked, deadLettered } = backoffHarness(failingWith(new Error('x')), {
        config: { ...TEST_CONFIG, maxElapsedSeconds: 60 },
      });
      // WHEN its first attempt fails
      await run(sqsEvent(sqsRecord({ firstReceivedAt: now - 58_000 })));
      // THEN 58 + 4 > 60: dead-lettered with reason elapsed
      expect(parked()).toHaveLength(0);
      expect(deadLettered()[0].backoff).toMatchObject({ reason: 'elapsed', attempts: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('parks while elapsed time plus the next delay stays within maxElapsed', async () => {
    // GIVEN maxElapsed 60 s and a message first received 56 s ago (56 + 4 = 60, not past it)
    const now = Date.parse('2026-03-01T12:00:00Z');
    vi.useFakeTimers({ now, toFake: ['Date'] });
    try {
      const { run, parked, deadLettered } = backoffHarness(failingWith(new Error('x')), {
        config: { ...TEST_CONFIG, maxElapsedSeconds: 60 },
      });
      // WHEN its first attempt fails
      await run(sqsEvent(sqsRecord({ firstReceivedAt: now - 56_000 })));
      // THEN it is parked
      expect(parked()).toHaveLength(1);
      expect(deadLettered()).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('calls onDeadLetter after a successful send, with reason, attempts and error', async () => {
    // GIVEN an onDeadLetter hook
    const events: DeadLetterEvent[] = [];
    const error = new NonRetryableError('bad');
    const { run } = backoffHarness(failingWith(error), { onDeadLetter: (event) => void events.push(event) });
    // WHEN a message is dead-lettered
    await run(sqsEvent(sqsRecord({ messageId: 'm-dl' })));
    // THEN the hook saw it
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ reason: 'non-retryable', attempts: 1, error });
    expect(events[0].message.messageId).toBe('m-dl');
  });
});

describe('withBackoff — when AWS calls fail, the message is not acknowledged', () => {
  it('without the visibility fallback, reports a record whose StartExecution is throttled, and does not dead-letter it', async () => {
    // GIVEN Step Functions throttling every StartExecution
    const { run, sfnMock, deadLettered, logger } = backoffHarness(failingWith(new Error('x')), { config: NO_FALLBACK_CONFIG });
    sfnMock.on(StartExecutionCommand).rejects(throttling());
    // WHEN a failing record is processed
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-throttled' })));
    // THEN SQS will redeliver it; it is not sent to the DLQ
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-throttled' }]);
    expect(deadLettered()).toHaveLength(0);
    expect(logger.find('park-failed')).toMatchObject({ level: 'error', messageId: 'm-throttled', parkError: { name: 'ThrottlingException' } });
  });

  it('treats ExecutionAlreadyExists as already parked', async () => {
    // GIVEN the execution for this failure exists already (a redelivered batch)
    const { run, sfnMock, deadLettered, logger } = backoffHarness(failingWith(new Error('x')));
    sfnMock.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));
    // WHEN the record fails again
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-dup' })));
    // THEN it is acknowledged, not dead-lettered, and the duplicate is logged
    expect(result.batchItemFailures).toEqual([]);
    expect(deadLettered()).toHaveLength(0);
    expect(logger.find('already-parked')).toMatchObject({ level: 'info', messageId: 'm-dup' });
  });

  it('treats an emulator-style ExecutionAlreadyExists error (plain name) as already parked', async () => {
    // GIVEN an error that only carries the name
    const { run, sfnMock } = backoffHarness(failingWith(new Error('x')));
    sfnMock.on(StartExecutionCommand).rejects(Object.assign(new Error('exists'), { name: 'ExecutionAlreadyExists' }));
    // WHEN / THEN the record is acknowledged
    expect((await run(sqsEvent(sqsRecord()))).batchItemFailures).toEqual([]);
  });

  it('reports a record whose dead-letter send fails', async () => {
    // GIVEN an SQS that rejects SendMessage
    const { run, sqsMock, logger } = backoffHarness(failingWith(new NonRetryableError('bad')));
    sqsMock.on(SendMessageCommand).rejects(Object.assign(new Error('service unavailable'), { name: 'ServiceUnavailable' }));
    // WHEN a non-retryable record is processed
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-dlq-down' })));
    // THEN it is left for redelivery
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-dlq-down' }]);
    expect(logger.find('dead-letter-failed')).toMatchObject({ reason: 'non-retryable', sendError: { name: 'ServiceUnavailable' } });
  });

  it('does not call onDeadLetter when the send failed', async () => {
    // GIVEN a failing DLQ and a hook
    const onDeadLetter = vi.fn();
    const { run, sqsMock } = backoffHarness(failingWith(new NonRetryableError('bad')), { onDeadLetter });
    sqsMock.on(SendMessageCommand).rejects(new Error('down'));
    // WHEN / THEN
    await run(sqsEvent(sqsRecord()));
    expect(onDeadLetter).not.toHaveBeenCalled();
  });

  it('reports only the records that could not be parked or dead-lettered, in batch order', async () => {
    // GIVEN three failing records, the second of which cannot be parked
    const { run, sfnMock } = backoffHarness(failingWith(new Error('x')));
    sfnMock.on(StartExecutionCommand).resolves({});
    sfnMock.on(StartExecutionCommand, { name: executionName('b', 1) }).rejects(throttling());
    // WHEN the batch is processed
    const result = await run(sqsEvent(sqsRecord({ messageId: 'a' }), sqsRecord({ messageId: 'b' }), sqsRecord({ messageId: 'c' })));
    // THEN only b is reported
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'b' }]);
  });
});

describe('withBackoff — hooks never change the outcome', () => {
  it('keeps a message parked when onRetry throws', async () => {
    // GIVEN a throwing onRetry hook
    const { run, parked, logger } = backoffHarness(failingWith(new Error('x')), {
      onRetry: () => {
        throw new Error('hook bug');
      },
    });
    // WHEN a message is parked
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-h1' })));
    // THEN it is still parked and acknowledged; the hook failure is logged
    expect(result.batchItemFailures).toEqual([]);
    expect(parked()).toHaveLength(1);
    expect(logger.find('hook-failed')).toMatchObject({ level: 'error', hook: 'onRetry', messageId: 'm-h1', error: { message: 'hook bug' } });
  });

  it('keeps a message dead-lettered when an async onDeadLetter rejects', async () => {
    // GIVEN a rejecting onDeadLetter hook
    const { run, deadLettered, logger } = backoffHarness(failingWith(new NonRetryableError('bad')), {
      onDeadLetter: async () => {
        throw new Error('hook bug');
      },
    });
    // WHEN a message is dead-lettered
    const result = await run(sqsEvent(sqsRecord()));
    // THEN it is in the DLQ and acknowledged
    expect(result.batchItemFailures).toEqual([]);
    expect(deadLettered()).toHaveLength(1);
    expect(logger.find('hook-failed')).toMatchObject({ hook: 'onDeadLetter' });
  });
});

describe('withBackoff — crash-loop backstop', () => {
  it('dead-letters with reason redelivered, without running the handler, once receives exceed maxReceiveCount', async () => {
    // GIVEN maxReceiveCount 5 and a 6th receive of a message that failed once before
    const handler = vi.fn();
    const { run, deadLettered, logger } = backoffHarness(handler);
    const record = sqsRecord({
      receiveCount: 6,
      backoff: backoffMetadata({ attempt: 1, lastError: { name: 'Boom', message: 'earlier' }, originalMessageId: 'o-crash' }),
    });
    // WHEN it arrives
    const result = await run(sqsEvent(record));
    // THEN the handler does not run; the DLQ copy counts 1 + 5 attempts and keeps the last known error
    expect(handler).not.toHaveBeenCalled();
    expect(result.batchItemFailures).toEqual([]);
    expect(deadLettered()[0].backoff).toMatchObject({
      reason: 'redelivered',
      attempts: 6,
      originalMessageId: 'o-crash',
      lastError: { name: 'Boom', message: 'earlier' },
    });
    expect(logger.find('dead-lettered')).toMatchObject({ reason: 'redelivered', receiveCount: 6 });
  });

  it('without in-place retries, still runs the handler on the maxReceiveCount-th receive', async () => {
    // GIVEN the 5th receive with maxReceiveCount 5
    const handler = vi.fn();
    const { run, deadLettered } = backoffHarness(handler, { config: NO_FALLBACK_CONFIG });
    // WHEN / THEN it is processed normally
    await run(sqsEvent(sqsRecord({ receiveCount: 5 })));
    expect(handler).toHaveBeenCalledOnce();
    expect(deadLettered()).toHaveLength(0);
  });
});

describe('withBackoff — missing or corrupt x-backoff', () => {
  it('treats a message without x-backoff as a first attempt', async () => {
    // GIVEN no x-backoff
    const attempts: number[] = [];
    const { run, logger } = backoffHarness((_m, context) => void attempts.push(context.attempt));
    // WHEN / THEN attempt 1, no warning
    await run(sqsEvent(sqsRecord()));
    expect(attempts).toEqual([1]);
    expect(logger.find('corrupt-metadata')).toBeUndefined();
  });

  it.each([
    ['not JSON', stringAttribute('{oops')],
    ['a JSON array', stringAttribute('[1,2]')],
    ['a negative attempt', stringAttribute('{"attempt":-1,"firstReceivedAt":"2026-01-01T00:00:00Z","originalMessageId":"o"}')],
    ['an invalid date', stringAttribute('{"attempt":1,"firstReceivedAt":"yesterday","originalMessageId":"o"}')],
    ['no originalMessageId', stringAttribute('{"attempt":1,"firstReceivedAt":"2026-01-01T00:00:00Z"}')],
    ['a Binary attribute', { dataType: 'Binary', binaryValue: 'AAEC' }],
  ])('treats x-backoff holding %s as a first attempt, logs a warning and replaces it when parking', async (_case, attribute) => {
    // GIVEN a corrupt x-backoff
    const attempts: number[] = [];
    const { run, parked, logger } = backoffHarness((_m, context) => {
      attempts.push(context.attempt);
      throw new Error('x');
    });
    // WHEN the record fails
    await run(sqsEvent(sqsRecord({ messageId: 'm-corrupt', backoff: attribute })));
    // THEN attempt 1 was made, the problem logged, and the park carries fresh metadata
    expect(attempts).toEqual([1]);
    expect(logger.find('corrupt-metadata')).toMatchObject({ level: 'warn', messageId: 'm-corrupt' });
    const [execution] = parked();
    expect(execution.name).toBe(executionName('m-corrupt', 1));
    expect(execution.input.backoff).toMatchObject({ attempt: 1, originalMessageId: 'm-corrupt' });
  });
});

describe('withBackoff — batches and configuration', () => {
  it('answers an empty batch with no failures', async () => {
    // GIVEN an empty event
    const handler = vi.fn();
    const { run, sqsMock, sfnMock } = backoffHarness(handler);
    // WHEN / THEN
    expect(await run(sqsEvent())).toEqual({ batchItemFailures: [] });
    expect(await run({} as never)).toEqual({ batchItemFailures: [] });
    expect(handler).not.toHaveBeenCalled();
    expect(sqsMock.calls().length + sfnMock.calls().length).toBe(0);
  });

  it('processes at most `concurrency` records of a standard queue at once', async () => {
    // GIVEN concurrency 3 and handlers that wait
    let inFlight = 0;
    let maxInFlight = 0;
    const { run } = backoffHarness(
      async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
      },
      { concurrency: 3 },
    );
    // WHEN ten records are processed
    const records = Array.from({ length: 10 }, () => sqsRecord());
    const result = await run(sqsEvent(...records));
    // THEN all succeeded, three at a time
    expect(result.batchItemFailures).toEqual([]);
    expect(maxInFlight).toBe(3);
  });

  it('fails the invocation with a ConfigurationError naming the problem when the config is invalid', async () => {
    // GIVEN an invalid configuration
    const { run, logger } = backoffHarness(vi.fn(), { config: { ...TEST_CONFIG, maxAttempts: 0 } });
    // WHEN / THEN the whole invocation fails (every message is redelivered), and it is logged
    await expect(run(sqsEvent(sqsRecord()))).rejects.toThrow(ConfigurationError);
    await expect(run(sqsEvent(sqsRecord()))).rejects.toThrow(/config\.maxAttempts must be a whole number from 1 to 100 \(given 0\)/);
    expect(logger.find('configuration-error')).toMatchObject({ level: 'error' });
  });

  it('rejects an invalid concurrency when wrapping', async () => {
    expect(() => backoffHarness(vi.fn(), { concurrency: 0 })).toThrow(/options\.concurrency/);
  });

  it('never throws for one record: an internal failure leaves that record for redelivery', async () => {
    // GIVEN a random source that blows up (so computing the delay of a failed record throws)
    const { run, logger } = backoffHarness(
      (message) => {
        if (message.messageId === 'broken') throw new Error('x');
      },
      {
        config: { ...TEST_CONFIG, policy: { kind: 'full-jitter', base: 1, cap: 10 } },
        random: () => {
          throw new Error('entropy exhausted');
        },
      },
    );
    // WHEN the failing record is processed next to a good one
    const result = await run(sqsEvent(sqsRecord({ messageId: 'broken' }), sqsRecord({ messageId: 'good' })));
    // THEN only the failing record is reported, and the internal error logged
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'broken' }]);
    expect(logger.find('unexpected-error')).toMatchObject({ level: 'error', messageId: 'broken', error: { message: 'entropy exhausted' } });
  });

  it('tolerates records without system or message attributes', async () => {
    // GIVEN a minimal record, as some emulators deliver
    const attempts: number[] = [];
    const { run } = backoffHarness((_m, context) => void attempts.push(context.receiveCount));
    const bare = { messageId: 'bare', body: 'x', attributes: null, messageAttributes: { [BACKOFF_ATTRIBUTE]: null } } as never;
    // WHEN / THEN it is processed as a first receive
    expect((await run(sqsEvent(bare))).batchItemFailures).toEqual([]);
    expect(attempts).toEqual([1]);
  });
});
