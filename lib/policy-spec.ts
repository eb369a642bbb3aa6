/**
 * The policy spec as one struct with enums, so that Python, Java, Go and C# see a typed record
 * instead of TypeScript's union of seven string-tagged objects. Each enum value is the string the
 * runtime's plain-JSON `PolicySpec` (`lambda/backoff.ts`) carries, so the struct serialises to
 * exactly the JSON the consumer reads from `BACKOFF_POLICY`.
 */

/** Which backoff formula a policy uses; the value is the `kind` the consumer runtime reads. */
export enum PolicyKind {
  /** `base + n·step`: a constant delay unless `step` is given. */
  FIXED = 'fixed',
  /** `base · factor^n`. */
  EXPONENTIAL = 'exponential',
  /** `base + n·step·r`. */
  RANDOM = 'random',
  /** Brooker's full jitter: `r · min(cap, base·2^n)`. */
  FULL_JITTER = 'full-jitter',
  /** Brooker's equal jitter: `v/2 + r·v/2`, `v = min(cap, base·2^n)`. */
  EQUAL_JITTER = 'equal-jitter',
  /** Brooker's decorrelated jitter: `min(cap, base + r·(3·prev − base))`. */
  DECORRELATED_JITTER = 'decorrelated-jitter',
  /** Amazon States Language Retry semantics: `min(interval · rate^(n−1), maxDelay)`. */
  STEP_FUNCTIONS = 'step-functions',
}

/**
 * ASL `JitterStrategy` of a `stepFunctions` policy.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export enum JitterStrategy {
  /** Each delay is drawn uniformly from `[0, delay]`. */
  FULL = 'FULL',
  /** The computed delay, unchanged. */
  NONE = 'NONE',
}

/**
 * A backoff policy as data, all times in seconds. Which fields a kind reads: `fixed` base, step,
 * cap; `exponential` base, factor, cap; `random` base, step, cap; `fullJitter` and `equalJitter`
 * base, cap; `decorrelatedJitter` base, cap; `stepFunctions` interval, rate, maxDelay, jitter.
 * `BackoffPolicy.fromSpec` rejects a missing required field or a value out of range, naming it.
 *
 * Generated names: `base` is `Base` in C# and Go, `cap` is `Cap`; in Python both keep their names.
 *
 * @jsii suppress language-compatibility/reserved-word
 */
export interface BackoffPolicySpec {
  /** The formula. */
  readonly kind: PolicyKind;
  /**
   * The starting delay, in seconds (required by every kind but `stepFunctions`).
   *
   * Valid range: 0 to 31,536,000 (one year).
   * @default - none: required unless `kind` is `STEP_FUNCTIONS`
   * @see https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/
   */
  readonly base?: number;
  /**
   * `fixed`: added once per failure; `random`: the most the random part grows per failure (required), in seconds.
   *
   * Valid range: 0 to 31,536,000.
   * @default 0
   * @see https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/
   */
  readonly step?: number;
  /**
   * The longest delay, in seconds (required by `decorrelatedJitter`).
   *
   * Valid range: `base` to 31,536,000.
   * @default - no cap
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
   */
  readonly cap?: number;
  /**
   * The growth factor of `exponential`.
   *
   * Valid range: ≥ 1.
   * @default 2
   * @see https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/
   */
  readonly factor?: number;
  /**
   * The first delay of `stepFunctions` (ASL `IntervalSeconds`).
   *
   * Valid range: 1 to 31,536,000.
   * @default 1
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
   */
  readonly interval?: number;
  /**
   * The multiplier of `stepFunctions` (ASL `BackoffRate`).
   *
   * Valid range: ≥ 1.
   * @default 2
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
   */
  readonly rate?: number;
  /**
   * The longest delay of `stepFunctions` (ASL `MaxDelaySeconds`).
   *
   * Valid range: `interval` to 31,536,000.
   * @default - no cap
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
   */
  readonly maxDelay?: number;
  /**
   * The jitter of `stepFunctions` (ASL `JitterStrategy`).
   *
   * @default JitterStrategy.NONE
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
   */
  readonly jitter?: JitterStrategy;
}
