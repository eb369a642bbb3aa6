import type { SQSRecord } from 'aws-lambda';
import { BACKOFF_ATTRIBUTE, BackoffMetadata, MAX_MESSAGE_ATTRIBUTES } from '../contract';
import type { BackoffMessage } from './backoffMessage';

/**
 * What the runtime knows about one received record. Values only some paths need (the first
 * receipt time, the attribute count) are computed on first use, to keep the success path cheap.
 */
export class Delivery {
  readonly receiveCount: number;
  readonly originalMessageId: string;
  message: BackoffMessage | undefined;
  private firstReceivedMs: number | undefined;
  private full: boolean | undefined;

  constructor(
    readonly record: SQSRecord,
    /** The record's valid `x-backoff`, if any. */
    readonly metadata: BackoffMetadata | undefined,
    /**
     * Whether retries may keep the same SQS message (a visibility timeout): then every receive
     * after the first was a failed attempt.
     */
    private readonly countsReceives = false,
  ) {
    this.receiveCount = Number(record.attributes?.ApproximateReceiveCount) || 1;
    this.originalMessageId = metadata?.originalMessageId ?? record.messageId;
  }

  /**
   * Failed attempts before this one: `x-backoff.attempt` (0 without one), plus every earlier receive
   * of this SQS message when it may have been retried in place (a visibility timeout) or, without
   * room for `x-backoff`, by SQS redelivery.
   */
  get previousAttempts(): number {
    const carried = this.metadata?.attempt ?? 0;
    return this.countsReceives || (this.metadata === undefined && this.noRoom) ? carried + this.receiveCount - 1 : carried;
  }

  /** First receipt of the original message, ms since the epoch. */
  get firstReceivedAtMs(): number {
    return (this.firstReceivedMs ??= this.metadata ? Date.parse(this.metadata.firstReceivedAt) : firstReceiptOf(this.record));
  }

  /** The user already uses every attribute SQS allows: `x-backoff` cannot travel with the message. */
  get noRoom(): boolean {
    if (this.full === undefined) {
      let count = 0;
      for (const name in this.record.messageAttributes) if (name !== BACKOFF_ATTRIBUTE) count++;
      this.full = this.metadata === undefined && count >= MAX_MESSAGE_ATTRIBUTES;
    }
    return this.full;
  }
}

/** When SQS first handed out this message (ms since the epoch); now when the record lacks it. */
function firstReceiptOf(record: SQSRecord): number {
  const first = Number(record.attributes?.ApproximateFirstReceiveTimestamp);
  if (first > 0) return first;
  const sent = Number(record.attributes?.SentTimestamp);
  return sent > 0 ? sent : Date.now();
}
