import { describe, expect, it } from 'vitest';
import { PolicySpec, delaySeconds } from '../../../lambda/backoff';
import { seededRandom } from '../../helpers/seededRandom';

const DRAWS = 20_000;

function draw(spec: PolicySpec, n: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: DRAWS }, () => delaySeconds(spec, n, random));
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

describe('jitter statistics over 20,000 seeded draws', () => {
  it('full jitter is uniform on [0, min(cap, base·2^n)] with its mean within 2 % of half the bound', () => {
    // GIVEN a bound of min(1000, 10·2^5) = 320
    const spec: PolicySpec = { kind: 'full-jitter', base: 10, cap: 1000 };
    // WHEN
    const delays = draw(spec, 5, 42);
    // THEN
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(320);
    expect(Math.abs(mean(delays) - 160) / 160).toBeLessThan(0.02);
  });

  it('full jitter fills every quarter of its range about equally', () => {
    const delays = draw({ kind: 'full-jitter', base: 10, cap: 1000 }, 5, 7);
    const quarters = [0, 0, 0, 0];
    for (const d of delays) quarters[Math.min(3, Math.floor(d / 80))]++;
    for (const count of quarters) expect(Math.abs(count / DRAWS - 0.25)).toBeLessThan(0.02);
  });

  it('full jitter uses the cap as its bound once base·2^n passes it', () => {
    const delays = draw({ kind: 'full-jitter', base: 10, cap: 100 }, 8, 11);
    expect(Math.max(...delays)).toBeLessThanOrEqual(100);
    expect(Math.abs(mean(delays) - 50) / 50).toBeLessThan(0.02);
  });

  it('equal jitter stays in [v/2, v]', () => {
    // v = min(500, 4·2^6) = 256
    const delays = draw({ kind: 'equal-jitter', base: 4, cap: 500 }, 6, 3);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(128);
    expect(Math.max(...delays)).toBeLessThanOrEqual(256);
    expect(Math.abs(mean(delays) - 192) / 192).toBeLessThan(0.02);
  });

  it('decorrelated jitter stays in [base, cap] along whole chains', () => {
    const spec: PolicySpec = { kind: 'decorrelated-jitter', base: 3, cap: 120 };
    const random = seededRandom(99);
    const seen: number[] = [];
    for (let chain = 0; chain < DRAWS / 10; chain++) {
      let previous: number | undefined;
      for (let n = 1; n <= 10; n++) {
        previous = delaySeconds(spec, n, random, previous);
        seen.push(previous);
      }
    }
    expect(seen.length).toBeGreaterThanOrEqual(DRAWS);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...seen)).toBe(120);
  });

  it('step-functions FULL jitter stays in [0, delay] with mean half the delay', () => {
    const delays = draw({ kind: 'step-functions', interval: 5, rate: 2, jitter: 'FULL' }, 6, 5);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(160);
    expect(Math.abs(mean(delays) - 80) / 80).toBeLessThan(0.02);
  });

  it('random stays in [base, base + n·step]', () => {
    const delays = draw({ kind: 'random', base: 5, step: 10 }, 3, 8);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...delays)).toBeLessThanOrEqual(35);
  });
});
