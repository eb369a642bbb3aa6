import { describe, expect, it } from 'vitest';
import { bufferWriter } from '../../../bin/ops/context';
import { EXIT, OpsError } from '../../../bin/ops/errors';
import {
  computeSchedule,
  exactDuration,
  flagViolation,
  isJittered,
  percentile,
  scheduleCommand,
  specFromFlags,
} from '../../../bin/ops/schedule';
import { seededRandom } from '../../../lambda/backoff';

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OpsError);
    expect((err as OpsError).exitCode).toBe(EXIT.usage);
    return (err as OpsError).message;
  }
  throw new Error('expected a usage error');
}

describe('specFromFlags', () => {
  it('builds each kind from its flags', () => {
    expect(specFromFlags({ policy: 'exponential', base: '2', cap: '300', factor: '3' })).toEqual({ kind: 'exponential', base: 2, cap: 300, factor: 3 });
    expect(specFromFlags({ policy: 'fixed', base: '5', step: '1' })).toEqual({ kind: 'fixed', base: 5, step: 1 });
    expect(specFromFlags({ policy: 'step-functions', interval: '1', rate: '2', maxDelay: '30', jitter: 'full' })).toEqual({
      kind: 'step-functions', interval: 1, rate: 2, maxDelay: 30, jitter: 'FULL',
    });
  });

  it('names the flag in every error', () => {
    expect(usage(() => specFromFlags({}))).toMatch(/^--policy is required/);
    expect(usage(() => specFromFlags({ policy: 'linear' }))).toMatch(/^--policy must be one of .* \(given "linear"\)/);
    expect(usage(() => specFromFlags({ policy: 'exponential' }))).toMatch(/^--base is required/);
    expect(usage(() => specFromFlags({ policy: 'exponential', base: 'two' }))).toBe('--base must be a number (given "two")');
    expect(usage(() => specFromFlags({ policy: 'exponential', base: '-1' }))).toMatch(/^--base must be between 0 and/);
    expect(usage(() => specFromFlags({ policy: 'exponential', base: '10', cap: '5' }))).toMatch(/^--cap must be ≥ base/);
    expect(usage(() => specFromFlags({ policy: 'exponential', base: '1', factor: '0.5' }))).toMatch(/^--factor must be a finite number ≥ 1/);
    expect(usage(() => specFromFlags({ policy: 'decorrelated-jitter', base: '1' }))).toMatch(/^--cap is required/);
    expect(usage(() => specFromFlags({ policy: 'random', base: '1', step: '-1' }))).toMatch(/^--step must be between 0/);
    expect(usage(() => specFromFlags({ policy: 'step-functions', maxDelay: '0.5' }))).toMatch(/--max-delay must be/);
    expect(usage(() => specFromFlags({ policy: 'step-functions', jitter: 'HALF' }))).toMatch(/^--jitter must be FULL or NONE/);
  });

  it('rejects flags the kind does not read', () => {
    expect(usage(() => specFromFlags({ policy: 'full-jitter', base: '1', factor: '3' }))).toBe(
      '--factor does not apply to --policy full-jitter (it reads --base, --cap)',
    );
    expect(usage(() => specFromFlags({ policy: 'step-functions', interval: '1', base: '2' }))).toMatch(
      /^--interval and --base mean the same for --policy step-functions: give one/,
    );
  });

  it('reads the options the way the example app and npm run cost do (one parser)', () => {
    // random without --step: 1 s; step-functions takes base/factor/cap for interval/rate/max-delay
    expect(specFromFlags({ policy: 'random', base: '1' })).toEqual({ kind: 'random', base: 1, step: 1 });
    expect(specFromFlags({ policy: 'step-functions', base: '2', factor: '3', cap: '60' })).toEqual({
      kind: 'step-functions', interval: 2, rate: 3, maxDelay: 60,
    });
  });

  it('maps property names of policyViolations to flags', () => {
    expect(flagViolation('maxDelay must be ≥ interval (1 s) (given 0)')).toBe('--max-delay must be ≥ interval (1 s) (given 0)');
    expect(flagViolation('policy.kind must be one of …')).toBe('--policy must be one of …');
  });
});

