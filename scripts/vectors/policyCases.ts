/** Vectors of the policy math (lambda/backoff.ts, lambda/limits.ts). */
import { alwaysZeroWait, delaySeconds, PolicySpec, policyViolations, schedule, seededRandom, waitBeyondLimit, worstCaseSchedule } from '../../lambda/backoff';
import { beyondLimitMessage, FIFTEEN_MINUTES_LIMIT, MAX_ATTEMPTS, maxAttemptsProblem, ONE_YEAR_LIMIT, TWELVE_HOURS_LIMIT, zeroWaitMessage } from '../../lambda/limits';
import { encode, Json, outcome, special } from './encode';

type Spec = Record<string, unknown>;

function delayCase(spec: Spec, n: number, r?: number, previous?: number): Json {
  const random = r === undefined ? () => 0.5 : () => r;
  return { spec: encode(spec), n, random: r ?? 0.5, previous: previous ?? null, expected: outcome(() => delaySeconds(spec as unknown as PolicySpec, n, random, previous)) };
}

const FACTORS = [1.01, 1.05, 1.1, 1.15, 1.2, 1.25, 1.3, 1.33, 1.4, 1.5, 1.6, 1.7, 1.75, 1.8, 1.9, 2, 2.2, 2.5, 2.7, 3, 3.3, 3.7, 4, 5, 7, 9.99, Math.E, Math.PI, Math.SQRT2, 1.0000001];

export function delays(): Json[] {
  const cases: Json[] = [];
  // Halves: JavaScript rounds x.5 up where Python's round() goes to even.
  for (const base of [0.5, 1.5, 2.5, 3.5, 4.5, 10.5, 0.49999999999999994, 1.4999999999999998, 2.5000000000000004]) cases.push(delayCase({ kind: 'fixed', base }, 1));
  for (const step of [0.5, 0.25, 1.5]) for (let n = 1; n <= 6; n++) cases.push(delayCase({ kind: 'fixed', base: 0, step }, n));
  for (const base of [0.25, 0.75, 1.25]) for (let n = 1; n <= 4; n++) cases.push(delayCase({ kind: 'exponential', base }, n));
  cases.push(delayCase({ kind: 'step-functions', interval: 1.5, rate: 1 }, 1), delayCase({ kind: 'step-functions', interval: 2.5, rate: 1, maxDelay: 3 }, 3));
  // Fractional factors and caps.
  for (const factor of [1.1, 1.25, 1.5, 1.7, 2.5, 3.3]) for (let n = 1; n <= 20; n++) cases.push(delayCase({ kind: 'exponential', base: 1, factor }, n));
  for (const cap of [0.5, 2.5, 10.5, 299.9]) for (let n = 1; n <= 10; n++) cases.push(delayCase({ kind: 'exponential', base: 0.3, factor: 2.5, cap }, n));
  // Random draws at the ends and in the middle.
  for (const r of [0, 0.25, 0.5, 0.75, 0.999999, 1 - Number.EPSILON, 0.3, 0.7]) {
    for (const n of [1, 2, 5, 12]) {
      cases.push(delayCase({ kind: 'random', base: 1, step: 3 }, n, r));
      cases.push(delayCase({ kind: 'full-jitter', base: 1, cap: 300 }, n, r));
      cases.push(delayCase({ kind: 'equal-jitter', base: 3, cap: 100 }, n, r));
      cases.push(delayCase({ kind: 'decorrelated-jitter', base: 2, cap: 600 }, n, r, n === 1 ? undefined : 7 * n));
      cases.push(delayCase({ kind: 'step-functions', interval: 2, rate: 1.5, maxDelay: 60, jitter: 'FULL' }, n, r));
    }
  }
  for (let n = 1; n <= 40; n++) cases.push(delayCase({ kind: 'step-functions' }, n), delayCase({ kind: 'exponential', base: 2 }, n));
  // n that is not a whole number ≥ 1.
  for (const n of [0, -1, 1.5]) cases.push(delayCase({ kind: 'fixed', base: 1 }, n));
  return cases;
}

/** Math.pow as the policies use it, raw (before rounding): where libm and V8 could differ by one ulp. */
export function pow(): Json[] {
  const cases: Json[] = [];
  for (const base of FACTORS) for (let n = 0; n <= 100; n++) cases.push({ base, exponent: n, expected: special(Math.pow(base, n)) });
  return cases;
}

/** The delays of a pow sweep: exponential base 1 with each factor, n 1..60. */
export function powDelays(): Json[] {
  const cases: Json[] = [];
  for (const factor of FACTORS) for (let n = 1; n <= 60; n++) cases.push(delayCase({ kind: 'exponential', base: 1, factor }, n));
  for (const factor of FACTORS) for (let n = 1; n <= 30; n++) cases.push(delayCase({ kind: 'exponential', base: 0.5, factor, cap: 86400 }, n));
  return cases;
}

