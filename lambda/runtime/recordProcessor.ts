import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSRecord } from 'aws-lambda';
import { RandomSource, delaySeconds } from '../backoff';
import {
  BACKOFF_ATTRIBUTE,
  DEFAULT_QUEUE_MESSAGE_BYTES,
  BackoffMetadata,
  DeadLetterReason,
  MAX_ERROR_MESSAGE_CHARS,
  MAX_MESSAGE_ATTRIBUTES,
  TransportName,
} from '../contract';
import { toWireAttributes } from './attributes';
import { AttemptContext } from './attemptContext';
import { BackoffMessage } from './backoffMessage';
import { parseBackoffMetadata, serializeBackoffMetadata } from './backoffMetadata';
import { deadLetter } from './deadLetter';
import { Delivery } from './delivery';
import { cutError, describeError } from './describeError';
import { isNonRetryableError } from './errors';
import { fitMessage } from './fitMessage';
import { OutageGuard } from './outageGuard';
import { handlerDelaySeconds, isRetryAfterError } from './retryAfter';
import { attemptCeiling, matchRetryRule } from '../retryRules';
import { longestDelayOf } from './transports/transportLimits';
import { isoTime } from './isoTime';
import type { BackoffLogger, LogFields } from './logger';
import type { InvocationMetrics } from './metrics';
import type { RuntimeConfig } from './runtimeConfig';
import { chooseTransport } from './transports/chooseTransport';
import type { DelayTransport } from './transports/delayTransport';
import type { BackoffHandler, BackoffOptions, DeadLetterEvent, RetryEvent } from './types';

/** Everything a `RecordProcessor` needs, resolved once per cold start. */
export interface RecordProcessorDeps {
  readonly handler: BackoffHandler;
  readonly config: RuntimeConfig;
  /** Injected clients; undefined: the default ones, created (and the SDK loaded) on first use. */
  readonly sqs: SQSClient | undefined;
  readonly sfn: SFNClient | undefined;
  readonly logger: BackoffLogger;
  /** Whether to log a debug line per processed record (the default logger below DEBUG: no). */
  readonly logProcessed: boolean;
  readonly random: RandomSource;
  readonly isNonRetryable: (error: unknown) => boolean;
  readonly onRetry?: BackoffOptions['onRetry'];
  readonly onDeadLetter?: BackoffOptions['onDeadLetter'];
}

const LOGGED_ERROR_CHARS = 1024;

/** Where a worker (`RecordProcessor.drain`) takes its records from and reports to: withBackoff's batch. */
export interface RecordQueue {
  readonly records: readonly SQSRecord[];
  /** What the records' outcomes add to the invocation's metrics. */
  readonly metrics: InvocationMetrics;
  /** The index of the next record to process; -1 when none is left, or none may start. */
  take(): number;
  /** Record `index` reached its final state: `acknowledged` when it may be deleted from the queue. */
  done(index: number, acknowledged: boolean): void;
  /** The worker has no record left. */
  finished(): void;
  /** The worker threw (a user's logger, in `take`, `done` or `unexpected-error`). */
  fail(error: unknown): void;
}

/**
 * Takes one record to a final state: processed, parked, dead-lettered, or (when neither parking
 * nor dead-lettering succeeded) "not acknowledged", which the caller reports in
 * `batchItemFailures`. Never throws.
 */
export class RecordProcessor {
  /** The dead-letter queue's MaximumMessageSize. */
  private readonly deadLetterBytes: number;
  private readonly transport: DelayTransport;
  /** The longest wait the transport carries: where `clampRetryAfter` cuts a handler's delay. */
  private readonly longestDelaySeconds: number;
  /** The most attempts a message may get under any rule: the crash-loop backstop's threshold. */
  private readonly attemptCeiling: number;
  /** Outage protection's failure window (this execution environment's); undefined when off. */
  private readonly outage: OutageGuard | undefined;

