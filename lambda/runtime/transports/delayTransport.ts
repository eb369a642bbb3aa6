import type { TransportName } from '../../contract';
import type { Delivery } from '../delivery';

/** Why a park went to the visibility-timeout fallback instead of Step Functions (the log field `fallback`). */
export type FallbackReason = 'too-large-for-step-functions' | 'step-functions-throttled' | 'step-functions-failed';

/** One failed record to be retried after a delay. */
export interface ParkRequest {
  readonly delivery: Delivery;
  /** The failure's number n: failed attempts including this one. */
  readonly attempt: number;
  /** The policy's delay before attempt n + 1. */
  readonly delaySeconds: number;
  /** The handler's error, already cut for `x-backoff`. */
  readonly lastError: { readonly name: string; readonly message: string };
  /** `handler`: `delaySeconds` is the handler's `RetryAfterError` delay. */
  readonly delaySource?: 'handler';
  /** `x-backoff.held` of the copy: holds so far, this one included for a hold. */
  readonly held?: number;
  /** An outage protection hold: `attempt` is the attempts made before, not counted up. */
  readonly hold?: boolean;
}

/**
 * How a park ended:
 * - `parked` / `already-parked`: the retry is arranged (`already-parked`: an earlier delivery of
 *   the same SQS message had arranged it, Step Functions answered ExecutionAlreadyExists);
 * - `too-large`: no transport can carry this message: dead-letter it;
 * - `no-room`: the transport needs `x-backoff` and the message has no attribute left for it;
 * - `failed`: nothing was arranged (the error is in `cause`); SQS redelivers the message.
 */
export type ParkStatus = 'parked' | 'already-parked' | 'too-large' | 'no-room' | 'failed';

export interface ParkOutcome {
  readonly status: ParkStatus;
  /**
   * Whether the received message may be deleted. False for a visibility-timeout retry (the same
   * SQS message comes back: it must stay in `batchItemFailures`) and for every status but the parked ones.
   */
  readonly acknowledge: boolean;
  /** The transport that carried the retry (or tried to). */
  readonly transport: TransportName;
  /** The delay actually arranged (the policy's, never shortened: what a transport cannot carry is `too-large`). */
  readonly delaySeconds: number;
  /** Set when the visibility-timeout fallback carried a retry Step Functions could not take. */
  readonly fallback?: FallbackReason;
  /** Why the delay differs from the policy's, or why nothing could carry the message. */
  readonly detail?: string;
  /** The Step Functions execution that parks the message. */
  readonly executionName?: string;
  /** The error that failed the park, or that sent it to the fallback. */
  readonly cause?: unknown;
}

/**
 * One way of waiting before a retry. Chosen once per cold start (`chooseTransport`); the record
 * processor talks only to this interface.
 */
export interface DelayTransport {
  readonly name: TransportName;
  /**
   * Whether a retry may keep the same SQS message (a visibility timeout): then every receive after
   * the first is a failed attempt (`x-backoff.attempt + ApproximateReceiveCount − 1`), and a receive
   * beyond `maxAttempts` can only follow a crash.
   */
  readonly retriesInPlace: boolean;
  park(request: ParkRequest): Promise<ParkOutcome>;
}
