import type { SQSClient } from '@aws-sdk/client-sqs';
import type { WireAttributes } from '../contract';
import { toSqsAttributes } from './attributes';
import { sqsClient, sqsSdk } from './sdk';

export interface DeadLetterRequest {
  readonly deadLetterQueueUrl: string;
  /** The body exactly as received. */
  readonly body: string;
  /** The user's attributes plus, when there is room, `x-backoff` with `reason` and `attempts`. */
  readonly attributes: WireAttributes;
  /** The received message's id: the deduplication id on a FIFO dead-letter queue. */
  readonly messageId: string;
  /** The received message's group; required by a FIFO dead-letter queue. */
  readonly messageGroupId?: string;
}

/**
 * Sends a message to the dead-letter queue, body and attributes verbatim. On a FIFO queue it keeps
 * the message's group and deduplicates on the received message id, so sending the same delivery
 * twice (a retried invocation) within SQS's five-minute window leaves one copy. Errors are thrown.
 *
 * @param sqs the injected client; undefined: the default one (the SDK is loaded on the first call)
 */
export async function deadLetter(sqs: SQSClient | undefined, request: DeadLetterRequest): Promise<void> {
  const { SendMessageCommand } = sqsSdk();
  const client = sqsClient(sqs);
  const fifo = request.deadLetterQueueUrl.endsWith('.fifo');
  const attributes = toSqsAttributes(request.attributes);
  await client.send(
    new SendMessageCommand({
      QueueUrl: request.deadLetterQueueUrl,
      MessageBody: request.body,
      MessageAttributes: Object.keys(attributes).length > 0 ? attributes : undefined,
      ...(fifo ? { MessageGroupId: request.messageGroupId ?? 'sqs-backoff', MessageDeduplicationId: request.messageId } : {}),
    }),
  );
}
