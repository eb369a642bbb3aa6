import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSRecord } from 'aws-lambda';
import { RandomSource, delaySeconds } from '../backoff';
import {
  BACKOFF_ATTRIBUTE,
  BackoffMetadata,
  DeadLetterReason,
  MAX_ERROR_MESSAGE_CHARS,
  MAX_EXECUTION_INPUT_BYTES,
  MAX_MESSAGE_ATTRIBUTES,
  ParkInput,
  WireAttribute,
} from '../contract';
import { toWireAttributes } from './attributes';
import { AttemptContext } from './attemptContext';
import { BackoffMessage } from './backoffMessage';
import { parseBackoffMetadata, serializeBackoffMetadata } from './backoffMetadata';
import { deadLetter } from './deadLetter';
import { Delivery } from './delivery';
import { describeError } from './describeError';
import { isNonRetryableError } from './errors';
import { executionName } from './executionName';
import { fitMessage, messageBytes } from './fitMessage';
import { isoTime } from './isoTime';
import type { BackoffLogger, LogFields } from './logger';
import { park } from './park';
import { serializeParkInput } from './parkInput';
import { messageLimits, RuntimeConfig } from './runtimeConfig';
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
  /** `JSON.stringify(config.queueUrl)`, the start of every park input. */
  private readonly queueUrlJson: string;
  private readonly fifo: boolean;
  private readonly limits: ReturnType<typeof messageLimits>;

  constructor(private readonly deps: RecordProcessorDeps) {
    this.queueUrlJson = JSON.stringify(deps.config.queueUrl);
    this.fifo = deps.config.queueUrl.endsWith('.fifo');
    this.limits = messageLimits(deps.config);
  }

  /** @returns true when the record may be deleted from the queue (processed, parked or dead-lettered). */
  async process(record: SQSRecord, lambdaContext: Context): Promise<boolean> {
    try {
      const delivery = new Delivery(record, this.metadataOf(record));
      const { config, handler } = this.deps;
      if (delivery.receiveCount > config.maxReceiveCount) {
        // Crash-loop backstop: SQS redrive should have moved this message already (emulators may
        // have none). The handler does not run again.
        const attempts = (delivery.metadata?.attempt ?? 0) + delivery.receiveCount - 1;
        return await this.deadLetter(delivery, 'redelivered', attempts, undefined);
      }
      const message = (delivery.message = new BackoffMessage(record));
      const attempt = delivery.previousAttempts + 1;
      try {
        await handler(message, new AttemptContext(delivery, attempt, lambdaContext));
      } catch (error) {
        return await this.failed(delivery, error);
      }
      if (this.deps.logProcessed) this.deps.logger.debug('processed', { messageId: record.messageId, originalMessageId: delivery.originalMessageId, attempt });
      return true;
    } catch (error) {
      // A bug in this runtime must not acknowledge (or lose) a message.
      this.deps.logger.error('unexpected-error', { messageId: record?.messageId, error: logged(error) });
      return false;
    }
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

  private async failed(delivery: Delivery, error: unknown): Promise<boolean> {
    const { config, random, logger } = this.deps;
    const n = delivery.previousAttempts + 1;

    if (this.nonRetryable(error)) return this.deadLetter(delivery, 'non-retryable', n, error);
    if (n >= config.maxAttempts) return this.deadLetter(delivery, 'exhausted', n, error);

    const delay = delaySeconds(config.policy, n, random, delivery.metadata?.lastDelaySeconds);
    if (config.maxElapsedSeconds !== undefined) {
      const elapsedSeconds = (Date.now() - delivery.firstReceivedAtMs) / 1000;
      if (elapsedSeconds + delay > config.maxElapsedSeconds) return this.deadLetter(delivery, 'elapsed', n, error, delay);
    }

    const { record } = delivery;
    if (delivery.noRoom) {
      // No room for x-backoff: leave the retry to SQS redelivery and the redrive policy.
      logger.warn('attribute-limit', {
        messageId: record.messageId,
        originalMessageId: delivery.originalMessageId,
        attempt: n,
        reason: `the message already has ${MAX_MESSAGE_ATTRIBUTES} attributes, none left for ${BACKOFF_ATTRIBUTE}: retried by SQS redelivery without backoff`,
        error: logged(error),
      });
      return false;
    }

    const history = delivery.metadata?.history;
    const name = executionName(delivery.originalMessageId, n, history?.length ?? 0);
    const fifo = this.fifo;
    // The ParkInput (lambda/contract.ts): the requeue's attributes carry the next x-backoff, the
    // dead-letter variant (for the state machine's Catch) the same with reason `requeue-failed`.
    // Parking a FIFO message gives up its order: later messages of its group are processed
    // while it waits. The requeue carries its group and a per-park deduplication id.
    const serialized = serializeParkInput({
      queueUrlJson: this.queueUrlJson,
      body: record.body,
      messageAttributes: record.messageAttributes,
      attempt: n,
      firstReceivedAt: isoTime(delivery.firstReceivedAtMs),
      originalMessageId: delivery.originalMessageId,
      lastError: describeError(error, MAX_ERROR_MESSAGE_CHARS),
      delaySeconds: delay,
      history,
      messageGroupId: fifo ? (record.attributes?.MessageGroupId ?? 'sqs-backoff') : undefined,
      messageDeduplicationId: fifo ? name : undefined,
    });
    // Each UTF-16 unit is at most 3 UTF-8 bytes: only count bytes when it could matter.
    const bytes = serialized.length * 3 <= MAX_EXECUTION_INPUT_BYTES ? 0 : Buffer.byteLength(serialized, 'utf8');
    if (bytes > MAX_EXECUTION_INPUT_BYTES) {
      return this.deadLetter(delivery, 'too-large', n, error, delay, `retry state machine input would be ${bytes} bytes, over the ${MAX_EXECUTION_INPUT_BYTES}-byte Step Functions limit`);
    }
    const requeueBytes = this.requeueBytesOver(serialized);
    if (requeueBytes !== undefined) {
      return this.deadLetter(delivery, 'too-large', n, error, delay, `the requeued copy with ${BACKOFF_ATTRIBUTE} would be ${requeueBytes} bytes, over the work queue's ${this.limits.queue}-byte MaximumMessageSize`);
    }

    const fields: LogFields = {
      messageId: record.messageId,
      originalMessageId: delivery.originalMessageId,
      attempt: n,
      delaySeconds: delay,
      executionName: name,
      error: logged(error),
    };
    try {
      const outcome = await park(this.deps.sfn, config.stateMachineArn, name, serialized);
      logger.info(outcome === 'started' ? 'parked' : 'already-parked', fields);
    } catch (parkError) {
      logger.error('park-failed', { ...fields, reason: 'left for SQS redelivery', parkError: logged(parkError) });
      return false;
    }
    const { onRetry } = this.deps;
    if (onRetry) {
      const event: RetryEvent = { message: delivery.message!, attempt: n, delaySeconds: delay, error };
      await this.hook('onRetry', () => onRetry(event), delivery);
    }
    return true;
  }

  /**
   * The size of the message the state machine would send back, when it is over the work queue's
   * limit (SQS would refuse it and the Catch would dead-letter it after the wait). The park input
   * holds the body and attributes at least as large as they are in the message, so only an input
   * that could pass the limit is parsed and measured.
   */
  private requeueBytesOver(serialized: string): number | undefined {
    if (serialized.length * 3 <= this.limits.queue) return undefined;
    const input = JSON.parse(serialized) as ParkInput;
    const bytes = messageBytes(input.body, input.attributes);
    return bytes > this.limits.queue ? bytes : undefined;
  }

  private async deadLetter(
    delivery: Delivery,
    reason: DeadLetterReason,
    attempts: number,
    error: unknown,
    delay?: number,
    detail?: string,
  ): Promise<boolean> {
    const { record, metadata } = delivery;
    const attributes = toWireAttributes(record.messageAttributes ?? {});
    const fits = !delivery.noRoom;
    if (fits) {
      attributes[BACKOFF_ATTRIBUTE] = backoffAttribute({
        attempt: attempts,
        firstReceivedAt: isoTime(delivery.firstReceivedAtMs),
        originalMessageId: delivery.originalMessageId,
        lastError: error === undefined ? metadata?.lastError : describeError(error, MAX_ERROR_MESSAGE_CHARS),
        lastDelaySeconds: metadata?.lastDelaySeconds,
        reason,
        attempts,
        history: metadata?.history,
      });
    }
    const fit = fitMessage(record.body, attributes, { reason, attempts, originalMessageId: delivery.originalMessageId }, this.limits.deadLetterQueue);
    const fields: LogFields = {
      messageId: record.messageId,
      originalMessageId: delivery.originalMessageId,
      attempt: attempts,
      delaySeconds: delay,
      reason,
      detail: detail ?? (reason === 'redelivered' ? `ApproximateReceiveCount ${delivery.receiveCount} > maxReceiveCount ${this.deps.config.maxReceiveCount}` : undefined),
      receiveCount: delivery.receiveCount,
      withoutMetadata: !fits
        ? `no room for ${BACKOFF_ATTRIBUTE} next to ${MAX_MESSAGE_ATTRIBUTES} user attributes`
        : fit === 'full'
          ? undefined
          : `${BACKOFF_ATTRIBUTE} ${fit === 'compact' ? 'cut to reason, attempts and originalMessageId' : 'left out'}: the copy must fit in the dead-letter queue's ${this.limits.deadLetterQueue}-byte MaximumMessageSize`,
      error: error === undefined ? undefined : logged(error),
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
      this.deps.logger.error('dead-letter-failed', { ...fields, sendError: logged(sendError) });
      return false;
    }
    this.deps.logger.warn('dead-lettered', fields);
    const { onDeadLetter } = this.deps;
    if (onDeadLetter) {
      const event: DeadLetterEvent = { message: (delivery.message ??= new BackoffMessage(record)), attempts, reason, error };
      await this.hook('onDeadLetter', () => onDeadLetter(event), delivery);
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
  private async hook(name: 'onRetry' | 'onDeadLetter', call: () => Promise<void> | void, delivery: Delivery): Promise<void> {
    try {
      await call();
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

function backoffAttribute(metadata: BackoffMetadata): WireAttribute {
  return { DataType: 'String', StringValue: serializeBackoffMetadata(metadata) };
}

function logged(error: unknown): { name: string; message: string } {
  return describeError(error, LOGGED_ERROR_CHARS);
}
