import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { MAX_EXECUTION_INPUT_BYTES } from '../../../../lambda/contract';
import { backoffHarness, failingWith } from '../../../helpers/backoffHarness';
import { sqsEvent, sqsRecord } from '../../../helpers/sqsRecord';
import { transportConfig, visibilityChanges } from '../../../helpers/transportConfig';

const throttling = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
const serviceError = () => Object.assign(new Error('internal'), { name: 'InternalFailure', $metadata: { httpStatusCode: 500 } });

describe('step-functions: StartExecution refused after the SDK\'s retries', () => {
  it('falls back to a visibility timeout with the same delay when throttled, and logs transport and fallback', async () => {
    // GIVEN Step Functions throttling and a 30-second delay
    const config = transportConfig('step-functions', { delaySeconds: 30 });
    const { run, sfnMock, sqsMock, logger, deadLettered } = backoffHarness(failingWith(new Error('boom')), { config });
    sfnMock.on(StartExecutionCommand).rejects(throttling());
    // WHEN a record fails
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-t' })));
    // THEN the same message is hidden for 30 s and stays in batchItemFailures
    expect(visibilityChanges(sqsMock)).toEqual([{ QueueUrl: config.queueUrl, ReceiptHandle: 'receipt-m-t', VisibilityTimeout: 30 }]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-t' }]);
    expect(deadLettered()).toEqual([]);
    expect(logger.find('parked')).toMatchObject({
      transport: 'visibility-timeout',
      fallback: 'step-functions-throttled',
      delaySeconds: 30,
      parkError: { name: 'ThrottlingException' },
    });
  });

  it('falls back with reason step-functions-failed for any other error', async () => {
    const { run, sfnMock, sqsMock, logger } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('step-functions', { delaySeconds: 8 }) });
    sfnMock.on(StartExecutionCommand).rejects(serviceError());
    await run(sqsEvent(sqsRecord()));
    expect(visibilityChanges(sqsMock).map((input) => input.VisibilityTimeout)).toEqual([8]);
    expect(logger.find('parked')).toMatchObject({ fallback: 'step-functions-failed', parkError: { name: 'InternalFailure' } });
  });

  it('recognises throttling the SDK marks as such, whatever its name', async () => {
    const { run, sfnMock, logger } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('step-functions') });
    sfnMock.on(StartExecutionCommand).rejects(Object.assign(new Error('slow down'), { name: 'SomethingNew', $retryable: { throttling: true } }));
    await run(sqsEvent(sqsRecord()));
    expect(logger.find('parked')?.fallback).toBe('step-functions-throttled');
  });

  it('dead-letters too-large a throttled delay longer than a visibility timeout carries, rather than retry it early', async () => {
    // GIVEN a one-day delay, which only Step Functions could wait
    const { run, sfnMock, sqsMock, logger, deadLettered } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('step-functions', { delaySeconds: 86_400 }) });
    sfnMock.on(StartExecutionCommand).rejects(throttling());
    // WHEN it is throttled
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-day' })));
    // THEN no shorter visibility timeout is set: the message goes to the DLQ with its reason and the limit
    expect(visibilityChanges(sqsMock)).toEqual([]);
    expect(result.batchItemFailures).toEqual([]);
    expect(deadLettered().map((copy) => copy.backoff?.reason)).toEqual(['too-large']);
    expect(logger.find('dead-lettered')).toMatchObject({
      reason: 'too-large',
      delaySeconds: 86_400,
      detail: 'the 86400-second delay is longer than a visibility timeout can carry (42000 s: SQS counts the 12 hours from the receive; 1200 s are kept for the longest batching window and Lambda timeout)',
    });
  });

  it('still falls back for a throttled delay of exactly 42,000 s, hidden for all of it', async () => {
    const { run, sfnMock, sqsMock } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('step-functions', { delaySeconds: 42_000 }) });
    sfnMock.on(StartExecutionCommand).rejects(throttling());
    await run(sqsEvent(sqsRecord()));
    expect(visibilityChanges(sqsMock).map((input) => input.VisibilityTimeout)).toEqual([42_000]);
  });

  it('leaves the record for SQS redelivery when the fallback ChangeMessageVisibility fails too', async () => {
    const { run, sfnMock, sqsMock, logger } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('step-functions') });
    sfnMock.on(StartExecutionCommand).rejects(throttling());
    sqsMock.on(ChangeMessageVisibilityCommand).rejects(serviceError());
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-both' })));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-both' }]);
    expect(logger.find('park-failed')).toMatchObject({ transport: 'visibility-timeout', fallback: 'step-functions-throttled' });
  });

  it('without the fallback, makes no ChangeMessageVisibility call on throttling', async () => {
    const { run, sfnMock, sqsMock } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('step-functions', { visibilityFallback: false }) });
    sfnMock.on(StartExecutionCommand).rejects(throttling());
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-off' })));
    expect(visibilityChanges(sqsMock)).toEqual([]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-off' }]);
  });
});

