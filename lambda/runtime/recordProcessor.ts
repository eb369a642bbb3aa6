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

/**
 * Takes one record to a final state: processed, parked, dead-lettered, or (when neither parking
 * nor dead-lettering succeeded) "not acknowledged", which the caller reports in
 * `batchItemFailures`. Never throws.
 */
export class RecordProcessor {
  /** The dead-letter queue's MaximumMessageSize. */
  private readonly deadLetterBytes: number;
  private readonly transport: DelayTransport;

  constructor(private readonly deps: RecordProcessorDeps) {
    this.deadLetterBytes = deps.config.deadLetterMaxMessageBytes ?? DEFAULT_QUEUE_MESSAGE_BYTES;
    this.transport = chooseTransport(deps.config, deps);
  }

  /** @returns true when the record may be deleted from the queue (processed, parked or dead-lettered). */
  async process(record: SQSRecord, lambdaContext: Context, metrics: InvocationMetrics): Promise<boolean> {
    try {
      const delivery = new Delivery(record, this.metadataOf(record), this.transport.retriesInPlace);
      const { handler } = this.deps;
      const crashLoop = this.crashLoop(delivery);
      if (crashLoop !== undefined) {
        // The handler does not run again.
        const attempts = (delivery.metadata?.attempt ?? 0) + delivery.receiveCount - 1;
        return await this.deadLetter(metrics, delivery, 'redelivered', attempts, undefined, undefined, crashLoop);
      }
      const message = (delivery.message = new BackoffMessage(record));
      const attempt = delivery.previousAttempts + 1;
      try {
        await handler(message, new AttemptContext(delivery, attempt, lambdaContext));
      } catch (error) {
        return await this.failed(metrics, delivery, error);
      }
      // The first receipt is read only for a retried message: the success path stays cheap.
      metrics.processed(attempt, attempt > 1 ? Date.now() - delivery.firstReceivedAtMs : 0);
      if (this.deps.logProcessed) this.deps.logger.debug('processed', { messageId: record.messageId, originalMessageId: delivery.originalMessageId, attempt });
      return true;
    } catch (error) {
      // A bug in this runtime must not acknowledge (or lose) a message.
      this.deps.logger.error('unexpected-error', { messageId: record?.messageId, error: logged(error) });
      return false;
    }
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
    const { maxReceiveCount, maxAttempts } = this.deps.config;
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

  private async failed(metrics: InvocationMetrics, delivery: Delivery, error: unknown): Promise<boolean> {
    const { config, random, logger } = this.deps;
    const n = delivery.previousAttempts + 1;

    if (this.nonRetryable(error)) return this.deadLetter(metrics, delivery, 'non-retryable', n, error);
    if (n >= config.maxAttempts) return this.deadLetter(metrics, delivery, 'exhausted', n, error);

    const delay = delaySeconds(config.policy, n, random, delivery.metadata?.lastDelaySeconds);
    if (config.maxElapsedSeconds !== undefined) {
      const elapsedSeconds = (Date.now() - delivery.firstReceivedAtMs) / 1000;
      if (elapsedSeconds + delay > config.maxElapsedSeconds) return this.deadLetter(metrics, delivery, 'elapsed', n, error, delay);
    }

    // Described once, cut twice: for x-backoff and for the log line.
    const described = describeError(error);
    const outcome = await this.transport.park({ delivery, attempt: n, delaySeconds: delay, lastError: cutError(described, MAX_ERROR_MESSAGE_CHARS) });
    const { record } = delivery;
    const fields: LogFields = {
      messageId: record.messageId,
      originalMessageId: delivery.originalMessageId,
      attempt: n,
      delaySeconds: outcome.delaySeconds,
      transport: outcome.transport,
      fallback: outcome.fallback,
      detail: outcome.detail,
      executionName: outcome.executionName,
      error: cutError(described, LOGGED_ERROR_CHARS),
    };
    switch (outcome.status) {
      case 'too-large':
        return this.deadLetter(metrics, delivery, 'too-large', n, error, delay, outcome.detail, outcome.transport);
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
        if (outcome.status === 'parked') metrics.parked(outcome.transport, outcome.delaySeconds, outcome.fallback);
        logger.info(outcome.status, outcome.cause === undefined ? fields : { ...fields, parkError: logged(outcome.cause) });
    }
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
