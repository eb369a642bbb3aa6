import { describe, expect, it } from 'vitest';
import { RetryAfterError, isRetryAfterError, retryAfterFromHeader } from '../../../lambda/runtime';
import { handlerDelaySeconds } from '../../../lambda/runtime/retryAfter';

const NOW = Date.parse('2026-12-07T22:00:00Z');

describe('retryAfterFromHeader', () => {
  it.each([
    ['120', 120],
    [' 7 ', 7],
    ['0', 0],
    // RFC 9110 §5.6.7's three HTTP-date forms, each 90 s after NOW.
    ['Mon, 07 Dec 2026 22:01:30 GMT', 90],
    ['Monday, 07-Dec-26 22:01:30 GMT', 90],
    ['Mon Dec  7 22:01:30 2026', 90],
    // Rounded up: never a retry before the server's time.
    ['Mon, 07 Dec 2026 22:00:00 GMT', 0],
    // In the past: no wait.
    ['Sun, 06 Nov 1994 08:49:37 GMT', 0],
  ])('GIVEN %j WHEN read at a fixed time THEN waits %d s', (value, seconds) => {
    expect(retryAfterFromHeader(value, NOW)).toBe(seconds);
  });

  it('rounds a date between whole seconds up', () => {
    expect(retryAfterFromHeader('Mon, 07 Dec 2026 22:00:10 GMT', NOW + 200)).toBe(10);
    expect(retryAfterFromHeader('Mon, 07 Dec 2026 22:00:10 GMT', new Date(NOW + 1_000))).toBe(9);
  });

  it.each([undefined, null, '', '-5', '1.5', 'soon', 'Mon, 32 Dec 2026 22:01:30 GMT', 'Mon, 07 Dec 2026 24:01:30 GMT', 'Mon, 07 Dec 2026 22:01:30 UTC', '2026-12-07T22:01:30Z'])(
    'GIVEN the malformed %j THEN answers undefined (the caller picks a default)',
    (value) => {
      expect(retryAfterFromHeader(value, NOW)).toBeUndefined();
    },
  );

  it('reads a two-digit RFC 850 year more than 50 years ahead as the past century', () => {
    expect(retryAfterFromHeader('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(0);
  });
});

describe('RetryAfterError', () => {
  it('is recognised by brand across module copies, and by name', () => {
    const error = new RetryAfterError(7);
    expect(error.name).toBe('RetryAfterError');
    expect(error.message).toBe('retry after 7');
    expect(isRetryAfterError(error)).toBe(true);
    expect(isRetryAfterError({ [Symbol.for('sqs-backoff.retry-after')]: true, retryAfter: 3 })).toBe(true);
    expect(isRetryAfterError(new Error('x'))).toBe(false);
  });

  it.each([
    [7, 7],
    [7.2, 8],
    [0, 0],
    [new Date(NOW + 7_001), 8],
    [new Date(NOW - 5_000), 0],
  ])('GIVEN retryAfter %j THEN the wait is %d whole seconds, rounded up', (retryAfter, seconds) => {
    expect(handlerDelaySeconds(retryAfter, NOW)).toBe(seconds);
  });

  it.each([NaN, -1, Infinity, new Date('nope')])('GIVEN the unusable %s THEN says why', (retryAfter) => {
    expect(handlerDelaySeconds(retryAfter, NOW)).toMatch(/^retryAfter must be/);
  });
});
