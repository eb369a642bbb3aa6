import { describe, expect, it } from 'vitest';
import { parseBackoffMetadata, serializeBackoffMetadata } from '../../../lambda/runtime';
import { backoffMetadata, stringAttribute } from '../../helpers/sqsRecord';

describe('x-backoff metadata', () => {
  it('round-trips through serialize and parse', () => {
    // GIVEN full metadata
    const metadata = backoffMetadata({
      attempt: 3,
      lastError: { name: 'Boom', message: 'ünïcødé 🚀' },
      lastDelaySeconds: 16,
      reason: 'exhausted',
      attempts: 3,
      history: [{ attempt: 2, firstReceivedAt: '2025-01-01T00:00:00.000Z', originalMessageId: 'o' }],
    });
    // WHEN / THEN
    expect(parseBackoffMetadata(stringAttribute(serializeBackoffMetadata(metadata)))).toEqual({ status: 'ok', metadata });
  });

  it('serializes compactly, in a stable order, without absent fields', () => {
    expect(serializeBackoffMetadata({ originalMessageId: 'o', attempt: 1, firstReceivedAt: '2026-01-01T00:00:00.000Z' })).toBe(
      '{"attempt":1,"firstReceivedAt":"2026-01-01T00:00:00.000Z","originalMessageId":"o"}',
    );
  });

  it('reads a missing attribute as missing', () => {
    expect(parseBackoffMetadata(undefined)).toEqual({ status: 'missing' });
  });

  it('drops optional fields of the wrong type instead of failing', () => {
    const reading = parseBackoffMetadata(
      stringAttribute('{"attempt":2,"firstReceivedAt":"2026-01-01T00:00:00Z","originalMessageId":"o","lastError":"oops","lastDelaySeconds":-3}'),
    );
    expect(reading).toEqual({
      status: 'ok',
      metadata: expect.objectContaining({ attempt: 2, originalMessageId: 'o', lastError: undefined, lastDelaySeconds: undefined }),
    });
  });

  it.each([
    ['not JSON', '{'],
    ['null', 'null'],
    ['a fractional attempt', '{"attempt":1.5,"firstReceivedAt":"2026-01-01T00:00:00Z","originalMessageId":"o"}'],
    ['a string attempt', '{"attempt":"1","firstReceivedAt":"2026-01-01T00:00:00Z","originalMessageId":"o"}'],
    ['an empty originalMessageId', '{"attempt":1,"firstReceivedAt":"2026-01-01T00:00:00Z","originalMessageId":""}'],
  ])('reports %s as corrupt, with the problem', (_case, value) => {
    const reading = parseBackoffMetadata(stringAttribute(value));
    expect(reading.status).toBe('corrupt');
    expect(reading.status === 'corrupt' && reading.problem).toMatch(/^x-backoff/);
  });
});