describe('computeSchedule', () => {
  it('is exact for exponential: base·2^n, capped', () => {
    const r = computeSchedule({ kind: 'exponential', base: 2, cap: 100 }, 8);
    expect(r.jittered).toBe(false);
    expect(r.samples).toBe(1);
    expect(r.rows.map((x) => x.attempt)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(r.rows.map((x) => x.delay.p50)).toEqual([4, 8, 16, 32, 64, 100, 100]);
    expect(r.rows.map((x) => x.startsAt.p50)).toEqual([4, 12, 28, 60, 124, 224, 324]);
    for (const row of r.rows) {
      expect(row.delay.p5).toBe(row.delay.p50);
      expect(row.delay.p95).toBe(row.delay.p50);
      expect(row.maxDelay).toBe(row.delay.p50);
      expect(row.maxStartsAt).toBe(row.startsAt.p50);
    }
  });

  it('is exact for fixed and step-functions', () => {
    expect(computeSchedule({ kind: 'fixed', base: 5, step: 2 }, 4).rows.map((x) => x.delay.p50)).toEqual([7, 9, 11]);
    expect(computeSchedule({ kind: 'fixed', base: 5 }, 4).rows.map((x) => x.startsAt.p50)).toEqual([5, 10, 15]);
    expect(computeSchedule({ kind: 'step-functions', interval: 3, rate: 2, maxDelay: 20 }, 6).rows.map((x) => x.delay.p50)).toEqual([3, 6, 12, 20, 20]);
  });

  it('has no rows when there is a single attempt', () => {
    expect(computeSchedule({ kind: 'exponential', base: 1 }, 1).rows).toEqual([]);
  });

  it.each([
    { kind: 'full-jitter', base: 2, cap: 300 },
    { kind: 'equal-jitter', base: 2, cap: 300 },
    { kind: 'decorrelated-jitter', base: 2, cap: 300 },
    { kind: 'random', base: 2, step: 10 },
    { kind: 'step-functions', interval: 2, rate: 2, maxDelay: 300, jitter: 'FULL' },
  ] as const)('gives an ordered band for $kind', (spec) => {
    expect(isJittered(spec)).toBe(true);
    const r = computeSchedule(spec, 10, 2000, 7);
    expect(r.samples).toBe(2000);
    for (const row of r.rows) {
      expect(row.delay.p5).toBeLessThanOrEqual(row.delay.p50);
      expect(row.delay.p50).toBeLessThanOrEqual(row.delay.p95);
      expect(row.delay.p95).toBeLessThanOrEqual(row.maxDelay);
      expect(row.startsAt.p5).toBeLessThanOrEqual(row.startsAt.p50);
      expect(row.startsAt.p50).toBeLessThanOrEqual(row.startsAt.p95);
      expect(row.startsAt.p95).toBeLessThanOrEqual(row.maxStartsAt);
    }
    // With 2000 draws the band is a real band, not a line.
    expect(r.rows.some((row) => row.delay.p5 < row.delay.p95)).toBe(true);
  });

  it('centres full jitter on half the exponential (statistically)', () => {
    const r = computeSchedule({ kind: 'full-jitter', base: 10, cap: 10_000 }, 5, 4000, 3);
    // Attempt 5 waits r·160: the median is about 80, p5 about 8, p95 about 152.
    const last = r.rows[3]!;
    expect(last.delay.p50).toBeGreaterThanOrEqual(74);
    expect(last.delay.p50).toBeLessThanOrEqual(86);
    expect(last.delay.p5).toBeLessThanOrEqual(12);
    expect(last.delay.p95).toBeGreaterThanOrEqual(148);
  });

  it('is reproducible with the same seed and differs with another', () => {
    const spec = { kind: 'equal-jitter', base: 1, cap: 60 } as const;
    expect(computeSchedule(spec, 8, 500, 42)).toEqual(computeSchedule(spec, 8, 500, 42));
    expect(computeSchedule(spec, 8, 500, 42).rows).not.toEqual(computeSchedule(spec, 8, 500, 43).rows);
  });
});

describe('helpers', () => {
  it('percentile uses nearest rank', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(v, 5)).toBe(5);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
  });

  it('seededRandom stays in [0,1)', () => {
    const r = seededRandom(1);
    for (let i = 0; i < 1000; i++) {
      const x = r();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('exactDuration keeps every second', () => {
    expect(exactDuration(42)).toBe('42 s');
    expect(exactDuration(128)).toBe('2m 08s');
    expect(exactDuration(3604)).toBe('1h 00m 04s');
    expect(exactDuration(86_400 + 3_600 * 4 + 5 * 60 + 6)).toBe('1d 04h 05m 06s');
  });
});

describe('scheduleCommand', () => {
  it('prints a table with one row per attempt', () => {
    const out = bufferWriter();
    expect(scheduleCommand({ out }, { policy: 'exponential', base: '2', cap: '300', maxAttempts: '5' })).toBe(EXIT.ok);
    expect(out.stdout).toContain('policy exponential base=2 cap=300, max attempts 5');
    const rows = out.stdout.split('\n').filter((l) => /^│\s+\d+ │/.test(l));
    expect(rows).toHaveLength(5);
    expect(rows[4]).toMatch(/│\s+5 │\s+32 │\s+32 s │\s+60 │\s+1m 00s │/);
    expect(out.stdout).toContain('the last attempt starts after 1m 00s');
  });

  it('prints p5/p50/p95 columns for jittered policies', () => {
    const out = bufferWriter();
    scheduleCommand({ out }, { policy: 'full-jitter', base: '2', cap: '300', samples: '100' });
    expect(out.stdout).toMatch(/wait p5 │ wait p50 │ wait p95 │ wait max/);
    expect(out.stdout).toContain('p5/p50/p95 of 100 sampled runs (seed 1)');
  });

  it('writes the SVG through the injected writer', () => {
    const out = bufferWriter();
    const files: Record<string, string> = {};
    scheduleCommand({ out, writeFile: (p, c) => (files[p] = c) }, { policy: 'fixed', base: '3', svg: 'chart.svg' });
    expect(files['chart.svg']).toMatch(/^<\?xml/);
    expect(out.stdout).toContain('chart written to chart.svg');
  });

  it('refuses schedules that pass the one-year Step Functions limit, naming the flags', () => {
    expect(usage(() => scheduleCommand({ out: bufferWriter() }, { policy: 'exponential', base: '1', maxAttempts: '40' }))).toMatch(
      /^the wait after failure 25 can reach 33554432 s, beyond the one-year Step Functions limit of 31532400 s \(an execution must end within the year; 3600 s are kept for the requeue after the Wait\): set --cap or lower --max-attempts \(given --max-attempts 40\)$/,
    );
  });

  it('refuses --max-attempts above 100, the construct\'s limit', () => {
    expect(usage(() => scheduleCommand({ out: bufferWriter() }, { policy: 'fixed', base: '1', maxAttempts: '150' }))).toBe(
      '--max-attempts must be a whole number from 1 to 100 (given 150)',
    );
  });

  it('warns on stderr, and still prints, when a wait is always 0 s (--base 0)', () => {
    const out = bufferWriter();
    expect(scheduleCommand({ out }, { policy: 'exponential', base: '0', maxAttempts: '3' })).toBe(EXIT.ok);
    expect(out.stderr).toBe(
      'warning: the wait after failure 1 is always 0 s: a failing message is retried at once, a hot loop with no backoff — set --base to 1 second or more\n',
    );
    expect(out.stdout).toContain('max attempts 3');
  });

  it('validates --max-attempts, --samples and --seed', () => {
    const out = bufferWriter();
    expect(usage(() => scheduleCommand({ out }, { policy: 'fixed', base: '1', maxAttempts: '0' }))).toMatch(/^--max-attempts must be a whole number from 1/);
    expect(usage(() => scheduleCommand({ out }, { policy: 'fixed', base: '1', samples: '2.5' }))).toMatch(/^--samples must be a whole number/);
    expect(usage(() => scheduleCommand({ out }, { policy: 'fixed', base: '1', seed: '-1' }))).toMatch(/^--seed must be a whole number/);
  });

  it('says so when there is nothing to retry', () => {
    const out = bufferWriter();
    scheduleCommand({ out }, { policy: 'fixed', base: '1', maxAttempts: '1' });
    expect(out.stdout).toContain('no retries: the first failure dead-letters the message');
  });

  it('prints JSON with --json', () => {
    const out = bufferWriter();
    scheduleCommand({ out }, { policy: 'exponential', base: '1', maxAttempts: '3', json: true });
    expect(JSON.parse(out.stdout).rows.map((r: { delay: { p50: number } }) => r.delay.p50)).toEqual([2, 4]);
  });
});
