import { Duration, Token } from 'aws-cdk-lib';
import {
  PolicySpec,
  StepFunctionsPolicySpec,
  delaySeconds,
  policyViolations,
  schedule,
  worstCaseSchedule,
  waitBeyondLimit,
  MAX_DELAY_SECONDS,
} from '../lambda/backoff';
import { beyondOneYearMessage, MAX_ATTEMPTS, maxAttemptsProblem } from '../lambda/limits';
import { BackoffValidationError } from './backoff-validation-error';
import { BackoffPolicySpec, JitterStrategy } from './policy-spec';
import { IRandomSource } from './random-source';
import { seconds as exactSeconds } from './validation';

/**
 * Props shared by the policies whose delay starts from `base` and may be capped.
 *
 * `base` and `cap` are reserved words in C# and Go only in lower case; the generated names are
 * `Base` and `Cap` there (Python and Java keep `base`, `cap`).
 *
 * @jsii suppress language-compatibility/reserved-word
 */
export interface CappedPolicyProps {
  /**
   * The starting delay.
   *
   * Valid range: 0 seconds to 365 days.
   */
  readonly base: Duration;
  /**
   * The longest delay any retry may wait.
   *
   * Valid range: `base` to 365 days (the longest Step Functions Standard execution).
   * @default - no cap: the delay is bounded only by the one-year limit checked at synth
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
   */
  readonly cap?: Duration;
}

export interface FixedPolicyProps extends CappedPolicyProps {
  /**
   * Added to the delay once per failure: `base + n·step`.
   *
   * Valid range: 0 seconds to 365 days.
   * @default Duration.seconds(0) - a constant delay of `base`
   */
  readonly step?: Duration;
}

export interface ExponentialPolicyProps extends CappedPolicyProps {
  /**
   * The growth factor: `base · factor^n`.
   *
   * Valid range: ≥ 1.
   * @default 2
   */
  readonly factor?: number;
}

export interface RandomPolicyProps extends CappedPolicyProps {
  /** The random part grows by up to `step` per failure: `base + n·step·r`. Valid range: 0 seconds to 365 days. */
  readonly step: Duration;
}

/**
 * Props of {@link BackoffPolicy.decorrelatedJitter}; C# and Go name the fields `Base` and `Cap`.
 *
 * @jsii suppress language-compatibility/reserved-word
 */
export interface DecorrelatedJitterPolicyProps {
  /** The smallest delay, and the first `prev`. Valid range: 0 seconds to `cap`. */
  readonly base: Duration;
  /** The largest delay. Valid range: `base` to 365 days. */
  readonly cap: Duration;
}

export interface StepFunctionsPolicyProps {
  /**
   * The first delay (ASL `IntervalSeconds`).
   *
   * Valid range: 1 second to 365 days.
   * @default Duration.seconds(1)
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
   */
  readonly interval?: Duration;
  /**
   * The multiplier applied to the delay after each failure (ASL `BackoffRate`).
   *
   * Valid range: ≥ 1.
   * @default 2
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
   */
  readonly rate?: number;
  /**
   * The longest delay (ASL `MaxDelaySeconds`).
   *
   * Valid range: `interval` to 365 days.
   * @default - no cap
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
   */
  readonly maxDelay?: Duration;
  /**
   * `FULL` draws each delay uniformly from `[0, delay]` (ASL `JitterStrategy`).
   *
   * @default JitterStrategy.NONE
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
   */
  readonly jitter?: JitterStrategy;
}

/**
 * A validated backoff policy. The factories turn `Duration`s into the plain-JSON `PolicySpec`
 * that the construct hands to the consumer, so one definition drives both synth-time checks and
 * the runtime's delays.
 *
 * `fixed` is a C# keyword only in lower case: the factory is `BackoffPolicy.Fixed(...)` in C#,
 * `BackoffPolicy_Fixed(...)` in Go, `BackoffPolicy.fixed(...)` in Python and Java.
 *
 * @jsii suppress language-compatibility/reserved-word
 */
export class BackoffPolicy {
  /** The most `maxAttempts` a queue or a schedule accepts. */
  public static readonly MAX_ATTEMPTS_LIMIT: number = MAX_ATTEMPTS.max;

  /** The longest delay any policy field may name, in seconds: one year. */
  public static readonly MAX_DELAY_SECONDS: number = MAX_DELAY_SECONDS;

  /** `base + n·step`: a constant delay unless `step` is given. */
  public static fixed(props: FixedPolicyProps): BackoffPolicy {
    return BackoffPolicy.of('fixed', { kind: 'fixed', ...capped(props), step: seconds(props.step) });
  }

  /** `base · factor^n`: the classic doubling backoff with the default factor. */
  public static exponential(props: ExponentialPolicyProps): BackoffPolicy {
    return BackoffPolicy.of('exponential', { kind: 'exponential', ...capped(props), factor: props.factor });
  }

  /** `base + n·step·r`, with `r` uniform in [0, 1). */
  public static random(props: RandomPolicyProps): BackoffPolicy {
    return BackoffPolicy.of('random', { kind: 'random', ...capped(props), step: seconds(props.step)! });
  }

  /** Brooker's full jitter: `r · min(cap, base·2^n)`. */
  public static fullJitter(props: CappedPolicyProps): BackoffPolicy {
    return BackoffPolicy.of('fullJitter', { kind: 'full-jitter', ...capped(props) });
  }

  /** Brooker's equal jitter: half the exponential delay plus a random half. */
  public static equalJitter(props: CappedPolicyProps): BackoffPolicy {
    return BackoffPolicy.of('equalJitter', { kind: 'equal-jitter', ...capped(props) });
  }

