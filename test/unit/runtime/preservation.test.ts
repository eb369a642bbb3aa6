import { describe, expect, it } from 'vitest';
import { BACKOFF_ATTRIBUTE, MAX_EXECUTION_INPUT_BYTES } from '../../../lambda/contract';
import { NonRetryableError } from '../../../lambda/runtime';
import { NO_FALLBACK_CONFIG, backoffHarness, failingWith } from '../../helpers/backoffHarness';
import {
  backoffMetadata,
  binaryAttribute,
  manyAttributes,
  numberAttribute,
  sqsEvent,
  sqsRecord,
  stringAttribute,
} from '../../helpers/sqsRecord';

/** Bytes that are not valid UTF-8 (a lone continuation byte, an overlong form, 0xFF, a NUL). */
const NOT_UTF8 = Uint8Array.from([0x80, 0xc0, 0xaf, 0xff, 0x00, 0xfe, 0xc3, 0x28]);
const PNG_HEADER = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A body mixing scripts, an astral emoji, a combining accent, control-ish whitespace and JSON-hostile characters. */
const TRICKY_BODY = '  {"text": "naïve café — 東京 🚀 e\u0301",\r\n\t"quote": "\\"\'<>&", "nbsp": "\u00a0", "ls": "\u2028"}  \n';

const USER_ATTRIBUTES = {
  text: stringAttribute('  spaced  ünïcødé 🚀 \n'),
  json: stringAttribute('{"a":1}', 'String.json'),
  amount: numberAttribute('0001.500'),
  ratio: numberAttribute('-1e-7', 'Number.float'),
  raw: binaryAttribute(NOT_UTF8),
  image: binaryAttribute(PNG_HEADER, 'Binary.png'),
};

const EXPECTED_WIRE = {
  text: { DataType: 'String', StringValue: '  spaced  ünïcødé 🚀 \n' },
  json: { DataType: 'String.json', StringValue: '{"a":1}' },
  amount: { DataType: 'Number', StringValue: '0001.500' },
  ratio: { DataType: 'Number.float', StringValue: '-1e-7' },
  raw: { DataType: 'Binary', BinaryValue: Buffer.from(NOT_UTF8).toString('base64') },
  image: { DataType: 'Binary.png', BinaryValue: Buffer.from(PNG_HEADER).toString('base64') },
};

