import type { SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { userAttributes } from './attributes';
import { MalformedBodyError } from './errors';

const NOT_PARSED: unique symbol = Symbol('not parsed');

/** The message a handler receives: the SQS record, minus the runtime's own metadata. */
export class BackoffMessage {
  /** This delivery's SQS message id (a requeued message has a new one; see `originalMessageId`). */
  readonly messageId: string;
  /** The body exactly as sent. */
  readonly body: string;
  /** The raw SQS record, for anything else (system attributes, receipt handle, …). */
  readonly record: SQSRecord;
  private userAttrs: Readonly<SQSMessageAttributes> | undefined;
  private parsed: unknown = NOT_PARSED;

  constructor(record: SQSRecord) {
    this.messageId = record.messageId;
    this.body = record.body;
    this.record = record;
  }

  /** The sender's message attributes, without `x-backoff`. Treat as read-only. */
  get attributes(): Readonly<SQSMessageAttributes> {
    return (this.userAttrs ??= userAttributes(this.record.messageAttributes));
  }

  /**
   * The body parsed as JSON (parsed once, then cached). A body that is not JSON throws
   * `MalformedBodyError`, a `NonRetryableError`: the message is dead-lettered without retries.
   */
  json<T = unknown>(): T {
    if (this.parsed === NOT_PARSED) {
      try {
        this.parsed = JSON.parse(this.body);
      } catch (error) {
        throw new MalformedBodyError(`message body is not JSON: ${(error as Error).message}`, { cause: error });
      }
    }
    return this.parsed as T;
  }
}