  constructor(private readonly deps: RecordProcessorDeps) {
    const { config } = deps;
    this.deadLetterBytes = config.deadLetterMaxMessageBytes ?? DEFAULT_QUEUE_MESSAGE_BYTES;
    this.transport = chooseTransport(config, deps);
    this.longestDelaySeconds = longestDelayOf(config.transport ?? this.transport.name, config.queueUrl.endsWith('.fifo')).seconds;
    this.attemptCeiling = attemptCeiling(config.maxAttempts, config.retryRules);
    this.outage = config.outageProtection === undefined ? undefined : new OutageGuard(config.outageProtection);
  }

  /**
   * One worker: takes each record `queue` hands out to a final state (`queue.done` is told whether
   * it may be deleted from the queue: processed, parked or dead-lettered), until none is left.
   * The handler is awaited in this loop itself: a second async function per record (a `process`
   * per record awaited here) cost a fifth of a successful record.
   */
  async drain(queue: RecordQueue, lambdaContext: Context): Promise<void> {
    const { handler } = this.deps;
    const { records, metrics } = queue;
    try {
      for (let index = queue.take(); index >= 0; index = queue.take()) {
        const record = records[index];
        let acknowledged: boolean | undefined;
        try {
          const delivery = new Delivery(record, this.metadataOf(record), this.transport.retriesInPlace);
          const crashLoop = this.crashLoop(delivery);
          if (crashLoop === undefined) {
            const message = (delivery.message = new BackoffMessage(record));
            const attempt = delivery.previousAttempts + 1;
            try {
              await handler(message, new AttemptContext(delivery, attempt, lambdaContext));
            } catch (error) {
              acknowledged = await this.failed(metrics, delivery, error);
            }
            // Outside the handler's try: a throwing debug logger is the runtime's failure, not the handler's.
            acknowledged ??= this.succeeded(metrics, delivery, attempt);
          } else {
            // The handler does not run again.
            const attempts = (delivery.metadata?.attempt ?? 0) + delivery.receiveCount - 1;
            acknowledged = await this.deadLetter(metrics, delivery, 'redelivered', attempts, undefined, undefined, crashLoop);
          }
        } catch (error) {
          // A bug in this runtime must not acknowledge (or lose) a message.
          this.deps.logger.error('unexpected-error', { messageId: record?.messageId, error: logged(error) });
          acknowledged = false;
        }
        queue.done(index, acknowledged);
      }
    } catch (error) {
      // Only a user's logger throws here: the invocation fails, every message is redelivered.
      queue.fail(error);
      return;
    }
    queue.finished();
  }

  private succeeded(metrics: InvocationMetrics, delivery: Delivery, attempt: number): true {
    this.outage?.record(false);
    // The first receipt is read only for a retried message: the success path stays cheap.
    metrics.processed(attempt, attempt > 1 ? Date.now() - delivery.firstReceivedAtMs : 0);
    if (this.deps.logProcessed) this.deps.logger.debug('processed', { messageId: delivery.record.messageId, originalMessageId: delivery.originalMessageId, attempt });
    return true;
  }

  /**
   * The crash-loop backstop (for emulators without SQS redrive, and for crashes on the last
   * attempt): why this delivery is dead-lettered `redelivered` without running the handler, if it is.
   * Without in-place retries every receive beyond the first is a crash or a failed park, so the
   * threshold is the queue's maxReceiveCount. With visibility-timeout retries a receive is also a
   * retry the runtime asked for, but it never asks for one after attempt maxAttempts (that failure
   * is dead-lettered `exhausted`): a receive beyond maxAttempts attempts can only follow a crash.
   */
  private crashLoop(delivery: Delivery): string | undefined {
    const { maxReceiveCount } = this.deps.config;
    const maxAttempts = this.attemptCeiling;
    const { receiveCount } = delivery;
    if (!this.transport.retriesInPlace) {
      return receiveCount > maxReceiveCount ? `ApproximateReceiveCount ${receiveCount} > maxReceiveCount ${maxReceiveCount}` : undefined;
    }
    const made = delivery.previousAttempts;
    if (made < maxAttempts) return undefined;
    return (
      `${made} attempts already made (${BACKOFF_ATTRIBUTE}.attempt ${delivery.metadata?.attempt ?? 0} + ApproximateReceiveCount ${receiveCount} − 1) ` +
      `≥ maxAttempts ${maxAttempts}: the receives beyond the visibility-timeout retries followed crashes or timeouts`
    );
  }

