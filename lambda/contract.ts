/**
 * The wire contract between the CDK construct (`lib/`), the consumer runtime (`lambda/runtime/`),
 * the retry state machine and operators' tools. Everything that crosses a process boundary is
 * named here once, so the two sides cannot drift apart.
 */

/** The one message attribute that carries retry metadata; the other nine stay the user's. */
export const BACKOFF_ATTRIBUTE = 'x-backoff';

/** SQS allows ten message attributes per message. */
export const MAX_MESSAGE_ATTRIBUTES = 10;

/**
 * The most any SQS queue accepts: body plus every attribute's name, type and value. A queue takes
 * this much only where its `MaximumMessageSize` says so.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** The least a queue's `MaximumMessageSize` can be. */
export const MIN_MESSAGE_BYTES = 1024;

/**
 * `MaximumMessageSize` of a queue that never set it (SQS's default, 256 KiB): what the runtime
 * assumes of a queue whose limit it was not told.
 */
export const DEFAULT_QUEUE_MESSAGE_BYTES = 256 * 1024;

/**
 * Room the dead-letter queue keeps above the work queue's limit for `x-backoff`: its JSON with a
 * 256-character error message (up to 1,024 bytes of UTF-8) and every other field fits in 2 KiB.
 */
export const BACKOFF_ATTRIBUTE_ROOM_BYTES = 2 * 1024;

/** Step Functions Standard caps an execution's input at 256 KiB (UTF-8 bytes). */
export const MAX_EXECUTION_INPUT_BYTES = 256 * 1024;

/** `lastError.message` is truncated to this many characters inside `x-backoff`. */
export const MAX_ERROR_MESSAGE_CHARS = 256;

/** Environment variables the construct sets on the consumer function. */
export const ENV = Object.freeze({
  /** JSON `PolicySpec`. */
  policy: 'BACKOFF_POLICY',
  /** Total processing attempts including the first. */
  maxAttempts: 'BACKOFF_MAX_ATTEMPTS',
  /** Optional: give up when first receipt + elapsed + next delay would pass this many seconds. */
  maxElapsedSeconds: 'BACKOFF_MAX_ELAPSED_SECONDS',
  /** The redrive policy's maxReceiveCount, for the crash-loop backstop. */
  maxReceiveCount: 'BACKOFF_MAX_RECEIVE_COUNT',
  queueUrl: 'BACKOFF_QUEUE_URL',
  deadLetterQueueUrl: 'BACKOFF_DEAD_LETTER_QUEUE_URL',
  stateMachineArn: 'BACKOFF_STATE_MACHINE_ARN',
  /** The work queue's `MaximumMessageSize` in bytes; absent: `DEFAULT_QUEUE_MESSAGE_BYTES`. */
  maxMessageBytes: 'BACKOFF_MAX_MESSAGE_BYTES',
  /** The dead-letter queue's `MaximumMessageSize` in bytes; absent: `DEFAULT_QUEUE_MESSAGE_BYTES`. */
  deadLetterMaxMessageBytes: 'BACKOFF_DEAD_LETTER_MAX_MESSAGE_BYTES',
  /** Which delay transport parks a failed message: one of `TRANSPORT_NAMES`; absent: `step-functions`. */
  transport: 'BACKOFF_TRANSPORT',
  /**
   * `true` or `false`: whether a park Step Functions cannot take (input over 256 KiB, throttled, failing
   * after the SDK's retries) falls back to a visibility-timeout delay; absent: `true`.
   */
  visibilityFallback: 'BACKOFF_VISIBILITY_FALLBACK',
  /** The CloudWatch namespace of the runtime's Embedded Metric Format lines; absent: `SqsBackoff`. */
  metricsNamespace: 'BACKOFF_METRICS_NAMESPACE',
  /**
   * JSON array of retry rules, `[{"errorNames":["TimeoutError"],"policy":{…PolicySpec},"maxAttempts":10}]`:
   * the first rule naming the error (or one in its `cause` chain) decides its policy and budget; absent: none.
   */
  retryRules: 'BACKOFF_RETRY_RULES',
  /** `true` or `false`: whether a `RetryAfterError` delay the transport cannot carry is cut to its longest wait; absent: `false` (dead-lettered `too-large`). */
  clampRetryAfter: 'BACKOFF_CLAMP_RETRY_AFTER',
  /** JSON `{"failureRate":0.9,"window":20,"probeSeconds":60}`: outage protection; absent: off. */
  outageProtection: 'BACKOFF_OUTAGE_PROTECTION',
});

