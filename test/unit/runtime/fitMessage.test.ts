import { describe, expect, it } from 'vitest';
import { BACKOFF_ATTRIBUTE, WireAttribute } from '../../../lambda/contract';
import { fitMessage, messageBytes, messageBytesOver } from '../../../lambda/runtime/fitMessage';

const FULL_BACKOFF: WireAttribute = {
  DataType: 'String',
  StringValue: JSON.stringify({
    attempt: 3,
    firstReceivedAt: '2026-11-23T10:00:00.000Z',
    originalMessageId: 'm-1',
    lastError: { name: 'Error', message: 'e'.repeat(256) },
    reason: 'exhausted',
    attempts: 3,
  }),
};

/** What the runtime knows of the message beside its full x-backoff. */
const ESSENTIALS = { reason: 'exhausted', attempts: 3, originalMessageId: 'm-1' } as const;

function attributes(): Record<string, WireAttribute> {
  return { tenant: { DataType: 'String', StringValue: 'acme' }, [BACKOFF_ATTRIBUTE]: { ...FULL_BACKOFF } };
}

describe('messageBytes', () => {
  it('counts the body and every attribute name, type and value, binary as decoded bytes', () => {
    const size = messageBytes('ab', { n: { DataType: 'String', StringValue: 'é' }, b: { DataType: 'Binary', BinaryValue: 'AAEC' } });
    expect(size).toBe(2 + (1 + 6 + 2) + (1 + 6 + 3));
  });
});

describe('messageBytesOver', () => {
  // 'é' is 2 UTF-8 bytes, '🚀' 4 (two UTF-16 units): 2 + (1 + 6 + 2) + (1 + 6 + 4) + (1 + 6 + 3) = 32 bytes.
  const body = 'ab';
  const attrs: Record<string, WireAttribute> = {
    n: { DataType: 'String', StringValue: 'é' },
    r: { DataType: 'String', StringValue: '🚀' },
    b: { DataType: 'Binary', BinaryValue: 'AAEC' },
  };

  it('is undefined for a message at or under the limit, even where characters could be 3 bytes each', () => {
    expect([messageBytesOver(body, attrs, 32), messageBytesOver(body, attrs, 40), messageBytesOver(body, attrs, 1024)]).toEqual([undefined, undefined, undefined]);
  });

  it('is the exact size for a message over the limit', () => {
    expect([messageBytesOver(body, attrs, 31), messageBytesOver(body, attrs, 1)]).toEqual([32, 32]);
  });
});

/** A 1 MiB queue (SQS's maximum, the construct's default) and a 256 KiB one (SQS's default). */
const ONE_MIB = 1_048_576;
const QUARTER_MIB = 262_144;

describe('fitMessage keeps a dead-letter copy under the 1 MiB SQS limit', () => {
  it('leaves a small message untouched', () => {
    const attrs = attributes();
    expect(fitMessage('{}', attrs, ESSENTIALS, ONE_MIB)).toBe('full');
    expect(attrs[BACKOFF_ATTRIBUTE]).toEqual(FULL_BACKOFF);
  });

  it('cuts x-backoff to reason, attempts and originalMessageId when only that fits', () => {
    const attrs = attributes();
    const body = 'x'.repeat(ONE_MIB - 200);
    expect(fitMessage(body, attrs, ESSENTIALS, ONE_MIB)).toBe('compact');
    expect(JSON.parse(attrs[BACKOFF_ATTRIBUTE].StringValue!)).toEqual({ reason: 'exhausted', attempts: 3, originalMessageId: 'm-1' });
    expect(messageBytes(body, attrs)).toBeLessThanOrEqual(ONE_MIB);
  });

  it('leaves x-backoff out, never the user attributes, when nothing of it fits', () => {
    const attrs = attributes();
    expect(fitMessage('x'.repeat(ONE_MIB - 20), attrs, ESSENTIALS, ONE_MIB)).toBe('none');
    expect(Object.keys(attrs)).toEqual(['tenant']);
  });
});

describe('fitMessage against a 256 KiB dead-letter queue', () => {
  // tenant (6) + String (6) + acme (4) = 16 bytes of user attributes
  const userBytes = 16;
  const fullBackoffBytes = BACKOFF_ATTRIBUTE.length + 'String'.length + FULL_BACKOFF.StringValue!.length;

  it('keeps the full x-backoff when the copy is exactly at the limit', () => {
    const attrs = attributes();
    const body = 'x'.repeat(QUARTER_MIB - userBytes - fullBackoffBytes);
    expect(fitMessage(body, attrs, ESSENTIALS, QUARTER_MIB)).toBe('full');
    expect(messageBytes(body, attrs)).toBe(QUARTER_MIB);
  });

  it('cuts x-backoff when the copy is one byte over the limit', () => {
    const attrs = attributes();
    const body = 'x'.repeat(QUARTER_MIB - userBytes - fullBackoffBytes + 1);
    expect(fitMessage(body, attrs, ESSENTIALS, QUARTER_MIB)).toBe('compact');
    expect(messageBytes(body, attrs)).toBeLessThanOrEqual(QUARTER_MIB);
  });

  it('trims a 300 KiB-sized copy for a 256 KiB queue although it would fit in 1 MiB', () => {
    const attrs = attributes();
    const body = 'x'.repeat(QUARTER_MIB - 20);
    expect(fitMessage(body, attrs, ESSENTIALS, ONE_MIB)).toBe('full');
    expect(fitMessage(body, attributes(), ESSENTIALS, QUARTER_MIB)).toBe('none');
  });

  it('counts a Binary attribute by its decoded bytes, not its base64 text', () => {
    // 5 bytes 00 01 02 fa ff travel as 8 characters of base64
    const binary: WireAttribute = { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 0xfa, 0xff]).toString('base64') };
    const attrs = { b: binary };
    const body = 'x'.repeat(QUARTER_MIB - (1 + 6 + 5));
    expect(messageBytes(body, attrs)).toBe(QUARTER_MIB);
    expect(fitMessage(body, attrs, ESSENTIALS, QUARTER_MIB)).toBe('full');
  });
});
