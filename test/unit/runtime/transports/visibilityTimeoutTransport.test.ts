import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { MAX_VISIBILITY_TIMEOUT_SECONDS } from '../../../../lambda/contract';
import { LONGEST_VISIBILITY_SECONDS } from '../../../../lambda/runtime/transports/visibilityTimeoutTransport';
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

  it(`caps a delay at 12 hours less the time since the receive (${LONGEST_VISIBILITY_SECONDS} s) and says so`, async () => {
    // GIVEN a policy delay of exactly 12 hours (what ChangeMessageVisibility allows from the receive)
    const config = transportConfig('visibility-timeout', { delaySeconds: MAX_VISIBILITY_TIMEOUT_SECONDS });
    const { run, sqsMock, logger } = backoffHarness(failingWith(new Error('boom')), { config });
    // WHEN a record fails
    await run(sqsEvent(sqsRecord()));
    // THEN the request stays within what SQS accepts for a message received up to 20 minutes earlier
    expect(visibilityChanges(sqsMock).map((input) => input.VisibilityTimeout)).toEqual([MAX_VISIBILITY_TIMEOUT_SECONDS - 1200]);
    expect(logger.find('parked')?.detail).toMatch(/policy's 43200 s is longer than a visibility timeout can hide/);
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
});
