import { Duration } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { BackoffPolicy, BackoffValidationError, JitterStrategy, PolicyKind, SeededRandom } from '../../../lib';
import { policyViolations } from '../../../lambda/backoff';

describe('BackoffPolicy factories produce plain-second specs', () => {
  it('exponential turns Durations into seconds and keeps the cap', () => {
    const policy = BackoffPolicy.exponential({ base: Duration.seconds(2), cap: Duration.minutes(5) });
    expect(policy.spec).toEqual({ kind: 'exponential', base: 2, cap: 300 });
  });

  it('exponential passes a custom factor through', () => {
    expect(BackoffPolicy.exponential({ base: Duration.seconds(1), factor: 3 }).spec).toEqual({
      kind: 'exponential',
      base: 1,
      factor: 3,
    });
  });

  it('fixed keeps its step', () => {
    expect(BackoffPolicy.fixed({ base: Duration.seconds(5), step: Duration.seconds(3) }).spec).toEqual({
      kind: 'fixed',
      base: 5,
      step: 3,
    });
  });

  it('random requires and keeps its step', () => {
    expect(BackoffPolicy.random({ base: Duration.seconds(5), step: Duration.seconds(2) }).spec).toEqual({
      kind: 'random',
      base: 5,
      step: 2,
    });
  });

  it('fullJitter, equalJitter and decorrelatedJitter map to their kinds', () => {
    const base = Duration.seconds(1);
    const cap = Duration.seconds(60);
    expect(BackoffPolicy.fullJitter({ base, cap }).spec.kind).toBe('full-jitter');
    expect(BackoffPolicy.equalJitter({ base, cap }).spec.kind).toBe('equal-jitter');
    expect(BackoffPolicy.decorrelatedJitter({ base, cap }).spec).toEqual({ kind: 'decorrelated-jitter', base: 1, cap: 60 });
  });

  it('stepFunctions maps interval, rate, maxDelay and jitter', () => {
    const policy = BackoffPolicy.stepFunctions({
      interval: Duration.seconds(2),
      rate: 3,
      maxDelay: Duration.minutes(1),
      jitter: JitterStrategy.FULL,
    });
    expect(policy.spec).toEqual({ kind: 'step-functions', interval: 2, rate: 3, maxDelay: 60, jitter: 'FULL' });
  });

  it('stepFunctions with no props uses the ASL defaults at runtime', () => {
    const policy = BackoffPolicy.stepFunctions();
    expect(policy.spec).toEqual({ kind: 'step-functions' });
    expect(policy.schedule(4)).toEqual([1, 2, 4]);
  });

  it('keeps sub-second bases and rounds only the delay', () => {
    const policy = BackoffPolicy.exponential({ base: Duration.millis(750) });
    expect(policy.spec).toEqual({ kind: 'exponential', base: 0.75 });
    expect(policy.delay(1)).toBe(2);
  });

  it('hands out a fresh, unfrozen copy of the spec, so one policy can be shared and the copy can cross jsii', () => {
    const policy = BackoffPolicy.fixed({ base: Duration.seconds(1) });
    const copy = policy.spec as { base?: number };
    expect(Object.isFrozen(copy)).toBe(false);
    copy.base = 99;
    expect(policy.spec.base).toBe(1);
    expect(policy.toJson()).toEqual({ kind: 'fixed', base: 1 });
  });

  it('fromSpec takes the struct with the PolicyKind enum', () => {
    const never = { next: () => 0 };
    expect(BackoffPolicy.fromSpec({ kind: PolicyKind.FULL_JITTER, base: 1, cap: 9 }).schedule(3, never)).toEqual([0, 0]);
  });

  it('fromJson takes the runtime plain-JSON spec', () => {
    expect(BackoffPolicy.fromJson({ kind: 'full-jitter', base: 1, cap: 9 }).toJson()).toEqual({ kind: 'full-jitter', base: 1, cap: 9 });
  });

  it('SeededRandom gives the same draws for the same seed (mulberry32, seed 7: 0.011705 first)', () => {
    const policy = BackoffPolicy.fullJitter({ base: Duration.seconds(10), cap: Duration.hours(1) });
    expect(policy.schedule(4, new SeededRandom(7))).toEqual(policy.schedule(4, new SeededRandom(7)));
    expect(new SeededRandom(7).next()).toBeCloseTo(0.011705, 6);
  });

  it('exposes the limits as static members', () => {
    expect(BackoffPolicy.MAX_ATTEMPTS_LIMIT).toBe(100);
    expect(BackoffPolicy.MAX_DELAY_SECONDS).toBe(31_536_000);
  });
});