  /** The record's `x-backoff`; a corrupt one is logged and read as none (a first attempt). */
  private metadataOf(record: SQSRecord): BackoffMetadata | undefined {
    const attribute = record.messageAttributes?.[BACKOFF_ATTRIBUTE];
    if (attribute == null) return undefined;
    const reading = parseBackoffMetadata(attribute);
    if (reading.status === 'ok') return reading.metadata;
    if (reading.status === 'corrupt') this.deps.logger.warn('corrupt-metadata', { messageId: record.messageId, reason: reading.problem });
    return undefined;
  }

  /**
   * Not async: it hands back the park's or dead letter's own promise (an async function resolved
   * with a promise costs two more microtask turns per failure); what it throws, `drain` logs as
   * `unexpected-error`, as a rejection before.
   */
  private failed(metrics: InvocationMetrics, delivery: Delivery, error: unknown): Promise<boolean> {
    const { config, random } = this.deps;
    const n = delivery.previousAttempts + 1;

    if (this.nonRetryable(error)) return this.deadLetter(metrics, delivery, 'non-retryable', n, error);
    if (this.outage?.record(true)) return this.hold(metrics, delivery, error, n);

    const rule = matchRetryRule(config.retryRules, error);
    const budget = rule?.maxAttempts ?? config.maxAttempts;
    const ruleDetail = rule === undefined ? undefined : `retry rule ${config.retryRules!.indexOf(rule)} (${rule.errorNames.join(', ')})`;
    if (n >= budget) return this.deadLetter(metrics, delivery, 'exhausted', n, error, undefined, ruleDetail && `${ruleDetail}: maxAttempts ${budget}`);

    const asked = this.handlerDelay(delivery, error);
    const delay = asked?.seconds ?? delaySeconds(rule?.policy ?? config.policy, n, random, delivery.metadata?.lastDelaySeconds);
    if (config.maxElapsedSeconds !== undefined) {
      const elapsedSeconds = (Date.now() - delivery.firstReceivedAtMs) / 1000;
      if (elapsedSeconds + delay > config.maxElapsedSeconds) return this.deadLetter(metrics, delivery, 'elapsed', n, error, delay);
    }
    return this.park(metrics, delivery, error, { attempt: n, delaySeconds: delay, delaySource: asked && 'handler', held: delivery.metadata?.held }, asked?.detail ?? ruleDetail);
  }

  /**
   * The wait a `RetryAfterError` asks for, cut to the transport's longest only when
   * `clampRetryAfter` allows (otherwise the transport refuses it: `too-large`); undefined for any
   * other error, or one whose delay is unusable (logged, the policy's delay is used).
   */
  private handlerDelay(delivery: Delivery, error: unknown): { seconds: number; detail?: string } | undefined {
    if (!isRetryAfterError(error)) return undefined;
    const asked = handlerDelaySeconds(error.retryAfter, Date.now());
    if (typeof asked === 'string') {
      this.deps.logger.warn('retry-after-ignored', { messageId: delivery.record.messageId, reason: `${asked}: the policy's delay is used` });
      return undefined;
    }
    const longest = this.longestDelaySeconds;
    if (asked <= longest || !this.deps.config.clampRetryAfter) return { seconds: asked };
    return { seconds: longest, detail: `clamped: the handler asked for ${asked} s, longer than the transport's longest wait (${longest} s)` };
  }

