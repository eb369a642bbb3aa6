import { Duration, Token } from 'aws-cdk-lib';
import { alwaysZeroWait, delaySeconds, waitBeyondLimit } from '../lambda/backoff';
import { beyondLimitMessage, PROP_NAMES, MAX_ATTEMPTS, MAX_DELAY_SECONDS, MAX_RECEIVE_COUNT, ONE_YEAR_RANGE_END, TWELVE_HOURS_LIMIT, zeroWaitMessage } from '../lambda/limits';
import { BACKOFF_ATTRIBUTE_ROOM_BYTES, ENV, MAX_MESSAGE_BYTES, MIN_MESSAGE_BYTES } from '../lambda/contract';
import { BackoffEventSourceOptions } from './backoff-consumer-props';
import { BackoffPolicy } from './backoff-policy';
import { BackoffValidationError } from './backoff-validation-error';
import { RetryTransport } from './retry-transport';
import type { OutageProtection, RetryRule } from './retry-control';
import { anyUnresolved, checkDuration, checkWholeNumber, describeSeconds, seconds } from './validation';

/**
 * `BackoffQueue`'s props after defaults, in the shape the checks need. Internal.
 * `undefined` means "not known at synth" (an existing queue or an imported function).
 */
export interface ResolvedBackoffSettings {
  readonly policy: BackoffPolicy;
  readonly maxAttempts: number;
  /** `maxAttempts`, or a retry rule's if larger. */
  readonly mostAttempts: number;
  /** The retry-control props, for the environment. */
  readonly retryControl: { readonly retryRules?: RetryRule[]; readonly outageProtection?: OutageProtection; readonly clampRetryAfter?: boolean };
  readonly maxElapsed?: Duration;
  readonly maxReceiveCount: number;
  readonly fifo: boolean;
  /** The transport that serves this queue (after FIFO resolved `auto`). */
  readonly transport: RetryTransport;
  readonly consumerTimeout?: Duration;
  readonly visibilityTimeout?: Duration;
  readonly retentionPeriod?: Duration;
  readonly deadLetterRetention: Duration;
  readonly eventSource: BackoffEventSourceOptions;
  readonly memorySize?: number;
  readonly environment?: Record<string, string>;
  readonly oldestMessageAgeThreshold: Duration;
  readonly maxMessageBytes: number;
  readonly deadLetterMaxMessageBytes: number;
}

/** AWS limits, in seconds unless named otherwise. */
export const LIMITS = Object.freeze({
  maxAttempts: MAX_ATTEMPTS,
  maxReceiveCount: MAX_RECEIVE_COUNT,
  /** Receipts beyond maxAttempts a visibility-delayed message needs: one failed dead-letter send. */
  receiveCountMargin: 1,
  functionTimeout: { min: 1, max: 15 * 60 },
  memorySize: { min: 128, max: 10_240 },
  visibilityTimeout: { max: 12 * 3600 },
  visibilityPerFunctionTimeout: 6,
  retention: { min: 60, max: 14 * 86_400 },
  batchSize: { min: 1, max: 10_000, fifoMax: 10, withoutWindowMax: 10 },
  maxBatchingWindow: { max: 300 },
  maxConcurrency: { min: 2, max: 1000 },
  oldestMessageAgeThreshold: { min: 60 },
});


/** Throws a `BackoffValidationError` for the first problem found. */
export function validateBackoffSettings(settings: ResolvedBackoffSettings): void {
  checkWholeNumber('maxAttempts', settings.maxAttempts, LIMITS.maxAttempts.min, LIMITS.maxAttempts.max);
  checkWholeNumber('maxReceiveCount', settings.maxReceiveCount, LIMITS.maxReceiveCount.min, LIMITS.maxReceiveCount.max);
  checkReceiveCountCoversAttempts(settings);
  checkConsumer(settings);
  checkVisibilityTimeout(settings);
  checkRetention(settings);
  checkSchedule(settings);
  checkMaxElapsed(settings);
  checkEventSource(settings.eventSource, settings.fifo);
  checkOldestMessageAgeThreshold(settings);
  checkMessageSizes(settings);
}

/**
 * A dead-letter queue smaller than the work queue would refuse the copies it exists for; the
 * runtime trims `x-backoff` only as a last resort, when both are at SQS's 1 MiB maximum.
 */
function checkMessageSizes(settings: ResolvedBackoffSettings): void {
  const { maxMessageBytes, deadLetterMaxMessageBytes } = settings;
  checkWholeNumber('maxMessageSize (bytes)', maxMessageBytes, MIN_MESSAGE_BYTES, MAX_MESSAGE_BYTES);
  checkWholeNumber('deadLetterMaxMessageSize (bytes)', deadLetterMaxMessageBytes, MIN_MESSAGE_BYTES, MAX_MESSAGE_BYTES);
  if (anyUnresolved(maxMessageBytes, deadLetterMaxMessageBytes)) return;
  const least = Math.min(MAX_MESSAGE_BYTES, maxMessageBytes + BACKOFF_ATTRIBUTE_ROOM_BYTES);
  if (deadLetterMaxMessageBytes < least) {
    throw new BackoffValidationError(
      `deadLetterMaxMessageSize must be at least ${least} bytes (maxMessageSize ${maxMessageBytes} + ${BACKOFF_ATTRIBUTE_ROOM_BYTES} for ${'x-backoff'}, at most ${MAX_MESSAGE_BYTES}) and at most ${MAX_MESSAGE_BYTES} bytes, so that every dead-letter copy fits (given ${deadLetterMaxMessageBytes})`,
    );
  }
}