describe('BackoffPolicy validation names the property, the value and the range', () => {
  const expectInvalid = (build: () => unknown, message: string) => {
    expect(build).toThrow(BackoffValidationError);
    expect(build).toThrow(message);
  };

  it('rejects a NaN base', () => {
    expectInvalid(
      () => BackoffPolicy.exponential({ base: Duration.seconds(NaN) }),
      'BackoffPolicy.exponential: base must be between 0 and 31536000 seconds (one year) (given NaN)',
    );
  });

  it('rejects a base beyond one year', () => {
    expectInvalid(
      () => BackoffPolicy.fixed({ base: Duration.days(366) }),
      'base must be between 0 and 31536000 seconds (one year) (given 31622400)',
    );
  });

  it('rejects a cap beyond one year', () => {
    expectInvalid(
      () => BackoffPolicy.fullJitter({ base: Duration.seconds(1), cap: Duration.days(400) }),
      'cap must be between 0 and 31536000 seconds (one year) (given 34560000)',
    );
  });

  it('rejects a factor below 1', () => {
    expectInvalid(
      () => BackoffPolicy.exponential({ base: Duration.seconds(1), factor: 0.5 }),
      'factor must be a finite number ≥ 1 (given 0.5)',
    );
  });

  it('rejects a NaN factor', () => {
    expectInvalid(() => BackoffPolicy.exponential({ base: Duration.seconds(1), factor: NaN }), 'factor must be a finite number ≥ 1 (given NaN)');
  });

  it('rejects a cap below base', () => {
    expectInvalid(
      () => BackoffPolicy.equalJitter({ base: Duration.seconds(10), cap: Duration.seconds(5) }),
      'BackoffPolicy.equalJitter: cap must be ≥ base (10 s) (given 5)',
    );
  });

  it('rejects a negative step', () => {
    expectInvalid(
      () => BackoffPolicy.fromSpec({ kind: PolicyKind.FIXED, base: 1, step: -1 }),
      'step must be between 0 and 31536000 seconds (one year) (given -1)',
    );
  });

  it('rejects a negative base given as JSON', () => {
    expectInvalid(() => BackoffPolicy.fromJson({ kind: 'exponential', base: -2 }), 'base must be between 0 and 31536000 seconds (one year) (given -2)');
  });

  it('rejects a random spec without a step', () => {
    expectInvalid(
      () => BackoffPolicy.fromSpec({ kind: 'random', base: 1 } as never),
      'step is required for the random policy (given undefined)',
    );
  });

  it('rejects a decorrelated-jitter spec without a cap', () => {
    expectInvalid(
      () => BackoffPolicy.fromSpec({ kind: 'decorrelated-jitter', base: 1 } as never),
      'cap is required for the decorrelated-jitter policy (given undefined)',
    );
  });

  it('rejects a spec without a base', () => {
    expectInvalid(() => BackoffPolicy.fromSpec({ kind: 'exponential' } as never), 'base is required for the exponential policy (given undefined)');
  });

  it('rejects an unknown kind', () => {
    expectInvalid(
      () => BackoffPolicy.fromSpec({ kind: 'linear', base: 1 } as never),
      'policy.kind must be one of fixed, exponential, random, full-jitter, equal-jitter, decorrelated-jitter, step-functions (given "linear")',
    );
  });

  it('rejects a step-functions interval below 1 second', () => {
    expectInvalid(
      () => BackoffPolicy.stepFunctions({ interval: Duration.seconds(0) }),
      'interval must be between 1 and 31536000 seconds (one year) (given 0)',
    );
  });

  it('rejects a step-functions rate below 1', () => {
    expectInvalid(() => BackoffPolicy.stepFunctions({ rate: 0.9 }), 'rate must be a finite number ≥ 1 (given 0.9)');
  });

  it('rejects a step-functions maxDelay below the interval', () => {
    expectInvalid(
      () => BackoffPolicy.stepFunctions({ interval: Duration.seconds(10), maxDelay: Duration.seconds(5) }),
      'maxDelay must be ≥ interval (10 s) (given 5)',
    );
  });

  it('rejects a step-functions maxDelay beyond one year', () => {
    expectInvalid(
      () => BackoffPolicy.stepFunctions({ maxDelay: Duration.days(400) }),
      'maxDelay must be between 1 and 31536000 seconds (one year) (given 34560000)',
    );
  });

  it('rejects an unknown jitter strategy', () => {
    expectInvalid(() => BackoffPolicy.stepFunctions({ jitter: 'HALF' as never }), 'jitter must be FULL or NONE (given "HALF")');
  });

  it('reports every problem at once', () => {
    expect(policyViolations({ kind: 'exponential', base: -1, factor: 0 })).toHaveLength(2);
  });
});

describe('BackoffPolicy run limits', () => {
  const uncapped = BackoffPolicy.exponential({ base: Duration.seconds(2) });

  it('rejects maxAttempts below 1', () => {
    expect(() => uncapped.schedule(0)).toThrow('maxAttempts must be a whole number between 1 and 100 (given 0)');
  });

  it('rejects maxAttempts above 100', () => {
    expect(() => uncapped.assertRunFits(101)).toThrow('maxAttempts must be a whole number between 1 and 100 (given 101)');
  });

  it('rejects a fractional maxAttempts', () => {
    expect(() => uncapped.schedule(2.5)).toThrow(BackoffValidationError);
  });

  it('rejects a run whose uncapped delays pass one year', () => {
    // 2·2^24 = 33554432 s > 31536000 − 3600 s
    expect(() => uncapped.assertRunFits(25)).toThrow(
      'the wait after failure 24 can reach 33554432 s, beyond the one-year Step Functions limit of 31532400 s (an execution must end within the year; 3600 s are kept for the requeue after the Wait): set cap or lower maxAttempts (given maxAttempts 25)',
    );
  });

  it('accepts the longest uncapped run that stays inside a year', () => {
    expect(() => uncapped.assertRunFits(24)).not.toThrow();
  });

  it('accepts any run once a cap is set', () => {
    const capped = BackoffPolicy.exponential({ base: Duration.seconds(2), cap: Duration.days(1) });
    expect(() => capped.assertRunFits(100)).not.toThrow();
  });
});
