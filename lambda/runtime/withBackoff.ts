import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describeError } from './describeError';
import { Deadline, DeadlineWatch } from './deadlineWatch';
import { ConfigurationError } from './errors';
import { InvocationIds, invocationIds } from './invocationIds';
import { BackoffLogger, JsonLogger } from './logger';
import { DEFAULT_METRICS_NAMESPACE, queueNameOf } from '../metricNames';
import { InvocationMetrics } from './metrics';
import { RecordProcessor, type RecordQueue } from './recordProcessor';
import { readRuntimeConfig, RuntimeConfig, validateRuntimeConfig } from './runtimeConfig';
import type { BackoffHandler, BackoffOptions } from './types';

/** The Lambda handler `withBackoff` returns; it fits `SQSHandler`. */
export type BackoffBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const DEFAULT_CONCURRENCY = 10;

/**
 * Turns a per-message handler into an SQS batch handler (for an event source mapping with
 * `ReportBatchItemFailures`) that retries failed messages with backoff:
 *
 * - handler returns → nothing to do, the event source mapping deletes the message;
 * - handler throws `NonRetryableError` (or an error matched by `options.nonRetryable`) →
 *   dead-letter now (reason `non-retryable`);
 * - any other throw → failure n = previous failures + 1; n ≥ maxAttempts → dead-letter
 *   (`exhausted`); first receipt + elapsed + the policy's next delay past maxElapsed →
 *   dead-letter (`elapsed`); otherwise the delay transport (`BACKOFF_TRANSPORT`,
 *   lambda/runtime/transports/) arranges the retry after the policy's delay: a Step Functions
 *   execution (the default; a park it cannot take falls back to a visibility timeout on the same
 *   message), a visibility timeout, or an SQS delayed copy; what no transport can carry is
 *   dead-lettered (`too-large`);
 * - previous failures count `x-backoff.attempt`, plus every earlier receive of the same SQS message
 *   when retries may keep it in place (a visibility timeout);
 * - a delivery that can only follow crash loops (received more often than the queue's
 *   maxReceiveCount, or with visibility retries: more than maxAttempts attempts made) → dead-letter
 *   (`redelivered`) without running the handler (a backstop for emulators without SQS redrive);
 * - whatever could not be parked or dead-lettered → `batchItemFailures`: SQS redelivers it and
 *   its redrive policy remains the last safety net. Nothing is acknowledged unprocessed.
 *
 * The configuration is read from the environment on the first invocation (a `ConfigurationError`
 * then fails the invocation, so every message is redelivered) and cached. The AWS SDK clients
 * (unless injected) are created, and the SDK modules loaded, only when a first message is parked
 * or dead-lettered; then shared by every wrapper for the life of the execution environment.
 */
export function withBackoff(handler: BackoffHandler, options: BackoffOptions = {}): BackoffBatchHandler {
  const logger: BackoffLogger = options.logger ?? new JsonLogger();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new ConfigurationError(`options.concurrency must be a whole number ≥ 1 (given ${concurrency})`);
  }
  const isNonRetryable = nonRetryableMatcher(options.nonRetryable);
  let processor: RecordProcessor | undefined;
  let metricsScope: { namespace: string; queueName: string } | undefined;
  const writeMetrics = options.writeMetrics ?? metricsWriter(logger);
  const deadlines = new DeadlineWatch();

  const processorFor = (): RecordProcessor => {
    if (processor) return processor;
    let config;
    try {
      config = withOptions(options.config ? validateRuntimeConfig(options.config) : readRuntimeConfig(), options);
    } catch (error) {
      logger.error('configuration-error', { error: describeError(error) });
      throw error;
    }
    metricsScope = { namespace: config.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE, queueName: queueNameOf(config.queueUrl) };
    return (processor = new RecordProcessor({
      handler,
      config,
      sqs: options.clients?.sqs,
      sfn: options.clients?.sfn,
      logger,
      logProcessed: !(logger instanceof JsonLogger) || logger.debugEnabled,
      random: options.random ?? Math.random,
      isNonRetryable,
      onRetry: options.onRetry,
      onDeadLetter: options.onDeadLetter,
    }));
  };

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const records = event?.Records ?? [];
    if (records.length === 0) return { batchItemFailures: [] };
    const ids = invocationIds(context?.awsRequestId);
    if (logger instanceof JsonLogger) logger.setInvocation(ids);
    const recordProcessor = processorFor();
    const eventSource = records[0].eventSourceARN;
    // FIFO: one record at a time, in order (see `Batch`).
    const fifoLogger = typeof eventSource === 'string' && eventSource.endsWith('.fifo') ? logger : undefined;
    const batch = new Batch(records, fifoLogger);
    const { outcomes, metrics } = batch;
    const workers = fifoLogger ? 1 : Math.min(concurrency, records.length);
    if (await finishedBeforeDeadline(batch, workers, recordProcessor, context, deadlines)) {
      flushMetrics(metrics, metricsScope!, ids, writeMetrics);
      return { batchItemFailures: failuresOf(records, outcomes) };
    }
    // Records not yet started stay untouched should this environment be thawed later.
    batch.abandoned = true;
    // A record that hangs must not take its batch with it: answer before Lambda's timeout, so the
    // finished records are deleted and only the unfinished ones are redelivered.
    const unfinished = records.filter((_, i) => outcomes[i] === undefined).map((record) => record.messageId);
    logger.warn('deadline', { reason: `the invocation is about to time out: ${unfinished.length} unfinished record(s) left for redelivery`, messageIds: unfinished });
    flushMetrics(metrics, metricsScope!, ids, writeMetrics);
    return { batchItemFailures: failuresOf(records, outcomes) };
  };
}

