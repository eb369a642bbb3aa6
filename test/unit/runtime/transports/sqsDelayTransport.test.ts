import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { backoffHarness, failingWith } from '../../../helpers/backoffHarness';
import { backoffMetadata, sqsEvent, sqsRecord, stringAttribute } from '../../../helpers/sqsRecord';
import { delayedCopies, transportConfig } from '../../../helpers/transportConfig';

const config = transportConfig('sqs-delay', { delaySeconds: 120 });

describe('the sqs-delay transport', () => {
  it('sends a copy with DelaySeconds = the delay, the body, the user attributes and the next x-backoff, then acknowledges', async () => {
    // GIVEN a once-failed message with a user attribute
    const record = sqsRecord({
      messageId: 'm-1',
      body: '{"id":"a"}',
      attributes: { 'trace-id': stringAttribute('t-1') },
      backoff: backoffMetadata({ attempt: 1, originalMessageId: 'o-1' }),
    });
    // WHEN it fails again
    const { run, sqsMock, parked } = backoffHarness(failingWith(new Error('boom')), { config });
    const result = await run(sqsEvent(record));
    // THEN one delayed copy goes to the work queue and the original is acknowledged
    const [copy, ...others] = delayedCopies(sqsMock);
    expect(others).toEqual([]);
    expect(copy.input).toMatchObject({ QueueUrl: config.queueUrl, MessageBody: '{"id":"a"}', DelaySeconds: 120 });
    expect(copy.input.MessageAttributes?.['trace-id']).toEqual({ DataType: 'String', StringValue: 't-1' });
    expect(copy.backoff).toMatchObject({ attempt: 2, originalMessageId: 'o-1', lastDelaySeconds: 120, lastError: { name: 'Error', message: 'boom' } });
    expect(result.batchItemFailures).toEqual([]);
    expect(parked()).toEqual([]);
  });

  it('keeps the original in batchItemFailures when the send fails: nothing is lost, nothing dead-lettered', async () => {
    // GIVEN SQS refusing the delayed copy
    const { run, sqsMock, deadLettered, logger } = backoffHarness(failingWith(new Error('boom')), { config });
    sqsMock.on(SendMessageCommand).rejects(Object.assign(new Error('unavailable'), { name: 'ServiceUnavailable' }));
    // WHEN a record fails
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-2' })));
    // THEN it is not acknowledged, and the failure is logged with the transport
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-2' }]);
    expect(deadLettered()).toEqual([]);
    expect(logger.find('park-failed')).toMatchObject({ transport: 'sqs-delay', parkError: { name: 'ServiceUnavailable' } });
  });

  it('acknowledges only after the send resolved', async () => {
    // GIVEN a send that resolves only when the test lets it
    const { run, sqsMock } = backoffHarness(failingWith(new Error('boom')), { config });
    let release!: () => void;
    const sent = new Promise<void>((resolve) => (release = resolve));
    let settled = false;
    sqsMock.on(SendMessageCommand).callsFake(async () => {
      await sent;
      return { MessageId: 'copy' };
    });
    // WHEN the batch runs
    const pending = run(sqsEvent(sqsRecord({ messageId: 'm-3' }))).then((result) => {
      settled = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // THEN the invocation has not answered before the send finished
    expect(settled).toBe(false);
    release();
    expect((await pending).batchItemFailures).toEqual([]);
  });

  it('logs the retry as parked with transport sqs-delay', async () => {
    const { run, logger } = backoffHarness(failingWith(new Error('boom')), { config });
    await run(sqsEvent(sqsRecord()));
    expect(logger.find('parked')).toMatchObject({ transport: 'sqs-delay', delaySeconds: 120, attempt: 1 });
  });

  it('dead-letters too-large a message whose delayed copy the work queue would refuse', async () => {
    // GIVEN a 64 KiB work queue and a message 10 bytes under it
    const small = { ...config, maxMessageBytes: 64 * 1024, deadLetterMaxMessageBytes: 66 * 1024 };
    const { run, deadLettered, sqsMock } = backoffHarness(failingWith(new Error('boom')), { config: small });
    await run(sqsEvent(sqsRecord({ body: 'x'.repeat(64 * 1024 - 10) })));
    // THEN no copy was sent; the DLQ copy says why
    expect(delayedCopies(sqsMock)).toEqual([]);
    expect(deadLettered()[0].backoff).toMatchObject({ reason: 'too-large', attempts: 1 });
  });

  it('dead-letters too-large, and never shortens, a delay over 900 s that a random source out of [0, 1) produced', async () => {
    // GIVEN a policy whose waits stay under 900 s for any r in [0, 1) (1 + 100·r for the first
    // failure), and a random source answering 10: the first wait is 1 + 100 · 10 = 1,001 s
    const policy = { kind: 'random', base: 1, step: 100 } as const;
    const { run, sqsMock, deadLettered } = backoffHarness(failingWith(new Error('boom')), {
      config: transportConfig('sqs-delay', { policy, maxAttempts: 3 }),
      random: () => 10,
    });
    // WHEN a record fails
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-long' })));
    // THEN no delayed copy (SQS takes at most 900 s); the DLQ copy says why, and the original is acknowledged
    expect(delayedCopies(sqsMock)).toEqual([]);
    expect(deadLettered()[0].backoff).toMatchObject({ reason: 'too-large', attempts: 1 });
    expect(result.batchItemFailures).toEqual([]);
  });

  it('leaves a message with 10 user attributes to SQS redelivery (no room for x-backoff)', async () => {
    const { run, sqsMock, logger } = backoffHarness(failingWith(new Error('boom')), { config });
    const attributes = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, stringAttribute(`v${i}`)]));
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-full', attributes })));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-full' }]);
    expect(delayedCopies(sqsMock)).toEqual([]);
    expect(logger.find('attribute-limit')).toMatchObject({ transport: 'sqs-delay' });
  });

  it('dead-letters too-large a delay of 901 s, one past the 900 s DelaySeconds boundary, sending no copy', async () => {
    // GIVEN a policy whose first wait is 1 + 899·r, within 900 s for r in [0, 1), and a random source just past 1
    const policy = { kind: 'random', base: 1, step: 899 } as const;
    const { run, sqsMock, deadLettered, logger } = backoffHarness(failingWith(new Error('boom')), {
      config: transportConfig('sqs-delay', { policy, maxAttempts: 2 }),
      random: () => 900 / 899,
    });
    // WHEN a record fails
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-901' })));
    // THEN SQS is not asked for 901 s (AWS refuses it, emulators accept it): the DLQ copy says why
    expect(delayedCopies(sqsMock)).toEqual([]);
    expect(deadLettered()[0].backoff).toMatchObject({ reason: 'too-large', attempts: 1 });
    expect(logger.find('dead-lettered')).toMatchObject({ reason: 'too-large', delaySeconds: 901, transport: 'sqs-delay' });
    expect(result.batchItemFailures).toEqual([]);
  });

  it('counts the receives of a message with no room for x-backoff as attempts, and dead-letters it exhausted on the maxAttempts-th', async () => {
    // GIVEN 10 user attributes (none left for x-backoff), so retries are SQS redeliveries, and its 4th receive (maxAttempts 4)
    const seen: number[] = [];
    const { run, sqsMock, logger } = backoffHarness(
      (_message, context) => {
        seen.push(context.attempt);
        throw new Error('boom');
      },
      { config },
    );
    const attributes = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, stringAttribute(`v${i}`)]));
    // WHEN it fails again
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-full-4', attributes, receiveCount: 4 })));
    // THEN the handler was told attempt 4, and the message is dead-lettered exhausted, not redelivered again
    expect(seen).toEqual([4]);
    expect(delayedCopies(sqsMock)).toEqual([]);
    expect(logger.find('dead-lettered')).toMatchObject({ reason: 'exhausted', attempt: 4 });
    expect(result.batchItemFailures).toEqual([]);
  });
});
