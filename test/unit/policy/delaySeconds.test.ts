import { describe, expect, it } from 'vitest';
import { PolicySpec, delaySeconds, schedule, worstCaseSchedule } from '../../../lambda/backoff';
import { constantRandom } from '../../helpers/seededRandom';

describe('delaySeconds — the seed formulas, exactly', () => {
  it('fixed with a step is t0 + n·d', () => {
    // GIVEN t0 = 5, d = 3
    const spec: PolicySpec = { kind: 'fixed', base: 5, step: 3 };
    // WHEN / THEN
    expect([1, 2, 3, 4].map((n) => delaySeconds(spec, n))).toEqual([8, 11, 14, 17]);
  });

  it('fixed without a step is a constant base', () => {
    const spec: PolicySpec = { kind: 'fixed', base: 7 };
    expect([1, 2, 10].map((n) => delaySeconds(spec, n))).toEqual([7, 7, 7]);
  });

  it('exponential with the default factor is t0·2^n', () => {
    const spec: PolicySpec = { kind: 'exponential', base: 2 };
    expect([1, 2, 3, 4, 5].map((n) => delaySeconds(spec, n))).toEqual([4, 8, 16, 32, 64]);
  });

  it('exponential honours a custom factor', () => {
    const spec: PolicySpec = { kind: 'exponential', base: 1, factor: 3 };
    expect([1, 2, 3].map((n) => delaySeconds(spec, n))).toEqual([3, 9, 27]);
  });

  it('exponential is clamped to its cap', () => {
    const spec: PolicySpec = { kind: 'exponential', base: 2, cap: 20 };
    expect([1, 2, 3, 4].map((n) => delaySeconds(spec, n))).toEqual([4, 8, 16, 20]);
  });

  it('random is t0 + n·d·rand with a fixed random source', () => {
    const spec: PolicySpec = { kind: 'random', base: 10, step: 4 };
    expect([1, 2, 3].map((n) => delaySeconds(spec, n, constantRandom(0.5)))).toEqual([12, 14, 16]);
  });

  it('random with rand = 0 is exactly t0', () => {
    const spec: PolicySpec = { kind: 'random', base: 10, step: 4 };
    expect(delaySeconds(spec, 3, constantRandom(0))).toBe(10);
  });

  it('full jitter is r · min(cap, base·2^n)', () => {
    const spec: PolicySpec = { kind: 'full-jitter', base: 1, cap: 10 };
    expect(delaySeconds(spec, 2, constantRandom(0.5))).toBe(2);
    expect(delaySeconds(spec, 6, constantRandom(0.5))).toBe(5);
  });

  it('equal jitter is v/2 + r·v/2', () => {
    const spec: PolicySpec = { kind: 'equal-jitter', base: 1, cap: 100 };
    expect(delaySeconds(spec, 3, constantRandom(0))).toBe(4);
    expect(delaySeconds(spec, 3, constantRandom(0.5))).toBe(6);
  });

  it('decorrelated jitter starts from base and grows from the previous delay', () => {
    const spec: PolicySpec = { kind: 'decorrelated-jitter', base: 2, cap: 100 };
    expect(delaySeconds(spec, 1, constantRandom(0.5))).toBe(4); // 2 + 0.5·(6 − 2)
    expect(delaySeconds(spec, 2, constantRandom(0.5), 10)).toBe(16); // 2 + 0.5·(30 − 2)
    expect(delaySeconds(spec, 3, constantRandom(0.99), 90)).toBe(100); // capped
  });

  it('step-functions: interval 2, rate 2 gives 2, 4, 8', () => {
    const spec: PolicySpec = { kind: 'step-functions', interval: 2, rate: 2 };
    expect([1, 2, 3].map((n) => delaySeconds(spec, n))).toEqual([2, 4, 8]);
  });

  it('step-functions defaults to interval 1 and rate 2, like ASL', () => {
    const spec: PolicySpec = { kind: 'step-functions' };
    expect([1, 2, 3, 4].map((n) => delaySeconds(spec, n))).toEqual([1, 2, 4, 8]);
  });

  it('step-functions MaxDelaySeconds caps the delay', () => {
    const spec: PolicySpec = { kind: 'step-functions', interval: 2, rate: 2, maxDelay: 5 };
    expect([1, 2, 3, 4].map((n) => delaySeconds(spec, n))).toEqual([2, 4, 5, 5]);
  });

  it('step-functions FULL jitter stays within [0, delay]', () => {
    const spec: PolicySpec = { kind: 'step-functions', interval: 2, rate: 2, jitter: 'FULL' };
    expect(delaySeconds(spec, 3, constantRandom(0))).toBe(0);
    expect(delaySeconds(spec, 3, constantRandom(0.5))).toBe(4);
    expect(delaySeconds(spec, 3, constantRandom(1 - Number.EPSILON))).toBe(8);
  });

  it('rounds half-seconds to whole seconds', () => {
    const spec: PolicySpec = { kind: 'exponential', base: 0.75 };
    expect(delaySeconds(spec, 1)).toBe(2); // 1.5 → 2
    expect(delaySeconds(spec, 2)).toBe(3); // 3
  });

  it('rejects n below 1', () => {
    expect(() => delaySeconds({ kind: 'fixed', base: 1 }, 0)).toThrow('n must be a whole number of failures ≥ 1 (given 0)');
  });

  it('rejects a fractional n', () => {
    expect(() => delaySeconds({ kind: 'fixed', base: 1 }, 1.5)).toThrow('(given 1.5)');
  });
});

describe('schedule', () => {
  it('lists maxAttempts − 1 waits', () => {
    expect(schedule({ kind: 'exponential', base: 2, cap: 300 }, 5)).toEqual([4, 8, 16, 32]);
  });

  it('is empty for a single attempt', () => {
    expect(schedule({ kind: 'fixed', base: 3 }, 1)).toEqual([]);
  });

  it('threads the previous delay through decorrelated jitter', () => {
    expect(schedule({ kind: 'decorrelated-jitter', base: 1, cap: 1000 }, 4, constantRandom(0.5))).toEqual([2, 4, 7]); // 1+0.5·2, 1+0.5·5 → 3.5, 1+0.5·11 → 6.5
  });

  it('rejects maxAttempts below 1', () => {
    expect(() => schedule({ kind: 'fixed', base: 3 }, 0)).toThrow('maxAttempts must be a whole number ≥ 1 (given 0)');
  });

  it('worst case takes r at its upper end', () => {
    expect(worstCaseSchedule({ kind: 'full-jitter', base: 1, cap: 10 }, 6)).toEqual([2, 4, 8, 10, 10]);
  });
});