  /**
   * Outage protection: most recent records failed, so this failure says little about the message.
   * Park it for the probe interval (or the handler's longer `RetryAfterError` delay) without
   * counting the attempt; `maxElapsed` still ends it.
   */
  private hold(metrics: InvocationMetrics, delivery: Delivery, error: unknown, n: number): Promise<boolean> {
    const { config } = this.deps;
    const asked = isRetryAfterError(error) ? handlerDelaySeconds(error.retryAfter, Date.now()) : undefined;
    const probe = config.outageProtection!.probeSeconds;
    const delay = typeof asked === 'number' && asked > probe && asked <= this.longestDelaySeconds ? asked : probe;
    if (config.maxElapsedSeconds !== undefined && (Date.now() - delivery.firstReceivedAtMs) / 1000 + delay > config.maxElapsedSeconds) {
      return this.deadLetter(metrics, delivery, 'elapsed', n, error, delay);
    }
    const held = (delivery.metadata?.held ?? 0) + 1;
    return this.park(metrics, delivery, error, { attempt: n - 1, delaySeconds: delay, held, hold: true }, this.outage!.describe());
  }

  private async park(
    metrics: InvocationMetrics,
    delivery: Delivery,
    error: unknown,
    wait: { attempt: number; delaySeconds: number; delaySource?: 'handler'; held?: number; hold?: boolean },
    why: string | undefined,
  ): Promise<boolean> {
    const { logger } = this.deps;
    const n = wait.attempt;
    const delay = wait.delaySeconds;
    // Described once, cut twice: for x-backoff and for the log line.
    const described = describeError(error);
    const outcome = await this.transport.park({ delivery, ...wait, lastError: cutError(described, MAX_ERROR_MESSAGE_CHARS) });
    const { record } = delivery;
    const fields: LogFields = {
      messageId: record.messageId,
      originalMessageId: delivery.originalMessageId,
      attempt: n,
      delaySeconds: outcome.delaySeconds,
      transport: outcome.transport,
      delaySource: wait.delaySource,
      held: wait.hold ? wait.held : undefined,
      fallback: outcome.fallback,
      detail: outcome.detail ?? why,
      executionName: outcome.executionName,
      error: cutError(described, LOGGED_ERROR_CHARS),
    };
    switch (outcome.status) {
      case 'too-large':
        return this.deadLetter(metrics, delivery, 'too-large', wait.hold ? n + 1 : n, error, delay, outcome.detail, outcome.transport, wait.delaySource);
      case 'no-room':
        // No room for x-backoff: leave the retry to SQS redelivery and the redrive policy.
        metrics.parkFailed();
        logger.warn('attribute-limit', {
          ...fields,
          reason: `the message already has ${MAX_MESSAGE_ATTRIBUTES} attributes, none left for ${BACKOFF_ATTRIBUTE}: retried by SQS redelivery without backoff`,
        });
        return false;
      case 'failed':
        metrics.parkFailed();
        logger.error('park-failed', { ...fields, reason: 'left for SQS redelivery', parkError: logged(outcome.cause) });
        return false;
      default:
        // An already-parked delivery is a second receipt of a retry arranged before, not a new one.
        if (outcome.status === 'parked') {
          if (wait.hold) metrics.held();
          else metrics.parked(outcome.transport, outcome.delaySeconds, outcome.fallback);
        }
        logger.info(wait.hold ? 'held' : outcome.status, outcome.cause === undefined ? fields : { ...fields, parkError: logged(outcome.cause) });
    }
    // A hold is no retry the user's policy made: no onRetry.
    if (wait.hold) return outcome.acknowledge;
    const { onRetry } = this.deps;
    if (onRetry) {
      const event: RetryEvent = { message: delivery.message!, attempt: n, delaySeconds: outcome.delaySeconds, error };
      await this.hook('onRetry', onRetry, event, delivery);
    }
    return outcome.acknowledge;
  }

