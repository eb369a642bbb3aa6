import { Duration, Stack, Token } from 'aws-cdk-lib';
import { waitBeyondLimit } from '../lambda/backoff';
import { beyondLimitMessage, MAX_ATTEMPTS } from '../lambda/limits';
import { attemptCeiling, OUTAGE_DEFAULTS, OUTAGE_WINDOW, OutageProtectionSpec, RetryRuleSpec } from '../lambda/retryRules';
import { BackoffPolicy } from './backoff-policy';
import { BackoffValidationError } from './backoff-validation-error';
import { RetryTransport } from './retry-transport';
import { checkWholeNumber } from './validation';

/**
 * Errors with one of these names get their own policy and attempt budget. Rules are tried in
 * order; the first naming the error's `name` (or the name of an error in its `cause` chain) wins.
 * `NonRetryableError` still dead-letters at once, before any rule.
 */
export interface RetryRule {
  /**
   * `error.name` values, matched exactly: `TimeoutError`, `ThrottlingException`. The runtime
   * matches the thrown error, then its `cause`, its cause's cause… (8 deep).
   */
  readonly errorNames: string[];

  /** How long a matching failure waits before its retry. Its worst case must fit the transport, like `policy`'s. */
  readonly policy: BackoffPolicy;

  /**
   * Total processing attempts when the latest failure matches (the first attempt included).
   *
   * Valid range: 1 to 100.
   * @default - the queue's `maxAttempts`
   */
  readonly maxAttempts?: number;
}

/**
 * Outage protection: when most of the latest handler runs of one consumer environment failed,
 * a further failure says more about the downstream than about the message, so the runtime holds
 * it for `probeInterval` without counting the attempt. An outage longer than the whole schedule
 * then dead-letters nothing that would succeed after it; `maxElapsed` still ends a message's run.
 */
export interface OutageProtection {
  /**
   * The share of the latest `window` handler runs that failed (retryably: non-retryable errors do
   * not count) from which failures are held.
   *
   * Valid range: above 0 to 1.
   * @default 0.9
   */
  readonly failureRate?: number;

  /**
   * How many of the latest handler runs of one execution environment the rate is measured over;
   * no failure is held before that many were seen.
   *
   * Valid range: 2 to 10,000.
   * @default 20
   */
  readonly window?: number;

  /**
   * How long a held record waits before it is tried again (a probe of the downstream).
   *
   * Valid range: 1 second to the transport's longest wait.
   * @default Duration.seconds(60)
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
   */
  readonly probeInterval?: Duration;
}

/** The retry-control props as the checks and the environment need them. Internal. */
export interface RetryControlSettings {
  readonly retryRules?: RetryRule[];
  readonly outageProtection?: OutageProtection;
  readonly maxAttempts: number;
  readonly transport: RetryTransport;
  readonly fifo: boolean;
}

/** Throws a `BackoffValidationError` for the first problem of `retryRules` or `outageProtection`. */
export function validateRetryControl(settings: RetryControlSettings): void {
  const { retryRules, outageProtection, transport, maxAttempts } = settings;
  retryRules?.forEach((rule, i) => {
    const name = `retryRules[${i}]`;
    if (rule.errorNames.length === 0 || rule.errorNames.some((n) => Token.isUnresolved(n) || n.trim() === '')) {
      throw new BackoffValidationError(`${name}.errorNames must be a non-empty list of non-empty error names (given ${JSON.stringify(rule.errorNames)})`);
    }
    checkWholeNumber(`${name}.maxAttempts`, rule.maxAttempts, MAX_ATTEMPTS.min, MAX_ATTEMPTS.max);
    const attempts = rule.maxAttempts ?? maxAttempts;
    if (Token.isUnresolved(attempts) || Object.values(rule.policy.toJson()).some((v) => Token.isUnresolved(v))) return;
    const beyond = waitBeyondLimit(rule.policy.toJson(), attempts, transport.maxDelay.toSeconds());
    if (beyond !== undefined) {
      const names = { cap: `${name}.policy cap`, maxAttempts: `${name}.maxAttempts` };
      throw new BackoffValidationError(`${name}.policy: ${beyondLimitMessage(beyond, attempts, names, transport._maxDelayLimit())}, or pick another transport than ${transport.transportName}`);
    }
  });
  if (outageProtection === undefined) return;
  const spec = outageSpec(outageProtection);
  if (transport.transportName === 'visibility-timeout') {
    throw new BackoffValidationError(
      `outageProtection needs a transport that requeues a copy (stepFunctions, sqsDelay, auto on a standard queue): a visibility-timeout retry counts every receive as an attempt (given transport ${transport.transportName})`,
    );
  }
  if (!Token.isUnresolved(spec.failureRate) && !(spec.failureRate > 0 && spec.failureRate <= 1)) {
    throw new BackoffValidationError(`outageProtection.failureRate must be above 0 and at most 1 (given ${spec.failureRate})`);
  }
  checkWholeNumber('outageProtection.window', spec.window, OUTAGE_WINDOW.min, OUTAGE_WINDOW.max);
  const longest = transport.maxDelay.toSeconds();
  if (!Token.isUnresolved(spec.probeSeconds) && !(Number.isSafeInteger(spec.probeSeconds) && spec.probeSeconds >= 1 && spec.probeSeconds <= longest)) {
    throw new BackoffValidationError(`outageProtection.probeInterval must be whole seconds from 1 to ${longest} (the ${transport.transportName} transport's longest wait) (given ${spec.probeSeconds} seconds)`);
  }
}

/** The most attempts any rule allows: what `maxReceiveCount` must cover with visibility-timeout retries. */
export function mostAttempts(maxAttempts: number, retryRules: RetryRule[] | undefined): number {
  if (Token.isUnresolved(maxAttempts) || retryRules?.some((rule) => rule.maxAttempts !== undefined && Token.isUnresolved(rule.maxAttempts))) return maxAttempts;
  return attemptCeiling(maxAttempts, retryRules);
}

/** `BACKOFF_RETRY_RULES`, `BACKOFF_OUTAGE_PROTECTION` and `BACKOFF_CLAMP_RETRY_AFTER`'s values, for those set. */
export function retryControlEnvironment(
  stack: Stack,
  props: { retryRules?: RetryRule[]; outageProtection?: OutageProtection; clampRetryAfter?: boolean },
): { retryRules?: string; outageProtection?: string; clampRetryAfter?: string } {
  const rules: RetryRuleSpec[] | undefined = props.retryRules?.map((rule) => ({ errorNames: [...rule.errorNames], policy: rule.policy.toJson(), maxAttempts: rule.maxAttempts }));
  return {
    retryRules: rules === undefined || rules.length === 0 ? undefined : stack.toJsonString(rules),
    outageProtection: props.outageProtection === undefined ? undefined : stack.toJsonString(outageSpec(props.outageProtection)),
    clampRetryAfter: props.clampRetryAfter === undefined ? undefined : String(props.clampRetryAfter),
  };
}

function outageSpec(props: OutageProtection): OutageProtectionSpec {
  return {
    failureRate: props.failureRate ?? OUTAGE_DEFAULTS.failureRate,
    window: props.window ?? OUTAGE_DEFAULTS.window,
    probeSeconds: props.probeInterval?.toSeconds() ?? OUTAGE_DEFAULTS.probeSeconds,
  };
}
