/**
 * The runtime sizes its copies by the queues' real limits (from the construct's environment),
 * not by SQS's 1 MiB maximum: a dead-letter copy that would not fit is trimmed, never refused; a
 * requeued copy that the work queue would refuse is never parked.
 */
import { describe, expect, it } from 'vitest';
import { BACKOFF_ATTRIBUTE, ENV } from '../../../lambda/contract';
import { messageBytes } from '../../../lambda/runtime/fitMessage';
import { toWireAttributes } from '../../../lambda/runtime/attributes';
import { NonRetryableError, readRuntimeConfig } from '../../../lambda/runtime';
import { TEST_CONFIG, backoffHarness, failingWith } from '../../helpers/backoffHarness';
import { CONSUMER_ENVIRONMENT } from '../../helpers/consumerEnvironment';
import { binaryAttribute, sqsEvent, sqsRecord, stringAttribute } from '../../helpers/sqsRecord';

const QUARTER_MIB = 262_144;
const ONE_MIB = 1_048_576;

/** A record whose body and attributes together are exactly `bytes` long. */
function recordOfSize(bytes: number, messageId = 'm-1') {
  const messageAttributes = { tenant: stringAttribute('acme'), blob: binaryAttribute(new Uint8Array([0, 1, 2, 0xfa, 0xff])) };
  // tenant + String + acme = 16; blob + Binary + 5 bytes = 15
  const body = 'x'.repeat(bytes - 16 - 15);
  return sqsRecord({ messageId, body, attributes: messageAttributes });
}

function sentBytes(input: { MessageBody?: string; MessageAttributes?: Record<string, { DataType?: string; StringValue?: string; BinaryValue?: Uint8Array }> }): number {
  let bytes = Buffer.byteLength(input.MessageBody ?? '');
  for (const [name, a] of Object.entries(input.MessageAttributes ?? {})) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(a.DataType ?? '') + (a.BinaryValue ? a.BinaryValue.length : Buffer.byteLength(a.StringValue ?? ''));
  }
  return bytes;
}

describe('dead-letter copies at the queue limits', () => {
  it('a 256 KiB dead-letter queue: a full-size message loses x-backoff rather than being refused', async () => {
    // GIVEN both queues at SQS's default 256 KiB (the user's configuration is allowed to be so tight)
    const config = { ...TEST_CONFIG, maxMessageBytes: QUARTER_MIB, deadLetterMaxMessageBytes: QUARTER_MIB };
    const { run, deadLettered } = backoffHarness(failingWith(new NonRetryableError('bad')), { config });
    // WHEN a message of exactly 256 KiB is dead-lettered
    const result = await run(sqsEvent(recordOfSize(QUARTER_MIB)));
    // THEN the copy fits in 256 KiB, body and user attributes intact, and the record is acknowledged
    const [{ input }] = deadLettered();
    expect(sentBytes(input)).toBe(QUARTER_MIB);
    expect(Object.keys(input.MessageAttributes!).sort()).toEqual(['blob', 'tenant']);
    expect(result.batchItemFailures).toEqual([]);
  });

  it('a DLQ with the construct\'s 2 KiB of room keeps the full x-backoff of a 256 KiB message', async () => {
    const config = { ...TEST_CONFIG, maxMessageBytes: QUARTER_MIB, deadLetterMaxMessageBytes: QUARTER_MIB + 2048 };
    const { run, deadLettered } = backoffHarness(failingWith(new NonRetryableError('bad')), { config });
    await run(sqsEvent(recordOfSize(QUARTER_MIB)));
    const [{ input, backoff }] = deadLettered();
    expect(backoff).toMatchObject({ reason: 'non-retryable', attempts: 1, originalMessageId: 'm-1', lastError: { name: 'NonRetryableError', message: 'bad' } });
    expect(sentBytes(input)).toBeGreaterThan(QUARTER_MIB);
    expect(sentBytes(input)).toBeLessThanOrEqual(QUARTER_MIB + 2048);
  });

  it('a 1 MiB dead-letter queue: a near-1 MiB message is trimmed to fit, never refused', async () => {
    const config = { ...TEST_CONFIG, maxMessageBytes: ONE_MIB, deadLetterMaxMessageBytes: ONE_MIB };
    const { run, deadLettered } = backoffHarness(failingWith(new NonRetryableError('bad')), { config });
    await run(sqsEvent(recordOfSize(ONE_MIB - 100)));
    const [{ input, backoff }] = deadLettered();
    expect(backoff).toEqual({ reason: 'non-retryable', attempts: 1, originalMessageId: 'm-1' });
    expect(sentBytes(input)).toBeLessThanOrEqual(ONE_MIB);
  });

  it('a 1 MiB dead-letter queue keeps the full x-backoff of a 300 KiB message that a 256 KiB one would trim', async () => {
    const config = { ...TEST_CONFIG, maxMessageBytes: ONE_MIB, deadLetterMaxMessageBytes: ONE_MIB };
    const { run, deadLettered } = backoffHarness(failingWith(new NonRetryableError('bad')), { config });
    await run(sqsEvent(recordOfSize(300 * 1024)));
    expect(deadLettered()[0].backoff).toMatchObject({ reason: 'non-retryable', lastError: { name: 'NonRetryableError' } });
  });
});

