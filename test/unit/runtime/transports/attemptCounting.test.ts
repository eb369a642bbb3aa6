import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it, vi } from 'vitest';
import { executionName } from '../../../../lambda/runtime';
import { backoffHarness, failingWith } from '../../../helpers/backoffHarness';
import { FIFO_QUEUE_ARN, backoffMetadata, sqsEvent, sqsRecord } from '../../../helpers/sqsRecord';
import { FIFO_QUEUES, transportConfig, visibilityChanges } from '../../../helpers/transportConfig';

const throttling = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

describe('attempts with visibility-timeout retries: x-backoff.attempt + ApproximateReceiveCount − 1 before this one', () => {
  it('counts the receives of a message that never had x-backoff', async () => {
    const seen = vi.fn();
    const { run } = backoffHarness((_message, context) => seen(context.attempt), { config: transportConfig('visibility-timeout') });
    await run(sqsEvent(sqsRecord({ receiveCount: 3 })));
    expect(seen).toHaveBeenCalledWith(3);
  });

  it('adds the receives of a requeued copy to its x-backoff (Step Functions retry, then a throttled fallback)', async () => {
    // GIVEN a copy Step Functions requeued after failure 1, received a second time after a visibility fallback
    const seen = vi.fn();
    const { run, parked } = backoffHarness(
      (_message, context) => {
        seen(context.attempt);
        throw new Error('again');
      },
      { config: transportConfig('step-functions', { delaySeconds: 4 }) },
    );
    const record = sqsRecord({ receiveCount: 2, backoff: backoffMetadata({ attempt: 1, originalMessageId: 'orig-1' }) });
    // WHEN it fails again and Step Functions takes the park
    await run(sqsEvent(record));
    // THEN this was attempt 3, the next copy says 3 failures, and the execution is named for this SQS message (x-backoff.attempt + 1)
    expect(seen).toHaveBeenCalledWith(3);
    const [park] = parked();
    expect(park.input.backoff).toMatchObject({ attempt: 3, originalMessageId: 'orig-1' });
    expect(park.name).toBe(executionName('orig-1', 2));
  });

  it('parks one SQS message under one execution name across its receives, so a later receive finds the park already made', async () => {
    // GIVEN a first receive whose park started, then a second receive of the same message (the acknowledgement was lost)
    const { run, sfnMock, parked, logger } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('step-functions') });
    await run(sqsEvent(sqsRecord({ messageId: 'same', receiveCount: 1 })));
    sfnMock.on(StartExecutionCommand).rejects(Object.assign(new Error('exists'), { name: 'ExecutionAlreadyExists' }));
    const result = await run(sqsEvent(sqsRecord({ messageId: 'same', receiveCount: 2 })));
    // THEN both tried the same name, and the second is acknowledged as already parked
    expect(new Set(parked().map((call) => call.name))).toEqual(new Set([executionName('same', 1)]));
    expect(result.batchItemFailures).toEqual([]);
    expect(logger.find('already-parked')).toBeDefined();
  });

  it('dead-letters exhausted on the maxAttempts-th attempt counted from receives, with reason, attempts and this invocation\'s error', async () => {
    // GIVEN maxAttempts 4 and the fourth receive of a message retried in place
    const { run, deadLettered, sqsMock } = backoffHarness(failingWith(Object.assign(new Error('fourth failure'), { name: 'Boom' })), {
      config: transportConfig('visibility-timeout'),
    });
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-4', receiveCount: 4 })));
    // THEN the dead-letter copy carries why, how many attempts and the last error
    expect(deadLettered()[0].backoff).toMatchObject({ reason: 'exhausted', attempts: 4, originalMessageId: 'm-4', lastError: { name: 'Boom', message: 'fourth failure' } });
    expect(visibilityChanges(sqsMock)).toEqual([]);
    expect(result.batchItemFailures).toEqual([]);
  });

  it('keeps the error of the Step Functions run in a copy exhausted after visibility retries', async () => {
    const { run, deadLettered } = backoffHarness(failingWith(new Error('latest')), { config: transportConfig('step-functions') });
    await run(sqsEvent(sqsRecord({ receiveCount: 3, backoff: backoffMetadata({ attempt: 1, originalMessageId: 'o-x', lastError: { name: 'Error', message: 'first' } }) })));
    expect(deadLettered()[0].backoff).toMatchObject({ reason: 'exhausted', attempts: 4, originalMessageId: 'o-x', lastError: { message: 'latest' } });
  });
});

