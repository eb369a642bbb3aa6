import type { SQSClient } from '@aws-sdk/client-sqs';
import { TWELVE_HOURS_LIMIT } from '../../limits';
import type { Delivery } from '../delivery';
import { sqsClient, sqsSdk } from '../sdk';
import type { DelayTransport, FallbackReason, ParkOutcome, ParkRequest } from './delayTransport';
import { isVisibilityLimitRefusal } from './isVisibilityLimitRefusal';

/** The longest delay this transport carries: the limit the construct validates at synth (`lambda/limits.ts`). */
export const LONGEST_VISIBILITY_SECONDS = TWELVE_HOURS_LIMIT.seconds;

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

  /**
   * Hides the received message for exactly `delaySeconds`, never less: a delay no visibility
   * timeout can carry (longer than `LONGEST_VISIBILITY_SECONDS`, or refused by SQS because too
   * much time passed since the receive) is `too-large`, dead-lettered with its reason rather than
   * retried early or lost. Outcomes are written out whole (no spreads): this is the park hot path.
   */
  async hide(delivery: Delivery, delaySeconds: number, fallback?: FallbackCause): Promise<ParkOutcome> {
    if (delaySeconds > LONGEST_VISIBILITY_SECONDS) {
      const detail = `the ${delaySeconds}-second delay is longer than a visibility timeout can carry (${LONGEST_VISIBILITY_SECONDS} s: ${TWELVE_HOURS_LIMIT.reason})`;
      return this.outcome('too-large', delaySeconds, fallback, fallback?.cause, detail);
    }
    const { ChangeMessageVisibilityCommand } = sqsSdk();
    try {
      await sqsClient(this.sqs).send(
        new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: delivery.record.receiptHandle, VisibilityTimeout: delaySeconds }),
      );
    } catch (error) {
      if (!isVisibilityLimitRefusal(error)) return this.outcome('failed', delaySeconds, fallback, error);
      const detail = `SQS refused to hide the message for ${delaySeconds} s: less is left of the 12 hours since its receive`;
      return this.outcome('too-large', delaySeconds, fallback, error, detail);
    }
    return this.outcome('parked', delaySeconds, fallback, fallback?.cause);
  }

  private outcome(status: ParkOutcome['status'], delaySeconds: number, fallback: FallbackCause | undefined, cause: unknown, detail?: string): ParkOutcome {
    return { status, acknowledge: false, transport: this.name, delaySeconds, fallback: fallback?.reason, detail, cause };
  }
}
