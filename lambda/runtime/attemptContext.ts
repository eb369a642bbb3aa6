import type { Context } from 'aws-lambda';
import type { Delivery } from './delivery';
import type { BackoffContext } from './types';

/**
 * The `BackoffContext` a handler receives. A class with getters over the delivery, so that
 * nothing is computed (the first-receipt `Date`) unless the handler reads it.
 */
export class AttemptContext implements BackoffContext {
  readonly #delivery: Delivery;

  constructor(
    delivery: Delivery,
    readonly attempt: number,
    readonly lambdaContext: Context,
  ) {
    this.#delivery = delivery;
  }

  get firstReceivedAt(): Date {
    return new Date(this.#delivery.firstReceivedAtMs);
  }

  get originalMessageId(): string {
    return this.#delivery.originalMessageId;
  }

  get receiveCount(): number {
    return this.#delivery.receiveCount;
  }

  /** Plain data for `JSON.stringify` and logs. */
  toJSON(): Omit<BackoffContext, 'lambdaContext'> & { awsRequestId?: string } {
    return {
      attempt: this.attempt,
      firstReceivedAt: this.firstReceivedAt,
      originalMessageId: this.originalMessageId,
      receiveCount: this.receiveCount,
      awsRequestId: this.lambdaContext?.awsRequestId,
    };
  }
}