function checkConsumer(settings: ResolvedBackoffSettings): void {
  checkDuration('consumer.timeout', settings.consumerTimeout, LIMITS.functionTimeout.min, LIMITS.functionTimeout.max);
  checkWholeNumber('consumer.memorySize', settings.memorySize, LIMITS.memorySize.min, LIMITS.memorySize.max);
  const reserved = Object.values(ENV) as string[];
  const clash = Object.keys(settings.environment ?? {}).find((name) => reserved.includes(name));
  if (clash !== undefined) {
    throw new BackoffValidationError(
      `consumer.environment must not set ${clash}: the construct sets every ${reserved.join(', ')} (given ${clash}=${settings.environment![clash]})`,
    );
  }
}

/**
 * AWS asks for a visibility timeout of at least six times the function timeout on an SQS event
 * source, so that a batch retried after throttling is not redelivered while still running.
 */
function checkVisibilityTimeout(settings: ResolvedBackoffSettings): void {
  const { visibilityTimeout, consumerTimeout } = settings;
  if (visibilityTimeout === undefined) return;
  const factor = LIMITS.visibilityPerFunctionTimeout;
  const known = consumerTimeout !== undefined && !anyUnresolved(consumerTimeout);
  const min = known ? seconds(consumerTimeout!) * factor : 0;
  checkDuration('queueProps.visibilityTimeout', visibilityTimeout, min, LIMITS.visibilityTimeout.max, {
    min: known ? `${describeSeconds(min)} (${factor} × consumer.timeout)` : undefined,
  });
}

/** A dead-letter queue that forgets sooner than its source would lose messages redriven late. */
function checkRetention(settings: ResolvedBackoffSettings): void {
  const { retentionPeriod, deadLetterRetention } = settings;
  checkDuration('queueProps.retentionPeriod', retentionPeriod, LIMITS.retention.min, LIMITS.retention.max);
  checkDuration('deadLetterRetention', deadLetterRetention, LIMITS.retention.min, LIMITS.retention.max);
  if (retentionPeriod === undefined || anyUnresolved(retentionPeriod, deadLetterRetention)) return;
  if (seconds(deadLetterRetention) <= seconds(retentionPeriod)) {
    throw new BackoffValidationError(
      `deadLetterRetention must be longer than queueProps.retentionPeriod (${describeSeconds(seconds(retentionPeriod))}) and at most ${describeSeconds(LIMITS.retention.max)} (given ${describeSeconds(seconds(deadLetterRetention))})`,
    );
  }
}

/**
 * A message delayed by visibility timeout is received once per attempt: SQS redrive must not move
 * it before the runtime dead-letters it with its reason, nor before a failed dead-letter send of
 * the last attempt was retried once.
 */
function checkReceiveCountCoversAttempts(settings: ResolvedBackoffSettings): void {
  const { maxReceiveCount, mostAttempts: maxAttempts, transport } = settings;
  if (!transport.delaysByVisibility || Token.isUnresolved(maxReceiveCount) || Token.isUnresolved(maxAttempts)) return;
  const least = maxAttempts + LIMITS.receiveCountMargin;
  if (maxReceiveCount < least) {
    throw new BackoffValidationError(
      `maxReceiveCount must be at least maxAttempts + ${LIMITS.receiveCountMargin} (${least}) with the ${transport.transportName} transport, which may delay a message by visibility timeout so that every attempt is one more receipt: SQS redrive would otherwise dead-letter it without its reason (given maxReceiveCount ${maxReceiveCount} with maxAttempts ${maxAttempts})`,
    );
  }
}

/** Each wait must fit the transport that carries it: one year less an hour, 42,000 s (12 hours from the receive) or 15 minutes. */
function checkSchedule(settings: ResolvedBackoffSettings): void {
  const { policy, maxAttempts, transport } = settings;
  if (Token.isUnresolved(maxAttempts) || hasTokens(policy)) return;
  const beyond = waitBeyondLimit(policy.toJson(), maxAttempts, transport.maxDelay.toSeconds());
  if (beyond === undefined) return;
  throw new BackoffValidationError(`policy: ${beyondLimitMessage(beyond, maxAttempts, PROP_NAMES, transport._maxDelayLimit())}, or pick another transport than ${transport.transportName}`);
}

/**
 * The warning for a policy whose wait is always 0 s (`schedule` prints the same sentence), or
 * `undefined`. A warning, not an error: an immediate retry can be deliberate.
 */