describe('step-functions: inputs over 256 KiB', () => {
  /** The input a successful park of an ASCII body of `length` bytes takes, in bytes (same id length, same delay). */
  async function inputBytesFor(length: number): Promise<number> {
    const { run, parked } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('step-functions', { delaySeconds: 10 }) });
    await run(sqsEvent(sqsRecord({ messageId: 'm-size-0', body: 'x'.repeat(length) })));
    return Buffer.byteLength(parked()[0].rawInput, 'utf8');
  }

  async function failWithInputOf(bytes: number) {
    const overhead = (await inputBytesFor(1000)) - 1000;
    const harness = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('step-functions', { delaySeconds: 10 }) });
    const result = await harness.run(sqsEvent(sqsRecord({ messageId: 'm-size-1', body: 'x'.repeat(bytes - overhead) })));
    return { ...harness, result };
  }

  it('parks an input of exactly 256 KiB in Step Functions', async () => {
    const { parked, sqsMock, result } = await failWithInputOf(MAX_EXECUTION_INPUT_BYTES);
    expect(parked().map((call) => Buffer.byteLength(call.rawInput, 'utf8'))).toEqual([MAX_EXECUTION_INPUT_BYTES]);
    expect(visibilityChanges(sqsMock)).toEqual([]);
    expect(result.batchItemFailures).toEqual([]);
  });

  it('retries an input of 256 KiB + 1 byte by visibility timeout, same delay, fallback too-large-for-step-functions', async () => {
    const { parked, sqsMock, result, logger, deadLettered } = await failWithInputOf(MAX_EXECUTION_INPUT_BYTES + 1);
    expect(parked()).toEqual([]);
    expect(deadLettered()).toEqual([]);
    expect(visibilityChanges(sqsMock).map((input) => input.VisibilityTimeout)).toEqual([10]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-size-1' }]);
    expect(logger.find('parked')).toMatchObject({ transport: 'visibility-timeout', fallback: 'too-large-for-step-functions', delaySeconds: 10 });
  });

  it('measures the input in UTF-8 bytes: 90,000 euro signs (270,000 bytes, 90,000 UTF-16 units) go to the visibility fallback', async () => {
    // GIVEN a body under 256 KiB in characters but over it in UTF-8 (3 bytes per €)
    const { run, parked, sqsMock, logger } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('step-functions', { delaySeconds: 10 }) });
    // WHEN it fails
    await run(sqsEvent(sqsRecord({ messageId: 'm-euro', body: '€'.repeat(90_000) })));
    // THEN Step Functions is not asked (it would refuse the input); the same message waits by visibility timeout
    expect(parked()).toEqual([]);
    expect(visibilityChanges(sqsMock).map((input) => input.VisibilityTimeout)).toEqual([10]);
    expect(logger.find('parked')).toMatchObject({ fallback: 'too-large-for-step-functions' });
  });

  it('dead-letters too-large what no transport can carry: over 256 KiB with a delay past the visibility limit', async () => {
    // GIVEN a 300 KiB message and a one-day delay
    const { run, parked, sqsMock, deadLettered, logger } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('step-functions', { delaySeconds: 86_400 }) });
    await run(sqsEvent(sqsRecord({ body: 'x'.repeat(300 * 1024) })));
    // THEN it is neither parked nor hidden, but dead-lettered with the reason
    expect(parked()).toEqual([]);
    expect(visibilityChanges(sqsMock)).toEqual([]);
    expect(deadLettered()[0].backoff).toMatchObject({ reason: 'too-large', attempts: 1 });
    expect(logger.find('dead-lettered')?.detail).toMatch(/86400-second delay is longer than a visibility timeout can carry/);
  });
});

