import { describe, expect, it } from 'vitest';
import { isoTime } from '../../../lambda/runtime/isoTime';

describe('isoTime', () => {
  it.each([
    ['the epoch', 0],
    ['the last ms of 1970-01-01', 86_399_999],
    ['a leap day (2000-02-29)', Date.UTC(2000, 1, 29, 23, 59, 59, 999)],
    ['the day after a leap day', Date.UTC(2024, 2, 1)],
    ['2100-02-28 (no leap year)', Date.UTC(2100, 1, 28, 12)],
    ['2100-03-01', Date.UTC(2100, 2, 1)],
    ['New Year 2026', Date.UTC(2026, 0, 1)],
    ['the last ms before year 10000', 253_402_300_799_999],
    ['a typical ApproximateFirstReceiveTimestamp', 1_763_934_000_012],
  ])('writes what toISOString writes for %s', (_case, ms) => {
    expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });

  it('agrees with toISOString on 200,000 random times between 1970 and 9999 (seeded)', () => {
    let seed = 0x1234_5678;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let i = 0; i < 200_000; i++) {
      // Mix wide-range times with times near now (where real first receipts are).
      const ms = i % 2 === 0 ? Math.floor(random() * 253_402_300_800_000) : 1_700_000_000_000 + Math.floor(random() * 1e11);
      if (isoTime(ms) !== new Date(ms).toISOString()) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('gives the right time again after a different one (the last result is remembered)', () => {
    const first = Date.UTC(2026, 10, 23, 21, 40, 0, 12);
    const second = Date.UTC(1999, 11, 31, 23, 59, 59, 999);
    expect([isoTime(first), isoTime(first), isoTime(second), isoTime(first)]).toEqual([
      '2026-11-23T21:40:00.012Z',
      '2026-11-23T21:40:00.012Z',
      '1999-12-31T23:59:59.999Z',
      '2026-11-23T21:40:00.012Z',
    ]);
  });

  it('falls back to toISOString outside its range and for fractional ms', () => {
    for (const ms of [-1, -86_400_001, 253_402_300_800_000, 8.64e15, 1_763_934_000_012.7, -0.5]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('throws RangeError for NaN and infinities, like toISOString', () => {
    for (const ms of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1]) {
      expect(() => isoTime(ms)).toThrow(RangeError);
    }
  });
});