export function zeroWaitWarning(settings: ResolvedBackoffSettings): string | undefined {
  const { policy, maxAttempts } = settings;
  if (Token.isUnresolved(maxAttempts) || hasTokens(policy)) return undefined;
  const zero = alwaysZeroWait(policy.toJson(), maxAttempts);
  return zero === undefined ? undefined : `policy: ${zeroWaitMessage(zero, policy.toJson().kind === 'step-functions' ? 'interval' : 'base')}`;
}

/**
 * The warning for a Step Functions transport whose visibility fallback cannot carry every wait of
 * the policy, or `undefined`. A warning, not an error: Step Functions carries those waits, and
 * only a park it refuses (throttled, failing, input over 256 KiB) is dead-lettered `too-large`
 * instead of being hidden for a shorter time.
 */
export function visibilityFallbackGapWarning(settings: ResolvedBackoffSettings): string | undefined {
  const { policy, maxAttempts, transport } = settings;
  const limit = TWELVE_HOURS_LIMIT;
  // The visibility-timeout transport itself rejects such a wait (checkSchedule).
  if (!transport.delaysByVisibility || transport.maxDelay.toSeconds() <= limit.seconds) return undefined;
  if (Token.isUnresolved(maxAttempts) || hasTokens(policy)) return undefined;
  const beyond = waitBeyondLimit(policy.toJson(), maxAttempts, limit.seconds);
  if (beyond === undefined) return undefined;
  return (
    `policy: the wait after failure ${beyond.failure} can reach ${beyond.seconds} s, longer than the visibility fallback of ${transport.transportName} ` +
    `carries (${limit.seconds} s: ${limit.reason}): a retry with such a wait that Step Functions does not take ` +
    `(StartExecution throttled or failing, input over 256 KiB) is dead-lettered too-large, never retried early`
  );
}

/** A limit shorter than every possible first delay would forbid all retries. */
function checkMaxElapsed(settings: ResolvedBackoffSettings): void {
  const { maxElapsed, policy, maxAttempts } = settings;
  if (maxElapsed === undefined || maxElapsed.isUnresolved()) return;
  const shortestFirst = maxAttempts > 1 && !hasTokens(policy) ? delaySeconds(policy.toJson(), 1, () => 0) : 0;
  const min = Math.max(1, shortestFirst);
  checkDuration('maxElapsed', maxElapsed, min, MAX_DELAY_SECONDS, {
    min: `${describeSeconds(min)} (the shortest first delay of the policy)`,
    max: ONE_YEAR_RANGE_END,
  });
}

function checkEventSource(options: BackoffEventSourceOptions, fifo: boolean): void {
  const { batchSize, maxBatchingWindow, maxConcurrency } = options;
  const maxBatch = fifo ? LIMITS.batchSize.fifoMax : LIMITS.batchSize.max;
  checkWholeNumber(fifo ? 'consumer.batchSize (FIFO queue)' : 'consumer.batchSize', batchSize, LIMITS.batchSize.min, maxBatch);
  checkWholeNumber('consumer.maxConcurrency', maxConcurrency, LIMITS.maxConcurrency.min, LIMITS.maxConcurrency.max);
  if (fifo && maxBatchingWindow !== undefined) {
    throw new BackoffValidationError(
      `consumer.maxBatchingWindow must be undefined for a FIFO queue, which does not support one (given ${describeDuration(maxBatchingWindow)})`,
    );
  }
  checkDuration('consumer.maxBatchingWindow', maxBatchingWindow, 0, LIMITS.maxBatchingWindow.max);
  checkLargeBatchHasWindow(batchSize, maxBatchingWindow);
}

/** Lambda rejects a batch size above 10 unless records may gather for at least a second. */
function checkLargeBatchHasWindow(batchSize: number | undefined, maxBatchingWindow: Duration | undefined): void {
  if (batchSize === undefined || anyUnresolved(batchSize, maxBatchingWindow)) return;
  const window = maxBatchingWindow === undefined ? 0 : seconds(maxBatchingWindow);
  if (batchSize > LIMITS.batchSize.withoutWindowMax && window < 1) {
    throw new BackoffValidationError(
      `consumer.maxBatchingWindow must be between 1 second and 5 minutes when consumer.batchSize is above ${LIMITS.batchSize.withoutWindowMax} (given ${describeSeconds(window)} with batchSize ${batchSize})`,
    );
  }
}

function describeDuration(value: Duration): string {
  return value.isUnresolved() ? 'a token' : describeSeconds(seconds(value));
}

/** Older than the retention period cannot happen: the alarm would never fire. */
function checkOldestMessageAgeThreshold(settings: ResolvedBackoffSettings): void {
  const max = settings.retentionPeriod === undefined || settings.retentionPeriod.isUnresolved()
    ? LIMITS.retention.max
    : seconds(settings.retentionPeriod);
  checkDuration('oldestMessageAgeThreshold', settings.oldestMessageAgeThreshold, LIMITS.oldestMessageAgeThreshold.min, max, {
    max: `${describeSeconds(max)} (the work queue's retention period)`,
  });
}

function hasTokens(policy: BackoffPolicy): boolean {
  return Object.values(policy.toJson()).some((value) => Token.isUnresolved(value));
}