  /** Brooker's decorrelated jitter: `min(cap, base + r·(3·prev − base))`. */
  public static decorrelatedJitter(props: DecorrelatedJitterPolicyProps): BackoffPolicy {
    return BackoffPolicy.of('decorrelatedJitter', {
      kind: 'decorrelated-jitter',
      base: seconds(props.base)!,
      cap: seconds(props.cap)!,
    });
  }

  /** The delays a Step Functions `Retry` with the same fields would use. */
  public static stepFunctions(props: StepFunctionsPolicyProps = {}): BackoffPolicy {
    return BackoffPolicy.of('stepFunctions', {
      kind: 'step-functions',
      interval: seconds(props.interval),
      rate: props.rate,
      maxDelay: seconds(props.maxDelay),
      // JitterStrategy's values are the runtime's `jitter` strings.
      jitter: props.jitter as StepFunctionsPolicySpec['jitter'],
    });
  }

  /** A policy from its data form (all times in seconds), validated like the factories. */
  public static fromSpec(spec: BackoffPolicySpec): BackoffPolicy {
    // Each enum value is the runtime's `kind` string, so the struct is the runtime's JSON.
    return BackoffPolicy.of('fromSpec', spec as unknown as PolicySpec);
  }

  /**
   * A policy from the runtime's plain-JSON `PolicySpec` (`{ kind: 'exponential', base: 2 }`),
   * validated like the factories. TypeScript only: other languages use `fromSpec`.
   *
   * @jsii ignore
   */
  public static fromJson(spec: PolicySpec): BackoffPolicy {
    return BackoffPolicy.of('fromJson', spec);
  }

  private static of(factory: string, spec: PolicySpec): BackoffPolicy {
    const clean = Object.freeze(withoutUndefined({ ...spec }));
    if (!hasTokens(clean)) {
      const problems = policyViolations(clean);
      if (problems.length > 0) {
        throw new BackoffValidationError(`BackoffPolicy.${factory}: ${problems.join('; ')}`);
      }
    }
    return new BackoffPolicy(clean);
  }

  /** Frozen, and never handed out: a frozen object cannot cross the jsii boundary. */
  private readonly json: PolicySpec;

  private constructor(json: PolicySpec) {
    this.json = json;
  }

  /** The policy as data, all times in seconds: a fresh copy each time, so changing it changes no policy. */
  public get spec(): BackoffPolicySpec {
    return { ...this.json } as unknown as BackoffPolicySpec;
  }

  /**
   * The runtime's plain-JSON `PolicySpec` (what `BACKOFF_POLICY` carries), a fresh copy.
   * TypeScript only: other languages read `spec`.
   *
   * @jsii ignore
   */
  public toJson(): PolicySpec {
    return { ...this.json };
  }

  /**
   * The whole-second delay after failure `n` (1 after the first failure).
   *
   * @param n failures so far. Valid range: whole numbers ≥ 1.
   * @param random the `r` of the random kinds. @default - Math.random
   * @param previous the delay after failure `n − 1`, read by `decorrelatedJitter` only. @default - `base`
   */
  public delay(n: number, random?: IRandomSource, previous?: number): number {
    return delaySeconds(this.json, n, drawFrom(random), previous);
  }

  /**
   * The `maxAttempts − 1` waits of a run, sampled once.
   *
   * @param maxAttempts Valid range: 1 to `BackoffPolicy.MAX_ATTEMPTS_LIMIT`.
   * @param random the `r` of the random kinds. @default - Math.random
   */
  public schedule(maxAttempts: number, random?: IRandomSource): number[] {
    assertMaxAttempts(maxAttempts);
    return schedule(this.json, maxAttempts, drawFrom(random));
  }

  /** The longest each wait of a run can be. */
  public worstCaseSchedule(maxAttempts: number): number[] {
    assertMaxAttempts(maxAttempts);
    return worstCaseSchedule(this.json, maxAttempts);
  }

  /**
   * Throws when a run of `maxAttempts` could ask for a wait longer than a Step Functions
   * execution can hold (one year less an hour: the execution's year, less the requeue after the Wait).
   */
  public assertRunFits(maxAttempts: number): void {
    if (hasTokens(this.json) || Token.isUnresolved(maxAttempts)) return;
    assertMaxAttempts(maxAttempts);
    const beyond = waitBeyondLimit(this.json, maxAttempts);
    if (beyond !== undefined) {
      throw new BackoffValidationError(beyondOneYearMessage(beyond, maxAttempts));
    }
  }
}

/**
 * The upper bound keeps a run's worst case inside a year for every sane policy (`lambda/limits.ts`).
 * @deprecated use `BackoffPolicy.MAX_ATTEMPTS_LIMIT`, which every jsii language can read
 */
export const MAX_ATTEMPTS_LIMIT = MAX_ATTEMPTS.max;

/** `Math.random` unless the caller brings a source; the math takes a plain function. */
function drawFrom(random: IRandomSource | undefined): (() => number) | undefined {
  return random === undefined ? undefined : () => random.next();
}

function assertMaxAttempts(maxAttempts: number): void {
  if (Token.isUnresolved(maxAttempts)) return;
  const problem = maxAttemptsProblem(maxAttempts);
  if (problem !== undefined) throw new BackoffValidationError(problem);
}

function capped(props: CappedPolicyProps): { base: number; cap?: number } {
  return { base: seconds(props.base)!, cap: seconds(props.cap) };
}

/** Fractional seconds are kept: only the computed delay is rounded. */
function seconds(duration: Duration | undefined): number | undefined {
  if (duration === undefined) return undefined;
  return duration.isUnresolved() ? duration.toSeconds({ integral: false }) : exactSeconds(duration);
}

function hasTokens(spec: PolicySpec): boolean {
  return Object.values(spec).some((value) => Token.isUnresolved(value));
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
