import { describe, expect, it } from 'vitest';
import { BACKOFF_ATTRIBUTE, MAX_MESSAGE_BYTES, WireAttribute } from '../../../lambda/contract';
import { fitMessage, messageBytes } from '../../../lambda/runtime/fitMessage';

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

describe('fitMessage keeps a dead-letter copy under the 1 MiB SQS limit', () => {
  it('leaves a small message untouched', () => {
    const attrs = attributes();
    expect(fitMessage('{}', attrs, ESSENTIALS)).toBe('full');
    expect(attrs[BACKOFF_ATTRIBUTE]).toEqual(FULL_BACKOFF);
  });

  it('cuts x-backoff to reason, attempts and originalMessageId when only that fits', () => {
    const attrs = attributes();
    const body = 'x'.repeat(MAX_MESSAGE_BYTES - 200);
    expect(fitMessage(body, attrs, ESSENTIALS)).toBe('compact');
    expect(JSON.parse(attrs[BACKOFF_ATTRIBUTE].StringValue!)).toEqual({ reason: 'exhausted', attempts: 3, originalMessageId: 'm-1' });
    expect(messageBytes(body, attrs)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
  });

  it('leaves x-backoff out, never the user attributes, when nothing of it fits', () => {
    const attrs = attributes();
    expect(fitMessage('x'.repeat(MAX_MESSAGE_BYTES - 20), attrs, ESSENTIALS)).toBe('none');
    expect(Object.keys(attrs)).toEqual(['tenant']);
  });
});