  private async deadLetter(
    metrics: InvocationMetrics,
    delivery: Delivery,
    reason: DeadLetterReason,
    attempts: number,
    error: unknown,
    delay?: number,
    detail?: string,
    transport?: TransportName,
    delaySource?: 'handler',
  ): Promise<boolean> {
    const { record, metadata } = delivery;
    const described = error === undefined ? undefined : describeError(error);
    const attributes = toWireAttributes(record.messageAttributes ?? {});
    const fits = !delivery.noRoom;
    if (fits) {
      attributes[BACKOFF_ATTRIBUTE] = {
        DataType: 'String',
        StringValue: serializeBackoffMetadata({
          attempt: attempts,
          firstReceivedAt: isoTime(delivery.firstReceivedAtMs),
          originalMessageId: delivery.originalMessageId,
          lastError: described === undefined ? metadata?.lastError : cutError(described, MAX_ERROR_MESSAGE_CHARS),
          lastDelaySeconds: metadata?.lastDelaySeconds,
          delaySource: metadata?.delaySource,
          held: metadata?.held,
          reason,
          attempts,
          history: metadata?.history,
        }),
      };
    }
    const fit = fitMessage(record.body, attributes, { reason, attempts, originalMessageId: delivery.originalMessageId }, this.deadLetterBytes);
    const fields: LogFields = {
      messageId: record.messageId,
      originalMessageId: delivery.originalMessageId,
      attempt: attempts,
      delaySeconds: delay,
      delaySource,
      reason,
      transport,
      detail,
      receiveCount: delivery.receiveCount,
      withoutMetadata: !fits
        ? `no room for ${BACKOFF_ATTRIBUTE} next to ${MAX_MESSAGE_ATTRIBUTES} user attributes`
        : fit === 'full'
          ? undefined
          : `${BACKOFF_ATTRIBUTE} ${fit === 'compact' ? 'cut to reason, attempts and originalMessageId' : 'left out'}: the copy must fit in the dead-letter queue's ${this.deadLetterBytes}-byte MaximumMessageSize`,
      error: described === undefined ? undefined : cutError(described, LOGGED_ERROR_CHARS),
    };
    try {
      await deadLetter(this.deps.sqs, {
        deadLetterQueueUrl: this.deps.config.deadLetterQueueUrl,
        body: record.body,
        attributes,
        messageId: record.messageId,
        messageGroupId: record.attributes?.MessageGroupId,
      });
    } catch (sendError) {
      metrics.deadLetterFailed();
      this.deps.logger.error('dead-letter-failed', { ...fields, sendError: logged(sendError) });
      return false;
    }
    metrics.deadLettered(reason);
    this.deps.logger.warn('dead-lettered', fields);
    const { onDeadLetter } = this.deps;
    if (onDeadLetter) {
      const event: DeadLetterEvent = { message: (delivery.message ??= new BackoffMessage(record)), attempts, reason, error };
      await this.hook('onDeadLetter', onDeadLetter, event, delivery);
    }
    return true;
  }

  private nonRetryable(error: unknown): boolean {
    if (isNonRetryableError(error)) return true;
    try {
      return this.deps.isNonRetryable(error);
    } catch (predicateError) {
      this.deps.logger.error('hook-failed', { hook: 'nonRetryable', error: logged(predicateError), reason: 'treated as retryable' });
      return false;
    }
  }

  /** Runs a user hook; a throwing hook is logged and changes nothing. */
  private async hook<E>(name: 'onRetry' | 'onDeadLetter', call: (event: E) => Promise<void> | void, event: E, delivery: Delivery): Promise<void> {
    try {
      await call(event);
    } catch (error) {
      this.deps.logger.error('hook-failed', {
        hook: name,
        messageId: delivery.record.messageId,
        originalMessageId: delivery.originalMessageId,
        error: logged(error),
      });
    }
  }
}

function logged(error: unknown): { name: string; message: string } {
  return describeError(error, LOGGED_ERROR_CHARS);
}