/**
 * One invocation's records and what became of each (outcomes: true acknowledged · false for SQS to
 * redeliver · undefined still running), handed out to the workers one by one. With `fifoLogger`
 * (a FIFO batch, one worker), once a record of a message group is not acknowledged the later
 * records of that group are reported as failures without being processed, so SQS redelivers them
 * after it, in order. (A record that is parked in the retry state machine IS acknowledged: the
 * later messages of its group go on while it waits, so backoff retries give up FIFO order for the
 * retried message. That is inherent to delaying one message of a group.)
 */
class Batch implements RecordQueue, Deadline {
  readonly outcomes: (boolean | undefined)[];
  readonly metrics = new InvocationMetrics();
  /** Set at the deadline: start no further record. */
  abandoned = false;
  /** Workers still draining. */
  running = 0;
  at = Infinity;
  /** Answers the invocation: every worker finished (true), or the deadline came (false). */
  settle: (finished: boolean) => void = ignore;
  /** Fails the invocation (a worker threw: a user logger's, for one). */
  fail: (error: unknown) => void = ignore;
  /** The first record not yet started. */
  private next = 0;
  /** FIFO: the message groups of records not acknowledged. */
  private blockedGroups?: Set<string | undefined>;

  constructor(
    readonly records: readonly SQSRecord[],
    private readonly fifoLogger: BackoffLogger | undefined,
  ) {
    this.outcomes = new Array<boolean | undefined>(records.length);
  }

  take(): number {
    const { records, fifoLogger } = this;
    while (this.next < records.length && !this.abandoned) {
      const index = this.next++;
      if (fifoLogger === undefined) return index;
      const record = records[index];
      const group = record.attributes?.MessageGroupId;
      if (!this.blockedGroups?.has(group)) return index;
      fifoLogger.warn('skipped-fifo-order', {
        messageId: record.messageId,
        reason: `an earlier message of group ${group} was not acknowledged; left for redelivery to keep the order`,
      });
      this.outcomes[index] = false;
    }
    return -1;
  }

  done(index: number, acknowledged: boolean): void {
    this.outcomes[index] = acknowledged;
    if (this.fifoLogger !== undefined && !acknowledged) (this.blockedGroups ??= new Set()).add(this.records[index].attributes?.MessageGroupId);
  }

  finished(): void {
    if (--this.running === 0) this.settle(true);
  }
}

/** Every record not acknowledged (including those still running) goes back to SQS. */
function failuresOf(records: readonly SQSRecord[], outcomes: readonly (boolean | undefined)[]): SQSBatchItemFailure[] {
  const failures: SQSBatchItemFailure[] = [];
  for (let i = 0; i < records.length; i++) if (outcomes[i] !== true) failures.push({ itemIdentifier: records[i].messageId });
  return failures;
}

/**
 * Starts `workers` workers on the batch and waits for them until shortly before the Lambda timeout
 * (a tenth of the time left, at least 0.5 s and at most 3 s before it): true when they all
 * finished, false at the deadline. Without a context that tells the time left, waits for good.
 * One promise, settled by the last worker or the deadline (cheaper per invocation than
 * Promise.all of the workers raced against a timer).
 */
function finishedBeforeDeadline(batch: Batch, workers: number, processor: RecordProcessor, context: Context, deadlines: DeadlineWatch): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    batch.settle = (finished) => {
      deadlines.remove(batch);
      resolve(finished);
    };
    batch.fail = (error) => {
      deadlines.remove(batch);
      reject(error);
    };
    batch.running = workers;
    for (let i = workers; i > 0; i--) void processor.drain(batch, context);
    // Read once the workers have started (their handlers' synchronous parts ran), as the time left now.
    const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : NaN;
    if (Number.isFinite(remaining)) {
      const margin = Math.min(3_000, Math.max(500, remaining * 0.1));
      const now = Date.now();
      batch.at = now + Math.max(0, remaining - margin);
      deadlines.add(batch, now);
    }
  });
}

function ignore(): void {}

/** Writes the invocation's metrics lines, if it recorded anything (a plain function: no closure per invocation). */
function flushMetrics(metrics: InvocationMetrics, scope: { namespace: string; queueName: string }, ids: InvocationIds, write: (line: string) => void): void {
  if (metrics.empty) return;
  const lines = metrics.lines({ namespace: scope.namespace, queueName: scope.queueName, requestId: ids.requestId, traceId: ids.traceId, timestamp: Date.now() });
  for (let i = 0; i < lines.length; i++) write(lines[i]);
}

/**
 * The default sink of the metrics lines: the default logger's stdout, or stdout through a console
 * of its own when the user brought a logger (whose format EMF cannot rely on).
 */
function metricsWriter(logger: BackoffLogger): (line: string) => void {
  const sink = logger instanceof JsonLogger ? logger : new JsonLogger();
  return (line) => sink.writeLine(line);
}

/** The configuration with the retry settings given in code over those of the environment, checked again. */
function withOptions(config: RuntimeConfig, options: BackoffOptions): RuntimeConfig {
  const { retryRules, clampRetryAfter, outageProtection } = options;
  if (retryRules === undefined && clampRetryAfter === undefined && outageProtection === undefined) return config;
  return validateRuntimeConfig({
    ...config,
    retryRules: retryRules ?? config.retryRules,
    clampRetryAfter: clampRetryAfter ?? config.clampRetryAfter,
    outageProtection: outageProtection ?? config.outageProtection,
  });
}

function nonRetryableMatcher(option: BackoffOptions['nonRetryable']): (error: unknown) => boolean {
  if (option === undefined) return () => false;
  if (typeof option === 'function') return option;
  const classes = [...option];
  return (error) => classes.some((errorClass) => error instanceof errorClass);
}
