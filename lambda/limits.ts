/**
 * The limits every side of sqs-backoff enforces, and the sentences that explain them: the
 * construct (`lib/`), the consumer runtime, the operator CLI (`schedule`), the example app's
 * context and `npm run cost` all import these, so a limit cannot differ between them.
 * Dependency-free: bundled into every consumer.
 */

import { MAX_SQS_DELAY_SECONDS, MAX_VISIBILITY_TIMEOUT_SECONDS } from './contract';

/** The longest Step Functions Standard execution (one year): the end of the policy's value ranges; the longest Wait is `ONE_YEAR_LIMIT`. */
export const MAX_DELAY_SECONDS = 365 * 24 * 60 * 60;

/** Why the longest wait is one year, as a range ending there says it (`ONE_YEAR_RANGE_END`). */
export const ONE_YEAR_REASON = 'one year, the longest Step Functions Standard execution';

/**
 * How a range that ends at the one-year limit describes its end. A pure call rather than a
 * template literal, so that a bundle which never reads it (the consumer runtime) leaves it out.
 */
export const ONE_YEAR_RANGE_END = /* @__PURE__ */ rangeEnd(MAX_DELAY_SECONDS, ONE_YEAR_REASON);

function rangeEnd(seconds: number, reason: string): string {
  return `${seconds} seconds (${reason})`;
}

/**
 * Total processing attempts including the first. The upper bound keeps a run's worst case inside a
 * year for every sane policy and the `x-backoff` history small.
 */
export const MAX_ATTEMPTS = Object.freeze({ min: 1, max: 100 });

/** SQS redrive policy `maxReceiveCount`: 1 to 1,000. */
export const MAX_RECEIVE_COUNT = Object.freeze({ min: 1, max: 1000 });

/** How each side names the two settings a too-long wait is fixed with. */
export interface LimitNames {
  /** `cap`, `--cap`, `-c cap=…` */
  readonly cap: string;
  /** `maxAttempts`, `--max-attempts` */
  readonly maxAttempts: string;
}

export const PROP_NAMES: LimitNames = Object.freeze({ cap: 'cap', maxAttempts: 'maxAttempts' });

/** A wait of a run, by the failure it follows (1 = after the first failure). */
export interface WaitOfRun {
  readonly failure: number;
  readonly seconds: number;
}

/** `maxAttempts must be between 1 and 100 (given 150)`, with the caller's name for the setting. */
export function maxAttemptsProblem(value: number, name = PROP_NAMES.maxAttempts): string | undefined {
  if (Number.isInteger(value) && value >= MAX_ATTEMPTS.min && value <= MAX_ATTEMPTS.max) return undefined;
  return `${name} must be a whole number between ${MAX_ATTEMPTS.min} and ${MAX_ATTEMPTS.max} (given ${value})`;
}

/** The longest single wait a delay transport can carry, and how a message names it. */
export interface WaitLimit {
  readonly seconds: number;
  /** The limit's name in a message: `one-year Step Functions`, `900-second DelaySeconds`. */
  readonly description: string;
  /** Why `seconds` is not the round figure the name says, when it is not. */
  readonly reason?: string;
}

/**
 * What can follow the Wait inside one retry execution: the requeue and, should it keep failing,
 * the dead-letter send, each up to 7 attempts of at most 60 s (`TimeoutSeconds`) with retry waits
 * of at most 61 s in all (lib/retry-state-machine.ts): 962 s, kept as one hour.
 */
export const REQUEUE_MARGIN_SECONDS = 3600;

/**
 * The longest Wait of a retry execution: a Standard execution that passes one year times out
 * (`States.Timeout`) with no Catch to run, and its message, acknowledged when it was parked, would
 * be lost. So the Wait ends `REQUEUE_MARGIN_SECONDS` before the year does.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html (maximum execution time: 1 year)
 */
export const ONE_YEAR_LIMIT: WaitLimit = Object.freeze({
  seconds: MAX_DELAY_SECONDS - REQUEUE_MARGIN_SECONDS,
  description: 'one-year Step Functions',
  reason: `an execution must end within the year; ${REQUEUE_MARGIN_SECONDS} s are kept for the requeue after the Wait`,
});

/**
 * What can pass between SQS handing a message to the event source mapping and the consumer's
 * `ChangeMessageVisibility`: the longest batching window (300 s) plus the longest Lambda timeout (900 s).
 */
export const RECEIVE_MARGIN_SECONDS = 300 + 900;

/**
 * SQS keeps a received message hidden for at most 12 hours counted from its receive, and refuses
 * (rather than shortens) a `ChangeMessageVisibility` that would pass them: the longest wait every
 * side accepts is 12 hours less `RECEIVE_MARGIN_SECONDS`, so a request made within the margin
 * always carries the policy's whole delay.
 *
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
 */
export const TWELVE_HOURS_LIMIT: WaitLimit = Object.freeze({
  seconds: MAX_VISIBILITY_TIMEOUT_SECONDS - RECEIVE_MARGIN_SECONDS,
  description: '12-hour ChangeMessageVisibility',
  reason: `SQS counts the 12 hours from the receive; ${RECEIVE_MARGIN_SECONDS} s are kept for the longest batching window and Lambda timeout`,
});

/** `SendMessage` delays a message by at most 900 s (`DelaySeconds`). */
export const FIFTEEN_MINUTES_LIMIT: WaitLimit = Object.freeze({ seconds: MAX_SQS_DELAY_SECONDS, description: '900-second DelaySeconds' });

/**
 * The one sentence for a run whose worst-case wait passes a transport's longest wait (one year
 * for Step Functions; the transports pass their 12-hour and 900-second limits).
 */
export function beyondLimitMessage(beyond: WaitOfRun, maxAttempts: number, names: LimitNames = PROP_NAMES, limit: WaitLimit = ONE_YEAR_LIMIT): string {
  return (
    `the wait after failure ${beyond.failure} can reach ${beyond.seconds} s, beyond the ${limit.description} ` +
    `limit of ${limit.seconds} s${limit.reason === undefined ? '' : ` (${limit.reason})`}: set ${names.cap} or lower ${names.maxAttempts} (given ${names.maxAttempts} ${maxAttempts})`
  );
}

/** `beyondLimitMessage` for the one-year limit of a Step Functions Standard execution. */
export function beyondOneYearMessage(beyond: WaitOfRun, maxAttempts: number, names: LimitNames = PROP_NAMES): string {
  return beyondLimitMessage(beyond, maxAttempts, names, ONE_YEAR_LIMIT);
}

/**
 * The one sentence for a wait that is always zero: the message is requeued at once and fails
 * again at once, a hot loop that only `maxAttempts` ends. A warning on every side, not an error:
 * an immediate first retry can be deliberate.
 */
export function zeroWaitMessage(wait: WaitOfRun, baseName = 'base'): string {
  return (
    `the wait after failure ${wait.failure} is always 0 s: a failing message is retried at once, a hot loop ` +
    `with no backoff — set ${baseName} to 1 second or more`
  );
}
