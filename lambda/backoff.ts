/**
 * Pure backoff-policy math shared by the CDK side (synth-time validation, schedules) and the
 * Lambda runtime (the delay of each retry). Dependency-free on purpose: it is bundled into
 * every consumer and imported by `lib/`, so it must not pull in the AWS SDK or aws-cdk-lib.
 *
 * All times are plain seconds. Delays are whole seconds because a Step Functions Wait takes
 * integer seconds: compute in floating point, `Math.round`, then clamp to `[0, cap]`.
 */

import { MAX_DELAY_SECONDS, ONE_YEAR_LIMIT, WaitOfRun } from './limits';

export { MAX_DELAY_SECONDS } from './limits';

/** A constant delay, or one growing linearly: `base + n·step`. */
export interface FixedPolicySpec {
  readonly kind: 'fixed';
  readonly base: number;
  /** @default 0 */
  readonly step?: number;
  readonly cap?: number;
}

/** `base · factor^n` (the seed's `t0·2^n` with the default factor). */
export interface ExponentialPolicySpec {
  readonly kind: 'exponential';
  readonly base: number;
  /** @default 2 */
  readonly factor?: number;
  readonly cap?: number;
}

/** `base + n·step·r`. */
export interface RandomPolicySpec {
  readonly kind: 'random';
  readonly base: number;
  readonly step: number;
  readonly cap?: number;
}

/** Brooker's full jitter: `r · min(cap, base·2^n)`. */
export interface FullJitterPolicySpec {
  readonly kind: 'full-jitter';
  readonly base: number;
  readonly cap?: number;
}

/** Brooker's equal jitter: `v/2 + r·v/2` with `v = min(cap, base·2^n)`. */
export interface EqualJitterPolicySpec {
  readonly kind: 'equal-jitter';
  readonly base: number;
  readonly cap?: number;
}

/** Brooker's decorrelated jitter: `min(cap, base + r·(3·prev − base))`. */
export interface DecorrelatedJitterPolicySpec {
  readonly kind: 'decorrelated-jitter';
  readonly base: number;
  readonly cap: number;
}

/** Amazon States Language Retry semantics: `min(interval · rate^(n−1), maxDelay)`. */
export interface StepFunctionsPolicySpec {
  readonly kind: 'step-functions';
  /** @default 1 (ASL `IntervalSeconds`) */
  readonly interval?: number;
  /** @default 2 (ASL `BackoffRate`) */
  readonly rate?: number;
  /** ASL `MaxDelaySeconds`; no cap when absent. */
  readonly maxDelay?: number;
  /** @default 'NONE' (ASL `JitterStrategy`) */
  readonly jitter?: 'FULL' | 'NONE';
}

/** A backoff policy as plain JSON, all times in seconds. */
export type PolicySpec =
  | FixedPolicySpec
  | ExponentialPolicySpec
  | RandomPolicySpec
  | FullJitterPolicySpec
  | EqualJitterPolicySpec
  | DecorrelatedJitterPolicySpec
  | StepFunctionsPolicySpec;

export type PolicyKind = PolicySpec['kind'];

export const POLICY_KINDS: readonly PolicyKind[] = Object.freeze([
  'fixed',
  'exponential',
  'random',
  'full-jitter',
  'equal-jitter',
  'decorrelated-jitter',
  'step-functions',
] as const);


/** A uniform random number in [0, 1). */
export type RandomSource = () => number;

/**
 * mulberry32: a tiny deterministic PRNG, for previews, samples and tests that must give the same
 * draws for the same seed. The runtime uses `Math.random`.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The delay, in whole seconds, before retrying after failure `n` (1 after the first failure).
 *
 * @param previous the delay chosen for failure `n − 1`; only `decorrelated-jitter` reads it,
 *   and uses `base` when it is absent (the first retry).
 */
export function delaySeconds(
  spec: PolicySpec,
  n: number,
  random: RandomSource = Math.random,
  previous?: number,
): number {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`n must be a whole number of failures ≥ 1 (given ${n})`);
  }
  return Math.min(Math.max(Math.round(rawDelay(spec, n, random, previous)), 0), capOf(spec));
}

/**
 * The delays of a whole run: element `i` is the wait after failure `i + 1`. A run of
 * `maxAttempts` attempts has `maxAttempts − 1` waits (the last failure dead-letters).
 */