export function seededRandomCases(): Json[] {
  return [0, 1, 2, 42, 123456789, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 5, 987654321012].map((seed) => {
    const r = seededRandom(seed);
    return { seed, draws: Array.from({ length: 25 }, () => r()) };
  });
}

const SPECS: Spec[] = [
  { kind: 'exponential', base: 2, cap: 300 },
  { kind: 'exponential', base: 2 },
  { kind: 'exponential', base: 1, factor: 3 },
  { kind: 'fixed', base: 30, step: 10 },
  { kind: 'fixed', base: 0 },
  { kind: 'random', base: 1, step: 5, cap: 20 },
  { kind: 'full-jitter', base: 1, cap: 900 },
  { kind: 'full-jitter', base: 1 },
  { kind: 'equal-jitter', base: 2, cap: 43200 },
  { kind: 'decorrelated-jitter', base: 1, cap: 1000 },
  { kind: 'step-functions' },
  { kind: 'step-functions', interval: 3, rate: 2.5, maxDelay: 40000, jitter: 'FULL' },
  { kind: 'step-functions', interval: 1, rate: 1 },
];

export function worstCases(): Json[] {
  const cases: Json[] = [];
  for (const spec of SPECS) {
    for (const maxAttempts of [1, 2, 8, 30, MAX_ATTEMPTS.max]) {
      const s = spec as unknown as PolicySpec;
      cases.push({
        spec: encode(spec),
        maxAttempts,
        worst: encode(worstCaseSchedule(s, maxAttempts)),
        seeded: encode(schedule(s, maxAttempts, seededRandom(maxAttempts))),
        beyondOneYear: encode(waitBeyondLimit(s, maxAttempts) ?? null),
        beyondTwelveHours: encode(waitBeyondLimit(s, maxAttempts, TWELVE_HOURS_LIMIT.seconds) ?? null),
        beyondFifteenMinutes: encode(waitBeyondLimit(s, maxAttempts, FIFTEEN_MINUTES_LIMIT.seconds) ?? null),
        alwaysZero: encode(alwaysZeroWait(s, maxAttempts) ?? null),
      });
    }
  }
  for (const maxAttempts of [0, 1.5, -3]) cases.push({ spec: encode(SPECS[0]), maxAttempts, schedule: outcome(() => schedule(SPECS[0] as unknown as PolicySpec, maxAttempts)) });
  return cases;
}

const INVALID_SPECS: unknown[] = [
  null, {}, [], { kind: 'nope' }, { kind: 5 },
  { kind: 'exponential' }, { kind: 'exponential', base: -1 }, { kind: 'exponential', base: 2, factor: 0.5 }, { kind: 'exponential', base: 2, factor: null },
  { kind: 'exponential', base: 10, cap: 5 }, { kind: 'exponential', base: '2' }, { kind: 'exponential', base: 2, cap: 31536001 },
  { kind: 'fixed', base: 1, step: -1 }, { kind: 'random', base: 1 }, { kind: 'random', base: 1, step: 'x' }, { kind: 'decorrelated-jitter', base: 1 },
  { kind: 'full-jitter', base: true }, { kind: 'equal-jitter', base: [1, 2] }, { kind: 'equal-jitter', base: { a: 1 } },
  { kind: 'step-functions', interval: 0 }, { kind: 'step-functions', rate: 0.9 }, { kind: 'step-functions', jitter: 'full' },
  { kind: 'step-functions', maxDelay: 2, interval: 5 }, { kind: 'step-functions', maxDelay: '0' }, { kind: 'step-functions', interval: null, maxDelay: 0.5 },
  { kind: 'exponential', base: 1.5, cap: 2.25, factor: 1.5 },
];

export function limits(): Json[] {
  const cases: Json[] = INVALID_SPECS.map((spec) => ({ kind: 'policyViolations', spec: encode(spec), expected: policyViolations(spec as PolicySpec) }));
  for (const value of [0, 1, 100, 101, 4.5, -2, 1e21]) cases.push({ kind: 'maxAttemptsProblem', value, expected: maxAttemptsProblem(value) ?? null });
  for (const [limit, name] of [[ONE_YEAR_LIMIT, 'oneYear'], [TWELVE_HOURS_LIMIT, 'twelveHours'], [FIFTEEN_MINUTES_LIMIT, 'fifteenMinutes']] as const) {
    for (const beyond of [{ failure: 3, seconds: 33554432 }, { failure: 1, seconds: 1e21 }, { failure: 2, seconds: 900.5 }]) {
      cases.push({ kind: 'beyondLimitMessage', limit: name, beyond, maxAttempts: 40, expected: beyondLimitMessage(beyond, 40, { cap: 'a cap', maxAttempts: 'BACKOFF_MAX_ATTEMPTS' }, limit) });
    }
  }
  cases.push({ kind: 'zeroWaitMessage', failure: 2, expected: zeroWaitMessage({ failure: 2, seconds: 0 }) });
  return cases;
}