describe('the redelivered backstop with visibility-timeout retries', () => {
  it('runs the handler on receives past maxReceiveCount that its own visibility retries explain', async () => {
    // GIVEN maxReceiveCount 2 (below maxAttempts 4) and the third receive
    const handler = vi.fn();
    const { run, deadLettered } = backoffHarness(handler, { config: transportConfig('visibility-timeout', { maxReceiveCount: 2 }) });
    await run(sqsEvent(sqsRecord({ receiveCount: 3 })));
    // THEN attempt 3 runs: the runtime asked for those receives itself
    expect(handler).toHaveBeenCalledOnce();
    expect(deadLettered()).toEqual([]);
  });

  it('dead-letters redelivered, without running the handler, a receive after maxAttempts attempts (only a crash leads there)', async () => {
    const handler = vi.fn();
    const { run, deadLettered, logger } = backoffHarness(handler, { config: transportConfig('visibility-timeout') });
    await run(sqsEvent(sqsRecord({ receiveCount: 3, backoff: backoffMetadata({ attempt: 2 }) })));
    expect(handler).not.toHaveBeenCalled();
    expect(deadLettered()[0].backoff).toMatchObject({ reason: 'redelivered', attempts: 4 });
    expect(logger.find('dead-lettered')?.detail).toMatch(/4 attempts already made .* ≥ maxAttempts 4/);
  });
});

describe('FIFO with visibility-timeout retries', () => {
  const config = transportConfig('visibility-timeout', { delaySeconds: 15, ...FIFO_QUEUES, stateMachineArn: undefined });
  const fifoRecord = (messageId: string, group: string) => sqsRecord({ messageId, body: messageId, messageGroupId: group, eventSourceARN: FIFO_QUEUE_ARN });

  it('holds the group: a failing message is hidden, the later ones of its group are not processed, other groups go on', async () => {
    // GIVEN a1 fails
    const handled: string[] = [];
    const { run, sqsMock } = backoffHarness(
      (message) => {
        handled.push(message.body);
        if (message.body === 'a1') throw new Error('x');
      },
      { config },
    );
    // WHEN a1, a2, b1, a3 arrive in one batch
    const result = await run(sqsEvent(fifoRecord('a1', 'A'), fifoRecord('a2', 'A'), fifoRecord('b1', 'B'), fifoRecord('a3', 'A')));
    // THEN a1 is hidden for its delay, a2 and a3 come back after it in order, b1 is done
    expect(handled).toEqual(['a1', 'b1']);
    expect(visibilityChanges(sqsMock).map((input) => [input.ReceiptHandle, input.VisibilityTimeout])).toEqual([['receipt-a1', 15]]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'a1' }, { itemIdentifier: 'a2' }, { itemIdentifier: 'a3' }]);
  });

  it('step-functions on FIFO falls back to the visibility timeout when throttled, and so holds the group too', async () => {
    const { run, sfnMock } = backoffHarness(
      (message) => {
        if (message.body === 'a1') throw new Error('x');
      },
      { config: transportConfig('step-functions', { ...FIFO_QUEUES }) },
    );
    sfnMock.on(StartExecutionCommand).rejects(throttling());
    const result = await run(sqsEvent(fifoRecord('a1', 'A'), fifoRecord('a2', 'A')));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'a1' }, { itemIdentifier: 'a2' }]);
  });
});

describe('attempts under auto on a standard queue after Step Functions fell back to a visibility timeout', () => {
  // A 1,000-second delay is past SQS's 900 s, so auto takes the Step Functions path; throttled, the
  // same SQS message is hidden and comes back with a higher ApproximateReceiveCount.
  const config = transportConfig('auto', { delaySeconds: 1000 });

  it('hides the message on a throttled StartExecution, then tells the handler the attempt its ApproximateReceiveCount counts', async () => {
    // GIVEN StartExecution throttled for the first failure of a message without x-backoff
    const seen = vi.fn();
    const { run, sfnMock, sqsMock } = backoffHarness(
      (_message, context) => {
        seen(context.attempt);
        throw new Error('still failing');
      },
      { config },
    );
    sfnMock.on(StartExecutionCommand).rejects(throttling());
    await run(sqsEvent(sqsRecord({ messageId: 'auto-1', receiveCount: 1 })));
    expect(visibilityChanges(sqsMock).map((input) => input.VisibilityTimeout)).toEqual([1000]);
    // WHEN the same message is received the second time
    await run(sqsEvent(sqsRecord({ messageId: 'auto-1', receiveCount: 2 })));
    // THEN the handler was told attempts 1 and 2
    expect(seen.mock.calls.map(([attempt]) => attempt)).toEqual([1, 2]);
  });

  it('dead-letters exhausted on the maxAttempts-th receive (maxAttempts 4), not parked again', async () => {
    // GIVEN the fourth receive of a message three earlier fallbacks kept in place
    const { run, sfnMock, deadLettered } = backoffHarness(failingWith(new Error('fourth')), { config });
    sfnMock.on(StartExecutionCommand).rejects(throttling());
    // WHEN it fails again
    const result = await run(sqsEvent(sqsRecord({ messageId: 'auto-4', receiveCount: 4 })));
    // THEN it goes to the DLQ with its reason and 4 attempts, on time, instead of a fifth attempt
    expect(sfnMock.commandCalls(StartExecutionCommand)).toEqual([]);
    expect(deadLettered().map((copy) => copy.backoff)).toMatchObject([{ reason: 'exhausted', attempts: 4, originalMessageId: 'auto-4' }]);
    expect(result.batchItemFailures).toEqual([]);
  });
});