/**
 * The delay transports, by the name used everywhere outside TypeScript: the consumer's
 * `BACKOFF_TRANSPORT`, the example app's `-c transport=…`, the stack output `Transport`, log fields
 * (`transport`, `fallback`), `npm run cost -- --transport …` and its JSON `transports` object.
 */
export const TRANSPORT_NAMES = Object.freeze(['step-functions', 'visibility-timeout', 'sqs-delay', 'auto'] as const);

export type TransportName = (typeof TRANSPORT_NAMES)[number];

/** `ChangeMessageVisibility` takes at most 12 hours. */
export const MAX_VISIBILITY_TIMEOUT_SECONDS = 12 * 60 * 60;

/** `SendMessage`'s `DelaySeconds` takes at most 15 minutes. */
export const MAX_SQS_DELAY_SECONDS = 15 * 60;

/** Why a message was dead-lettered. */
export type DeadLetterReason =
  | 'exhausted'
  | 'non-retryable'
  | 'elapsed'
  | 'too-large'
  | 'redelivered'
  | 'requeue-failed'
  | 'recalled';

/** The JSON carried in the `x-backoff` attribute (compact keys are not worth the obscurity). */
export interface BackoffMetadata {
  /** Failed processing attempts so far. */
  readonly attempt: number;
  /** ISO-8601 time of the first receipt of the original message. */
  readonly firstReceivedAt: string;
  readonly originalMessageId: string;
  readonly lastError?: { readonly name: string; readonly message: string };
  /** The delay chosen for the last wait; decorrelated jitter grows from it. */
  readonly lastDelaySeconds?: number;
  /** `handler`: the last wait was the handler's (`RetryAfterError`), not the policy's. Absent: the policy's. */
  readonly delaySource?: 'handler';
  /**
   * Times outage protection parked the message without counting an attempt (absent: never).
   * Part of the execution name, so a hold never collides with a counted park.
   */
  readonly held?: number;
  /** Set only on dead-lettered messages. */
  readonly reason?: DeadLetterReason;
  /** Set only on dead-lettered messages: processing attempts made. */
  readonly attempts?: number;
  /** Set by `dlq redrive`: earlier runs of this message, newest last. */
  readonly history?: readonly Omit<BackoffMetadata, 'history'>[];
}

/** A message attribute in the shape SQS SendMessage (and the Step Functions integration) takes. */
export interface WireAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  /** Base64, as the JSON protocol carries blobs. */
  readonly BinaryValue?: string;
}

export type WireAttributes = Record<string, WireAttribute>;

/**
 * Input of the retry state machine: Wait `delaySeconds`, then SendMessage `body` with
 * `attributes` (which already hold the next `x-backoff`) to `queueUrl`; should that send fail
 * for good, the Catch sends `body` with `deadLetterAttributes` to the dead-letter queue.
 */
export interface ParkInput {
  readonly queueUrl: string;
  readonly body: string;
  readonly attributes: WireAttributes;
  readonly deadLetterAttributes: WireAttributes;
  /** The `x-backoff` the requeued message will carry, readable without parsing `attributes`. */
  readonly backoff: BackoffMetadata;
  readonly delaySeconds: number;
  /**
   * Set only when `queueUrl` is a FIFO queue: the message's group, which SendMessage to a FIFO
   * queue (and to its FIFO dead-letter queue) requires.
   */
  readonly messageGroupId?: string;
  /**
   * Set only when `queueUrl` is a FIFO queue: a deduplication id unique to this park (the
   * execution name), so content-based deduplication cannot drop a requeue whose body was sent
   * less than five minutes earlier.
   */
  readonly messageDeduplicationId?: string;
}