describe('user data is preserved byte for byte', () => {
  it('carries body and user attributes (String, Number, Binary incl. non-UTF-8 bytes) into the StartExecution input', async () => {
    // GIVEN a message with tricky body and every attribute type
    const { run, parked } = backoffHarness(failingWith(new Error('retry me')));
    // WHEN it is parked
    await run(sqsEvent(sqsRecord({ body: TRICKY_BODY, attributes: USER_ATTRIBUTES })));
    // THEN the raw JSON input decodes to exactly the same body and attributes (plus x-backoff)
    const [execution] = parked();
    expect(execution.input.body).toBe(TRICKY_BODY);
    const { [BACKOFF_ATTRIBUTE]: ours, ...theirs } = execution.input.attributes;
    expect(theirs).toEqual(EXPECTED_WIRE);
    expect(ours.DataType).toBe('String');
    const { [BACKOFF_ATTRIBUTE]: _dl, ...theirsForDlq } = execution.input.deadLetterAttributes;
    expect(theirsForDlq).toEqual(EXPECTED_WIRE);
    expect(Buffer.from(execution.input.attributes.raw.BinaryValue!, 'base64')).toEqual(Buffer.from(NOT_UTF8));
  });

  it('sends body and user attributes to the DLQ verbatim, binary values as the original bytes', async () => {
    // GIVEN the same message, declared hopeless
    const { run, deadLettered } = backoffHarness(failingWith(new NonRetryableError('no')));
    // WHEN it is dead-lettered
    await run(sqsEvent(sqsRecord({ body: TRICKY_BODY, attributes: USER_ATTRIBUTES })));
    // THEN the SendMessage carries the exact body, strings, numbers and bytes
    const [{ input }] = deadLettered();
    expect(input.MessageBody).toBe(TRICKY_BODY);
    const attributes = input.MessageAttributes!;
    expect(attributes.text).toEqual({ DataType: 'String', StringValue: '  spaced  ünïcødé 🚀 \n' });
    expect(attributes.json).toEqual({ DataType: 'String.json', StringValue: '{"a":1}' });
    expect(attributes.amount).toEqual({ DataType: 'Number', StringValue: '0001.500' });
    expect(attributes.ratio).toEqual({ DataType: 'Number.float', StringValue: '-1e-7' });
    expect(attributes.raw.DataType).toBe('Binary');
    expect(Buffer.from(attributes.raw.BinaryValue!)).toEqual(Buffer.from(NOT_UTF8));
    expect(attributes.image.DataType).toBe('Binary.png');
    expect(Buffer.from(attributes.image.BinaryValue!)).toEqual(Buffer.from(PNG_HEADER));
    expect(Object.keys(attributes).sort()).toEqual([...Object.keys(USER_ATTRIBUTES), BACKOFF_ATTRIBUTE].sort());
  });

  describe('an attribute named __proto__ (legal in SQS), parsed from the event JSON as Lambda does', () => {
    const protoAttributes = () =>
      JSON.parse('{"__proto__":{"stringValue":"p","dataType":"String","stringListValues":[],"binaryListValues":[]}}');

    it('is kept in the StartExecution input', async () => {
      const { run, parked } = backoffHarness(failingWith(new Error('retry me')));
      await run(sqsEvent(sqsRecord({ attributes: protoAttributes() })));
      const [execution] = parked();
      expect(Object.keys(execution.input.attributes).sort()).toEqual(['__proto__', BACKOFF_ATTRIBUTE]);
      expect(execution.input.attributes['__proto__']).toEqual({ DataType: 'String', StringValue: 'p' });
    });

    it('is kept in the dead-letter SendMessage', async () => {
      const { run, deadLettered } = backoffHarness(failingWith(new NonRetryableError('no')));
      await run(sqsEvent(sqsRecord({ attributes: protoAttributes() })));
      const [{ input }] = deadLettered();
      expect(Object.keys(input.MessageAttributes!).sort()).toEqual(['__proto__', BACKOFF_ATTRIBUTE]);
      expect(Object.getOwnPropertyDescriptor(input.MessageAttributes, '__proto__')?.value).toEqual({ DataType: 'String', StringValue: 'p' });
    });
  });

  it('replaces the incoming x-backoff instead of forwarding it as a user attribute', async () => {
    // GIVEN a requeued copy carrying x-backoff
    const { run, parked } = backoffHarness(failingWith(new Error('x')));
    await run(sqsEvent(sqsRecord({ attributes: { tenant: stringAttribute('t') }, backoff: backoffMetadata({ attempt: 1 }) })));
    // THEN the next park has the user's attribute and one, updated, x-backoff
    const { attributes } = parked()[0].input;
    expect(Object.keys(attributes).sort()).toEqual(['tenant', BACKOFF_ATTRIBUTE]);
    expect(JSON.parse(attributes[BACKOFF_ATTRIBUTE].StringValue!).attempt).toBe(2);
  });

  it('hands the handler only the user attributes', async () => {
    // GIVEN a requeued copy with user attributes and x-backoff
    let seen: string[] = [];
    const { run } = backoffHarness((message) => {
      seen = Object.keys(message.attributes);
    });
    // WHEN / THEN x-backoff is hidden from the handler
    await run(sqsEvent(sqsRecord({ attributes: USER_ATTRIBUTES, backoff: backoffMetadata() })));
    expect(seen.sort()).toEqual(Object.keys(USER_ATTRIBUTES).sort());
  });

  it('cuts lastError.message to 256 characters in x-backoff', async () => {
    // GIVEN an error with a very long message
    const { run, parked } = backoffHarness(failingWith(new Error('e'.repeat(5000))));
    // WHEN / THEN
    await run(sqsEvent(sqsRecord()));
    expect(parked()[0].input.backoff.lastError?.message).toHaveLength(256);
  });
});

