import type { SQSClient } from '@aws-sdk/client-sqs';
import { MAX_VISIBILITY_TIMEOUT_SECONDS } from '../../contract';
import type { Delivery } from '../delivery';
import { sqsClient, sqsSdk } from '../sdk';
import type { DelayTransport, FallbackReason, ParkOutcome, ParkRequest } from './delayTransport';

/**
 * Time that can pass between SQS handing the message to the event source mapping and this call:
 * the longest batching window (300 s) plus the longest Lambda timeout (900 s). SQS counts the 12
 * hours from the receive, so a request for the full 12 hours would be refused.
 */
export const RECEIVE_MARGIN_SECONDS = 300 + 900;

/** The longest visibility timeout this transport requests. */
export const LONGEST_VISIBILITY_SECONDS = MAX_VISIBILITY_TIMEOUT_SECONDS - RECEIVE_MARGIN_SECONDS;

/** Why the visibility-timeout fallback carries a retry, and the error behind it. */
export interface FallbackCause {
  readonly reason: FallbackReason;
  readonly cause?: unknown;
}

/**
 * Retries the same SQS message: `ChangeMessageVisibility(receiptHandle, delay)` hides it for the
 * delay, and the record stays in `batchItemFailures` so the event source mapping does not delete
 * it. `x-backoff` cannot change (it is the same message): attempts are counted from
 * `ApproximateReceiveCount`. On a FIFO queue the hidden message holds its group, so order holds.
 * A failed call leaves the message to come back after the queue's own visibility timeout.
 *
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
 *   (0 to 43,200 s; the total visibility of a received message cannot pass 12 hours from its receive)
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 *   (a failed batch item reappears after its visibility timeout: Lambda does not reset it)
 */
export class VisibilityTimeoutTransport implements DelayTransport {
  readonly name = 'visibility-timeout';
  readonly retriesInPlace = true;

  constructor(
    private readonly sqs: SQSClient | undefined,
    private readonly queueUrl: string,
  ) {}

  park(request: ParkRequest): Promise<ParkOutcome> {
    return this.hide(request.delivery, request.delaySeconds);
  }

  /** Hides the received message for `delaySeconds` (at most `LONGEST_VISIBILITY_SECONDS`). */
  async hide(delivery: Delivery, delaySeconds: number, fallback?: FallbackCause): Promise<ParkOutcome> {
    const seconds = Math.min(delaySeconds, LONGEST_VISIBILITY_SECONDS);
    const { ChangeMessageVisibilityCommand } = sqsSdk();
    let failure: unknown;
    let failed = false;
    try {
      await sqsClient(this.sqs).send(
        new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: delivery.record.receiptHandle, VisibilityTimeout: seconds }),
      );
    } catch (error) {
      failed = true;
      failure = error;
    }
    return {
      status: failed ? 'failed' : 'parked',
      acknowledge: false,
      transport: this.name,
      delaySeconds: seconds,
      fallback: fallback?.reason,
      detail:
        seconds < delaySeconds
          ? `the policy's ${delaySeconds} s is longer than a visibility timeout can hide a received message: waiting ${seconds} s (12 hours less ${RECEIVE_MARGIN_SECONDS} s since the receive)`
          : undefined,
      cause: failed ? failure : fallback?.cause,
    };
  }
}
