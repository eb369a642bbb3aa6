import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { OutgoingMessage } from './demoMessage';

const BATCH = 10;

/**
 * Sends in batches of ten, a few batches at a time; throws if any entry was refused. On a FIFO
 * queue each message is its own group, deduplicated by its `fifoKey` (SQS requires both ids
 * unless the queue deduplicates by content).
 * @returns the MessageId SQS gave each message, in the order of `messages`
 */
export async function sendMessages(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly OutgoingMessage[],
  concurrency = 4,
): Promise<string[]> {
  const messageIds = new Array<string>(messages.length);
  const fifo = queueUrl.endsWith('.fifo');
  const batches: OutgoingMessage[][] = [];
  for (let i = 0; i < messages.length; i += BATCH) batches.push(messages.slice(i, i + BATCH));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const first = next * BATCH;
      const batch = batches[next++];
      const result = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((message, index) => ({
            Id: String(index),
            MessageBody: message.body,
            MessageAttributes: message.attributes,
            ...(fifo ? fifoIds(message, first + index) : {}),
          })),
        }),
      );
      if (result.Failed && result.Failed.length > 0) {
        throw new Error(`SendMessageBatch refused ${result.Failed.length} entries: ${JSON.stringify(result.Failed[0])}`);
      }
      for (const entry of result.Successful ?? []) messageIds[first + Number(entry.Id)] = entry.MessageId!;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  return messageIds;
}

function fifoIds(message: OutgoingMessage, position: number): { MessageGroupId: string; MessageDeduplicationId: string } {
  const key = message.fifoKey ?? `message-${position}`;
  return { MessageGroupId: key, MessageDeduplicationId: key };
}