describe('messages whose user attributes leave no room for x-backoff', () => {
  it('leaves a retryable failure to SQS redelivery and logs attribute-limit', async () => {
    // GIVEN a message already using all 10 attributes
    const { run, parked, deadLettered, logger } = backoffHarness(failingWith(new Error('x')));
    // WHEN its handler fails
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm-full', attributes: manyAttributes(10) })));
    // THEN it is reported for redelivery, neither parked nor dead-lettered
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-full' }]);
    expect(parked()).toHaveLength(0);
    expect(deadLettered()).toHaveLength(0);
    expect(logger.find('attribute-limit')).toMatchObject({ level: 'warn', messageId: 'm-full', attempt: 1 });
  });

  it('dead-letters a non-retryable failure with the user attributes only', async () => {
    // GIVEN a message using all 10 attributes
    const { run, deadLettered, logger } = backoffHarness(failingWith(new NonRetryableError('no')));
    // WHEN its handler gives up
    const result = await run(sqsEvent(sqsRecord({ attributes: manyAttributes(10) })));
    // THEN the DLQ copy carries exactly the 10 user attributes, and the reason is logged
    expect(result.batchItemFailures).toEqual([]);
    const [{ input, backoff }] = deadLettered();
    expect(backoff).toBeUndefined();
    expect(Object.keys(input.MessageAttributes!).sort()).toEqual(Object.keys(manyAttributes(10)).sort());
    expect(logger.find('dead-lettered')).toMatchObject({ reason: 'non-retryable' });
    expect(logger.find('dead-lettered')?.withoutMetadata).toMatch(/no room/);
  });

  it('counts attempts by receive count, so maxAttempts still ends the retries', async () => {
    // GIVEN the 4th receive (maxAttempts 4) of a message without room for x-backoff
    const attempts: number[] = [];
    const { run, deadLettered } = backoffHarness((_m, context) => {
      attempts.push(context.attempt);
      throw new Error('x');
    });
    // WHEN it fails again
    await run(sqsEvent(sqsRecord({ attributes: manyAttributes(10), receiveCount: 4 })));
    // THEN this was attempt 4, and the message is dead-lettered as exhausted
    expect(attempts).toEqual([4]);
    expect(deadLettered()).toHaveLength(1);
  });

  it('parks a message with 9 user attributes (x-backoff makes 10)', async () => {
    const { run, parked } = backoffHarness(failingWith(new Error('x')));
    await run(sqsEvent(sqsRecord({ attributes: manyAttributes(9) })));
    expect(Object.keys(parked()[0].input.attributes)).toHaveLength(10);
  });
});

describe('messages too large to park', () => {
  it('without the visibility fallback, dead-letters with reason too-large when the execution input would pass 256 KiB', async () => {
    // GIVEN a 300 KiB body (SQS allows up to 1 MiB; Step Functions input only 256 KiB)
    const body = 'x'.repeat(300 * 1024);
    const { run, parked, deadLettered, logger } = backoffHarness(failingWith(new Error('x')), { config: NO_FALLBACK_CONFIG });
    // WHEN it fails with a retryable error
    const result = await run(sqsEvent(sqsRecord({ body })));
    // THEN it is dead-lettered, body intact, instead of being parked
    expect(result.batchItemFailures).toEqual([]);
    expect(parked()).toHaveLength(0);
    const [{ input, backoff }] = deadLettered();
    expect(input.MessageBody).toBe(body);
    expect(backoff).toMatchObject({ reason: 'too-large', attempts: 1 });
    expect(logger.find('dead-lettered')?.detail).toMatch(/over the 262144-byte Step Functions limit/);
  });

  it('measures UTF-8 bytes, not characters', async () => {
    // GIVEN 100 Ki three-byte characters: 100 Ki UTF-16 units but 300 KiB of UTF-8
    const body = '東'.repeat(100 * 1024);
    expect(body.length).toBeLessThan(MAX_EXECUTION_INPUT_BYTES);
    const { run, parked, deadLettered } = backoffHarness(failingWith(new Error('x')), { config: NO_FALLBACK_CONFIG });
    // WHEN / THEN it counts as too large
    await run(sqsEvent(sqsRecord({ body })));
    expect(parked()).toHaveLength(0);
    expect(deadLettered()[0].backoff?.reason).toBe('too-large');
  });

  it('still parks a body just under the limit', async () => {
    // GIVEN a 200 KiB body
    const { run, parked } = backoffHarness(failingWith(new Error('x')));
    await run(sqsEvent(sqsRecord({ body: 'y'.repeat(200 * 1024) })));
    // THEN it is parked and its input fits
    expect(parked()).toHaveLength(1);
    expect(Buffer.byteLength(parked()[0].rawInput)).toBeLessThanOrEqual(MAX_EXECUTION_INPUT_BYTES);
  });
});
