import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import type { RandomSource } from '../backoff';
import type { DeadLetterReason } from '../contract';
import type { BackoffMessage } from './backoffMessage';
import type { BackoffLogger } from './logger';
import type { RuntimeConfig } from './runtimeConfig';
import type { OutageProtectionSpec, RetryRuleSpec } from '../retryRules';

/** What a handler knows about the attempt it is making. */
export interface BackoffContext {
  /** 1-based number of this processing attempt (1 on first delivery, 2 after one failure, …). */
  readonly attempt: number;
  /** When the original message was first received, before any retry. */
  readonly firstReceivedAt: Date;
  /** The SQS message id of the original message; requeued copies get new ids. */
  readonly originalMessageId: string;
  /** `ApproximateReceiveCount` of this delivery (greater than 1 after a crash or timeout). */
  readonly receiveCount: number;
  readonly lambdaContext: Context;
}

/** A per-message handler: return to acknowledge, throw to retry (or `NonRetryableError` to give up). */
export type BackoffHandler = (message: BackoffMessage, context: BackoffContext) => Promise<void> | void;

/** Passed to `onRetry` after a failed message was parked for a later retry. */
export interface RetryEvent {
  readonly message: BackoffMessage;
  /** The failed attempt's number (failures so far). */
  readonly attempt: number;
  readonly delaySeconds: number;
  readonly error: unknown;
}

/** Passed to `onDeadLetter` after a message was sent to the dead-letter queue. */
export interface DeadLetterEvent {
  readonly message: BackoffMessage;
  /** Processing attempts made. */
  readonly attempts: number;
  readonly reason: DeadLetterReason;
  /** The last error; absent for `redelivered` (the handler did not run). */
  readonly error?: unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ErrorClass = abstract new (...args: any[]) => unknown;

export interface BackoffOptions {
  /**
   * Errors to dead-letter at once, besides `NonRetryableError`: a predicate, or error classes
   * matched with `instanceof`. A predicate that throws counts as "retryable".
   */
  readonly nonRetryable?: ((error: unknown) => boolean) | readonly ErrorClass[];
  /**
   * Called after a message was parked. At least once: a redelivered batch that finds the
   * execution already started (`ExecutionAlreadyExists`) calls it again for the same failure.
   * A throwing hook is logged and changes nothing.
   */
  readonly onRetry?: (event: RetryEvent) => Promise<void> | void;
  /** Called after a message was dead-lettered. A throwing hook is logged and changes nothing. */
  readonly onDeadLetter?: (event: DeadLetterEvent) => Promise<void> | void;
  /** SDK clients to use. @default clients created once per cold start, shared by all wrappers */
  readonly clients?: { readonly sqs?: SQSClient; readonly sfn?: SFNClient };
  /** Configuration to use instead of the environment (validated the same way). @default read from the environment */
  readonly config?: RuntimeConfig;
  /** @default one JSON line per decision on stdout/stderr */
  readonly logger?: BackoffLogger;
  /** Uniform random numbers in [0, 1) for jittered policies. @default Math.random */
  readonly random?: RandomSource;
  /**
   * Records of a standard queue's batch processed at the same time. FIFO batches are always
   * processed one by one, in order. @default 10
   */
  readonly concurrency?: number;
  /**
   * Where the invocation's CloudWatch Embedded Metric Format lines go (one per invocation in the
   * common case, see lambda/runtime/metrics.ts). @default stdout, where Lambda's log group takes them
   */
  readonly writeMetrics?: (line: string) => void;
  /**
   * Per-error rules, tried in order: the first whose `errorNames` holds the error's `name` (or the
   * name of an error in its `cause` chain) decides the policy and attempt budget of that failure.
   * Replaces the construct's `retryRules` (`BACKOFF_RETRY_RULES`) when given.
   * @default the construct's, else none
   */
  readonly retryRules?: readonly RetryRuleSpec[];
  /**
   * Cut a `RetryAfterError` delay the transport cannot carry to its longest wait instead of
   * dead-lettering the message `too-large`. @default the construct's `clampRetryAfter`, else false
   */
  readonly clampRetryAfter?: boolean;
  /**
   * Outage protection (see docs/retry-control.md). Replaces the construct's when given.
   * @default the construct's, else off
   */
  readonly outageProtection?: OutageProtectionSpec;
}
