import type { SQSClient } from '@aws-sdk/client-sqs';
import { BACKOFF_ATTRIBUTE, MAX_SQS_DELAY_SECONDS } from '../../contract';
import { toSqsAttributes, toWireAttributes } from '../attributes';
import { messageBytesOver } from '../fitMessage';
import { isoTime } from '../isoTime';
import { nextBackoffJson } from '../parkInput';
import { sqsClient, sqsSdk } from '../sdk';
import type { DelayTransport, ParkOutcome, ParkRequest, ParkStatus } from './delayTransport';

/**
 * Sends a new copy of the message to the work queue with `DelaySeconds` = the delay and the next
 * `x-backoff`; the original is acknowledged only after SQS accepted the copy (a failed send leaves
 * it for SQS to redeliver: nothing is lost, at worst a copy is retried twice). Standard queues only:
 * a FIFO queue takes no per-message delay (the configuration refuses `sqs-delay` there).
 *
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 *   (DelaySeconds 0 to 900; not settable per message on FIFO queues)
 */
export class SqsDelayTransport implements DelayTransport {
  readonly name = 'sqs-delay';
  readonly retriesInPlace = false;

  constructor(
    private readonly sqs: SQSClient | undefined,
    private readonly queueUrl: string,
    /** The work queue's MaximumMessageSize: the copy must fit in it. */
    private readonly queueMessageBytes: number,
  ) {}

  async park(request: ParkRequest): Promise<ParkOutcome> {
    const { delivery, attempt, lastError, delaySeconds } = request;
    // Never shortened (an early retry) nor left to SQS to refuse (AWS would; the emulators accept
    // it): the configuration keeps the policy within 900 s, but a user's `random` source may not.
    if (delaySeconds > MAX_SQS_DELAY_SECONDS) {
      return this.outcome('too-large', delaySeconds, `the ${delaySeconds}-second delay is longer than SQS DelaySeconds can carry (${MAX_SQS_DELAY_SECONDS} s)`);
    }
    if (delivery.noRoom) return this.outcome('no-room', delaySeconds);
    const { record, metadata } = delivery;
    const attributes = toWireAttributes(record.messageAttributes ?? {});
    attributes[BACKOFF_ATTRIBUTE] = {
      DataType: 'String',
      StringValue: nextBackoffJson({
        attempt,
        firstReceivedAt: isoTime(delivery.firstReceivedAtMs),
        originalMessageId: delivery.originalMessageId,
        lastError,
        delaySeconds,
        history: metadata?.history,
        delaySource: request.delaySource,
        held: request.held,
      }),
    };
    const bytes = messageBytesOver(record.body, attributes, this.queueMessageBytes);
    if (bytes !== undefined) {
      return this.outcome('too-large', delaySeconds, `the delayed copy with ${BACKOFF_ATTRIBUTE} would be ${bytes} bytes, over the work queue's ${this.queueMessageBytes}-byte MaximumMessageSize`);
    }
    const { SendMessageCommand } = sqsSdk();
    try {
      await sqsClient(this.sqs).send(
        new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: record.body, MessageAttributes: toSqsAttributes(attributes), DelaySeconds: delaySeconds }),
      );
    } catch (error) {
      return this.outcome('failed', delaySeconds, undefined, error);
    }
    return this.outcome('parked', delaySeconds);
  }

  /** Every outcome in one object shape (a spread per park costs more than the rest of it). */
  private outcome(status: ParkStatus, delaySeconds: number, detail?: string, cause?: unknown): ParkOutcome {
    return { status, acknowledge: status === 'parked', transport: this.name, delaySeconds, detail, cause };
  }
}
