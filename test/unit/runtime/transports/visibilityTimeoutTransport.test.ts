import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { backoffHarness, failingWith } from '../../../helpers/backoffHarness';
import { manyAttributes, sqsEvent, sqsRecord } from '../../../helpers/sqsRecord';
import { transportConfig, visibilityChanges } from '../../../helpers/transportConfig';

describe('the visibility-timeout transport', () => {
  it('calls ChangeMessageVisibility with the exact delay and the receipt handle, and reports the record', async () => {
    // GIVEN a 37-second delay
    const config = transportConfig('visibility-timeout', { delaySeconds: 37 });
    const { run, sqsMock, sfnMock, parked } = backoffHarness(failingWith(new Error('boom')), { config });
    // WHEN a record fails
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-1' })));
    // THEN its visibility is set to 37 s on the work queue and it stays in batchItemFailures
    expect(visibilityChanges(sqsMock)).toEqual([{ QueueUrl: config.queueUrl, ReceiptHandle: 'receipt-m-1', VisibilityTimeout: 37 }]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    // AND nothing else carries it
    expect(parked()).toEqual([]);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('logs the retry as parked with transport visibility-timeout and no fallback', async () => {
    const { run, logger } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('visibility-timeout', { delaySeconds: 5 }) });
    await run(sqsEvent(sqsRecord({ messageId: 'm-log' })));
    const line = logger.find('parked');
    expect(line).toMatchObject({ level: 'info', messageId: 'm-log', attempt: 1, delaySeconds: 5, transport: 'visibility-timeout' });
    expect(line?.fallback).toBeUndefined();
  });

  it('leaves the record to the queue\'s own visibility timeout when ChangeMessageVisibility fails, and logs it', async () => {
    // GIVEN SQS refusing the change (an expired receipt handle)
    const { run, sqsMock, logger, deadLettered } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('visibility-timeout') });
    sqsMock.on(ChangeMessageVisibilityCommand).rejects(Object.assign(new Error('expired'), { name: 'ReceiptHandleIsInvalid' }));
    // WHEN a record fails
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-2' })));
    // THEN it is reported for redelivery, not dead-lettered, and the failure is logged
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-2' }]);
    expect(deadLettered()).toEqual([]);
    expect(logger.find('park-failed')).toMatchObject({ level: 'error', transport: 'visibility-timeout', parkError: { name: 'ReceiptHandleIsInvalid' } });
  });

  it.each([1, 41_999, 42_000])('never shortens the policy\'s delay: a %i-second delay is requested whole', async (delay) => {
    // GIVEN a policy delay up to the limit every side accepts (12 hours from the receive less 20 minutes)
    const { run, sqsMock, logger } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('visibility-timeout', { delaySeconds: delay }) });
    // WHEN a record fails
    await run(sqsEvent(sqsRecord()));
    // THEN the message is hidden for exactly that delay, with nothing to explain
    expect(visibilityChanges(sqsMock).map((input) => input.VisibilityTimeout)).toEqual([delay]);
    expect(logger.find('parked')).toMatchObject({ delaySeconds: delay, detail: undefined });
  });

  it('dead-letters too-large, not early, when SQS refuses the delay because too little of the 12 hours since the receive is left', async () => {
    // GIVEN a message invoked late (a throttled consumer), so SQS refuses a 42,000-second visibility
    const { run, sqsMock, logger, deadLettered } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('visibility-timeout', { delaySeconds: 42_000 }) });
    const refusal = Object.assign(new Error('Value 42000 for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]'), { name: 'InvalidParameterValue' });
    sqsMock.on(ChangeMessageVisibilityCommand).rejects(refusal);
    // WHEN a record fails
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-late' })));
    // THEN no shorter visibility is tried: the message is dead-lettered with its reason and acknowledged
    expect(visibilityChanges(sqsMock).map((input) => input.VisibilityTimeout)).toEqual([42_000]);
    expect(result.batchItemFailures).toEqual([]);
    expect(deadLettered().map((copy) => copy.backoff?.reason)).toEqual(['too-large']);
    expect(logger.find('dead-lettered')).toMatchObject({ reason: 'too-large', transport: 'visibility-timeout', detail: 'SQS refused to hide the message for 42000 s: less is left of the 12 hours since its receive' });
  });

  it('needs no x-backoff room: a message with 10 user attributes still gets its delay', async () => {
    const { run, sqsMock } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('visibility-timeout', { delaySeconds: 9 }) });
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-full', attributes: manyAttributes(10) })));
    expect(visibilityChanges(sqsMock).map((input) => input.VisibilityTimeout)).toEqual([9]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-full' }]);
  });

  it('calls onRetry with the delay it arranged', async () => {
    const retries: number[] = [];
    const { run } = backoffHarness(failingWith(new Error('boom')), {
      config: transportConfig('visibility-timeout', { delaySeconds: 11 }),
      onRetry: (event) => void retries.push(event.delaySeconds),
    });
    await run(sqsEvent(sqsRecord()));
    expect(retries).toEqual([11]);
  });

  it('dead-letters too-large a delay of 42,001 s, one past its 42,000 s boundary, hiding nothing', async () => {
    // GIVEN a policy whose first wait is 1 + 41,999·r, within 42,000 s for r in [0, 1), and a random source just past 1
    const policy = { kind: 'random', base: 1, step: 41_999 } as const;
    const { run, sqsMock, deadLettered, logger } = backoffHarness(failingWith(new Error('boom')), {
      config: transportConfig('visibility-timeout', { policy, maxAttempts: 2, maxReceiveCount: 3 }),
      random: () => 42_000 / 41_999,
    });
    // WHEN a record fails
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-42001' })));
    // THEN no ChangeMessageVisibility; the DLQ copy says why and the record is acknowledged
    expect(visibilityChanges(sqsMock)).toEqual([]);
    expect(deadLettered().map((copy) => copy.backoff?.reason)).toEqual(['too-large']);
    expect(logger.find('dead-lettered')).toMatchObject({ reason: 'too-large', delaySeconds: 42_001, transport: 'visibility-timeout' });
    expect(result.batchItemFailures).toEqual([]);
  });
});