describe('requeued copies at the work queue limit', () => {
  const config = { ...TEST_CONFIG, maxMessageBytes: 64 * 1024, deadLetterMaxMessageBytes: 66 * 1024 };

  it('without the visibility fallback, dead-letters too-large, never parks, a message whose requeued copy the 64 KiB work queue would refuse', async () => {
    // GIVEN a message the work queue accepted with 10 bytes to spare
    const { run, parked, deadLettered } = backoffHarness(failingWith(new Error('boom')), { config: { ...config, visibilityFallback: false } });
    const result = await run(sqsEvent(recordOfSize(64 * 1024 - 10)));
    // THEN x-backoff could not ride along: no execution that would fail its requeue after the wait
    expect(parked()).toEqual([]);
    expect(deadLettered()[0].backoff).toMatchObject({ reason: 'too-large', attempts: 1 });
    expect(result.batchItemFailures).toEqual([]);
  });

  it('parks a message whose requeued copy fits, and that copy is within the limit', async () => {
    const { run, parked } = backoffHarness(failingWith(new Error('boom')), { config });
    await run(sqsEvent(recordOfSize(60 * 1024)));
    const [{ input }] = parked();
    expect(messageBytes(input.body, input.attributes)).toBeLessThanOrEqual(64 * 1024);
    expect(input.attributes[BACKOFF_ATTRIBUTE]).toBeTruthy();
    // independent of the runtime's own arithmetic: the user's part is as received
    expect(messageBytes(input.body, toWireAttributes(recordOfSize(60 * 1024).messageAttributes))).toBe(60 * 1024);
  });
});

describe('readRuntimeConfig message limits', () => {
  const env = CONSUMER_ENVIRONMENT;

  it('reads both limits', () => {
    const config = readRuntimeConfig({ ...env, [ENV.maxMessageBytes]: '262144', [ENV.deadLetterMaxMessageBytes]: '264192' });
    expect([config.maxMessageBytes, config.deadLetterMaxMessageBytes]).toEqual([262_144, 264_192]);
  });

  it('leaves them unset when the environment has none (SQS default 256 KiB applies)', () => {
    const config = readRuntimeConfig(env);
    expect([config.maxMessageBytes, config.deadLetterMaxMessageBytes]).toEqual([undefined, undefined]);
  });

  it('rejects a limit above 1 MiB, naming the variable', () => {
    expect(() => readRuntimeConfig({ ...env, [ENV.maxMessageBytes]: '1048577' })).toThrow(
      'BACKOFF_MAX_MESSAGE_BYTES must be a whole number of bytes from 1024 to 1048576 (given 1048577)',
    );
  });

  it('rejects a limit below 1 KiB, naming the variable', () => {
    expect(() => readRuntimeConfig({ ...env, [ENV.deadLetterMaxMessageBytes]: '1023' })).toThrow(
      'BACKOFF_DEAD_LETTER_MAX_MESSAGE_BYTES must be a whole number of bytes from 1024 to 1048576 (given 1023)',
    );
  });
});

describe('default limits when the configuration names none', () => {
  it('sizes a dead-letter copy for SQS default 256 KiB', async () => {
    const { maxMessageBytes: _q, deadLetterMaxMessageBytes: _d, ...config } = TEST_CONFIG;
    const { run, deadLettered } = backoffHarness(failingWith(new NonRetryableError('bad')), { config });
    await run(sqsEvent(recordOfSize(QUARTER_MIB)));
    expect(sentBytes(deadLettered()[0].input)).toBeLessThanOrEqual(QUARTER_MIB);
  });
});
