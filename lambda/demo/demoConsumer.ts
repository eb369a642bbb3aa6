/**
 * The example app's consumer. Message bodies are JSON:
 *
 *   { "id": string, "failTimes"?: number, "retryAfter"?: number | string, "errorName"?: string, "downUntil"?: number,
 *     "poison"?: boolean, "crash"?: boolean, "echo"?: boolean, "exit"?: boolean }
 *
 * - while `attempt ≤ failTimes` it throws a retryable error (so `failTimes: 2` succeeds on the
 *   third attempt after two backoff waits);
 * - `retryAfter: N`: the first attempt throws `RetryAfterError(N)` (a downstream answering 429 with
 *   `Retry-After: N`), so the retry waits N seconds instead of the policy's delay; later attempts
 *   follow `failTimes` (`{ "failTimes": 1, "retryAfter": 5 }` succeeds on attempt 2, 5 s later); a
 *   string is an HTTP `Retry-After` value (seconds or an HTTP-date), read with `retryAfterFromHeader`;
 * - `errorName`: the retryable failures carry this `name` (what a retry rule matches);
 * - `downUntil` (ms since the epoch): a stub of a downstream outage, every attempt before that time
 *   fails retryably;
 * - `poison: true` throws `NonRetryableError` (dead-lettered at once, reason `non-retryable`);
 * - otherwise it sends `{ "id", "attempt", "processedAt" }` to the queue in `PROCESSED_QUEUE_URL`,
 *   which tests and the demo read to see what was processed, and when;
 * - `echo: true` adds the body's SHA-256 and the user attributes as received to that report, so
 *   a test can check a retried message arrived byte for byte without sending it back whole;
 * - `crash: true` is a test hook for the redrive path: the handler hangs like a consumer stuck
 *   mid-batch. Just before the Lambda timeout `withBackoff` answers with that record alone in
 *   `batchItemFailures`, so it is redelivered until SQS redrive (or, on emulators without redrive,
 *   the runtime's `redelivered` backstop, which runs before the handler) moves it to the DLQ;
 * - `exit: true` is a test hook for a real crash: once its batch-mates have had time to finish,
 *   the process exits mid-batch, so the invocation returns no batch response at all.
 */
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { createHash } from 'node:crypto';
import type { Context, SQSMessageAttributes } from 'aws-lambda';
import { NonRetryableError, RetryAfterError, retryAfterFromHeader, withBackoff } from '../runtime';

/** The JSON body the demo understands. */
export interface DemoMessage {
  readonly id: string;
  readonly failTimes?: number;
  readonly retryAfter?: number | string;
  readonly errorName?: string;
  readonly downUntil?: number;
  readonly poison?: boolean;
  readonly crash?: boolean;
  readonly echo?: boolean;
  readonly exit?: boolean;
}

/** What the demo sends to the processed queue. */
export interface ProcessedRecord {
  readonly id: string;
  readonly attempt: number;
  readonly processedAt: string;
  /** When the handler started this (successful) attempt. */
  readonly startedAt: string;
  /** When SQS first handed out the original message: the first attempt began after it. */
  readonly firstReceivedAt: string;
  /** With `echo`: hex SHA-256 of the body as received. */
  readonly bodySha256?: string;
  /** With `echo`: the user attributes as received (Binary values base64, as SQS events carry them). */
  readonly attributes?: Record<string, { dataType: string; stringValue?: string; binaryValue?: string }>;
}

/** A failure worth retrying: the demo's stand-in for a flaky downstream. */
export class DemoTransientError extends Error {
  constructor(message: string, name = 'DemoTransientError') {
    super(message);
    this.name = name;
  }
}

export const PROCESSED_QUEUE_URL_ENV = 'PROCESSED_QUEUE_URL';

let sqs: SQSClient | undefined;

/** The Lambda entry point. */
export const handler = withBackoff(async (message, { attempt, lambdaContext, firstReceivedAt }) => {
  const startedAt = new Date().toISOString();
  const body = message.json<DemoMessage>();
  if (body?.crash === true) await hangPastTimeout(lambdaContext);
  if (body?.exit === true) await exitMidBatch();
  if (typeof body !== 'object' || body === null || typeof body.id !== 'string') {
    throw new NonRetryableError('the body must be a JSON object with a string "id"');
  }
  const failTimes = body.failTimes ?? 0;
  if (typeof failTimes !== 'number' || !Number.isFinite(failTimes)) {
    throw new NonRetryableError(`failTimes must be a number (given ${JSON.stringify(body.failTimes)})`);
  }
  if (body.poison === true) throw new NonRetryableError(`message ${body.id} is poison`);
  if (body.retryAfter !== undefined && attempt === 1) throw retryAfterError(body.id, body.retryAfter);
  const errorName = typeof body.errorName === 'string' && body.errorName !== '' ? body.errorName : undefined;
  if (typeof body.downUntil === 'number' && Date.now() < body.downUntil) {
    throw new DemoTransientError(`message ${body.id}: downstream unavailable until ${new Date(body.downUntil).toISOString()}`, errorName);
  }
  if (attempt <= failTimes) {
    throw new DemoTransientError(`message ${body.id}: simulated failure ${attempt} of ${failTimes}`, errorName);
  }
  const queueUrl = process.env[PROCESSED_QUEUE_URL_ENV];
  if (!queueUrl) throw new Error(`${PROCESSED_QUEUE_URL_ENV} is not set`); // retryable: a deploy can fix it
  const processed: ProcessedRecord = {
    id: body.id,
    attempt,
    processedAt: new Date().toISOString(),
    startedAt,
    firstReceivedAt: firstReceivedAt.toISOString(),
    ...(body.echo === true ? echoOf(message.body, message.attributes) : {}),
  };
  await (sqs ??= new SQSClient({})).send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(processed) }));
});

/** The first attempt's answer to `retryAfter`: seconds, or an HTTP Retry-After value. */
function retryAfterError(id: string, retryAfter: unknown): RetryAfterError {
  const seconds = typeof retryAfter === 'string' ? retryAfterFromHeader(retryAfter) : typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined;
  if (seconds === undefined) throw new NonRetryableError(`retryAfter must be seconds ≥ 0 or an HTTP Retry-After value (given ${JSON.stringify(retryAfter)})`);
  return new RetryAfterError(seconds, `message ${id}: downstream asked to retry after ${typeof retryAfter === 'string' ? retryAfter : `${seconds} s`}`);
}

function echoOf(body: string, attributes: Readonly<SQSMessageAttributes>): Pick<ProcessedRecord, 'bodySha256' | 'attributes'> {
  const echoed: NonNullable<ProcessedRecord['attributes']> = {};
  for (const [name, value] of Object.entries(attributes)) {
    echoed[name] = { dataType: value.dataType, stringValue: value.stringValue, binaryValue: value.binaryValue };
  }
  return { bodySha256: createHash('sha256').update(body, 'utf8').digest('hex'), attributes: echoed };
}

/** Lets the batch-mates finish their work (their side effects happen), then kills the process. */
async function exitMidBatch(): Promise<never> {
  await new Promise((resolve) => setTimeout(resolve, EXIT_AFTER_MS));
  process.exit(1);
}

const EXIT_AFTER_MS = 1_500;

/** Never returns before Lambda ends the invocation with a timeout. */
async function hangPastTimeout(context: Context): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, context.getRemainingTimeInMillis() + 60_000));
  throw new Error('the invocation outlived its timeout');
}