describe('step-functions: a delay no retry execution can wait', () => {
  it('dead-letters too-large, and never parks, a delay past one year less an hour that a random source out of [0, 1) produced', async () => {
    // GIVEN a policy whose first wait stays under 10,000,001 s for any r in [0, 1), and a random
    // source answering 10: the first wait is 1 + 10,000,000 · 10 = 100,000,001 s
    const policy = { kind: 'random', base: 1, step: 10_000_000 } as const;
    const { run, sfnMock, sqsMock, deadLettered } = backoffHarness(failingWith(new Error('boom')), {
      config: transportConfig('step-functions', { policy, maxAttempts: 2 }),
      random: () => 10,
    });
    // WHEN a record fails
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-year' })));
    // THEN nothing is started or hidden (an execution that passes the year would lose the message),
    // the DLQ copy says why, and the original is acknowledged
    expect(sfnMock.commandCalls(StartExecutionCommand)).toEqual([]);
    expect(visibilityChanges(sqsMock)).toEqual([]);
    expect(deadLettered()[0].backoff).toMatchObject({ reason: 'too-large', attempts: 1 });
    expect(result.batchItemFailures).toEqual([]);
  });
});

describe('step-functions: the one-year-less-an-hour boundary in the transport', () => {
  it('starts an execution for a delay of exactly 31,532,400 s (one year less an hour)', async () => {
    // GIVEN a constant policy at the boundary, which the configuration accepts
    const { parked, result } = await failOnce(transportConfig('step-functions', { delaySeconds: 31_532_400, maxAttempts: 2 }));
    // THEN the execution waits all of it and the message is acknowledged
    expect(parked().map((call) => call.input.delaySeconds)).toEqual([31_532_400]);
    expect(result.batchItemFailures).toEqual([]);
  });

  it('dead-letters too-large a delay of 31,532,401 s, starting nothing', async () => {
    // GIVEN a random policy whose first wait stays within the boundary for r in [0, 1) (1 + 31,532,399·r),
    // and a random source just past 1 that makes it 31,532,401 s
    const policy = { kind: 'random', base: 1, step: 31_532_399 } as const;
    const { parked, sqsMock, deadLettered, result, logger } = await failOnce(
      transportConfig('step-functions', { policy, maxAttempts: 2 }),
      () => 31_532_400 / 31_532_399,
    );
    // THEN no execution, no visibility timeout (past 42,000 s), a DLQ copy that says why
    expect(parked()).toEqual([]);
    expect(visibilityChanges(sqsMock)).toEqual([]);
    expect(deadLettered()[0].backoff).toMatchObject({ reason: 'too-large', attempts: 1 });
    expect(logger.find('dead-lettered')).toMatchObject({ reason: 'too-large', delaySeconds: 31_532_401 });
    expect(result.batchItemFailures).toEqual([]);
  });
});

async function failOnce(config: ReturnType<typeof transportConfig>, random?: () => number) {
  const harness = backoffHarness(failingWith(new Error('boom')), { config, random });
  const result = await harness.run(sqsEvent(sqsRecord({ messageId: 'm-boundary' })));
  return { ...harness, result };
}