export function schedule(spec: PolicySpec, maxAttempts: number, random: RandomSource = Math.random): number[] {
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a whole number ≥ 1 (given ${maxAttempts})`);
  }
  const delays: number[] = [];
  let previous: number | undefined;
  for (let n = 1; n < maxAttempts; n++) {
    previous = delaySeconds(spec, n, random, previous);
    delays.push(previous);
  }
  return delays;
}

/** The largest delay each wait of a run can take: the schedule with `r` at its upper end. */
export function worstCaseSchedule(spec: PolicySpec, maxAttempts: number): number[] {
  const almostOne = 1 - Number.EPSILON;
  return schedule(spec, maxAttempts, () => almostOne);
}

/**
 * The first wait of a run of `maxAttempts` that could pass `limitSeconds` (a transport's longest
 * wait; by default that of a Step Functions Standard execution, `ONE_YEAR_LIMIT`), or `undefined`
 * when every wait fits.
 */
export function waitBeyondLimit(spec: PolicySpec, maxAttempts: number, limitSeconds: number = ONE_YEAR_LIMIT.seconds): WaitOfRun | undefined {
  const worst = worstCaseSchedule(spec, maxAttempts);
  const index = worst.findIndex((delay) => !(delay <= limitSeconds));
  return index < 0 ? undefined : { failure: index + 1, seconds: worst[index] };
}

/**
 * The first wait of a run of `maxAttempts` that is 0 s even at its largest (a hot retry loop), or
 * `undefined` when every wait can be longer.
 */
export function alwaysZeroWait(spec: PolicySpec, maxAttempts: number): WaitOfRun | undefined {
  const index = worstCaseSchedule(spec, maxAttempts).findIndex((delay) => delay === 0);
  return index < 0 ? undefined : { failure: index + 1, seconds: 0 };
}

/** The cap that bounds every delay of this spec, `Infinity` when there is none. */
export function capOf(spec: PolicySpec): number {
  if (spec.kind === 'step-functions') return spec.maxDelay ?? Infinity;
  return spec.cap ?? Infinity;
}

/**
 * Everything wrong with a spec, one sentence each naming the property, the value and the allowed
 * range; empty when the spec is valid. Plain strings so that the CDK side and the runtime can
 * each wrap them in their own error class.
 */
export function policyViolations(spec: PolicySpec): string[] {
  if (!POLICY_KINDS.includes(spec?.kind)) {
    return [`policy.kind must be one of ${POLICY_KINDS.join(', ')} (given ${JSON.stringify(spec?.kind)})`];
  }
  const problems: string[] = [];
  const seconds = (name: string, value: number | undefined, min = 0) => {
    if (value === undefined) return;
    if (!Number.isFinite(value) || value < min || value > MAX_DELAY_SECONDS) {
      problems.push(`${name} must be between ${min} and ${MAX_DELAY_SECONDS} seconds (one year) (given ${value})`);
    }
  };
  const required = (name: string, value: number | undefined) => {
    if (value === undefined) problems.push(`${name} is required for the ${spec.kind} policy (given undefined)`);
  };
  const multiplier = (name: string, value: number | undefined) => {
    if (value === undefined) return;
    if (!Number.isFinite(value) || value < 1) problems.push(`${name} must be a finite number ≥ 1 (given ${value})`);
  };
  switch (spec.kind) {
    case 'step-functions':
      seconds('interval', spec.interval, 1);
      multiplier('rate', spec.rate);
      seconds('maxDelay', spec.maxDelay, 1);
      if (spec.jitter !== undefined && spec.jitter !== 'FULL' && spec.jitter !== 'NONE') {
        problems.push(`jitter must be FULL or NONE (given ${JSON.stringify(spec.jitter)})`);
      }
      if (spec.maxDelay !== undefined && spec.maxDelay < (spec.interval ?? 1)) {
        problems.push(`maxDelay must be ≥ interval (${spec.interval ?? 1} s) (given ${spec.maxDelay})`);
      }
      return problems;
    case 'exponential':
      multiplier('factor', spec.factor);
      break;
    case 'fixed':
      seconds('step', spec.step);
      break;
    case 'random':
      seconds('step', spec.step);
      required('step', spec.step);
      break;
    case 'decorrelated-jitter':
      required('cap', spec.cap);
      break;
  }
  seconds('base', spec.base);
  required('base', spec.base);
  seconds('cap', spec.cap);
  if (spec.cap !== undefined && spec.base !== undefined && spec.cap < spec.base) {
    problems.push(`cap must be ≥ base (${spec.base} s) (given ${spec.cap})`);
  }
  return problems;
}

function rawDelay(spec: PolicySpec, n: number, random: RandomSource, previous: number | undefined): number {
  switch (spec.kind) {
    case 'fixed':
      return spec.base + n * (spec.step ?? 0);
    case 'exponential':
      return spec.base * Math.pow(spec.factor ?? 2, n);
    case 'random':
      return spec.base + n * spec.step * random();
    case 'full-jitter':
      return random() * Math.min(capOf(spec), spec.base * Math.pow(2, n));
    case 'equal-jitter': {
      const v = Math.min(capOf(spec), spec.base * Math.pow(2, n));
      return v / 2 + (random() * v) / 2;
    }
    case 'decorrelated-jitter': {
      const prev = previous ?? spec.base;
      return Math.min(spec.cap, spec.base + random() * (3 * prev - spec.base));
    }
    case 'step-functions': {
      const delay = Math.min((spec.interval ?? 1) * Math.pow(spec.rate ?? 2, n - 1), capOf(spec));
      return spec.jitter === 'FULL' ? random() * delay : delay;
    }
  }
}
