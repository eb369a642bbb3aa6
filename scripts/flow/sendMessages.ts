import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { OutgoingMessage } from './demoMessage';

const BATCH = 10;

/** Sends in batches of ten, a few batches at a time; throws if any entry was refused. */
export async function sendMessages(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly OutgoingMessage[],
  concurrency = 4,
): Promise<void> {
  const batches: OutgoingMessage[][] = [];
  for (let i = 0; i < messages.length; i += BATCH) batches.push(messages.slice(i, i + BATCH));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      const result = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((message, index) => ({
            Id: String(index),
            MessageBody: message.body,
            MessageAttributes: message.attributes,
          })),
        }),
      );
      if (result.Failed && result.Failed.length > 0) {
        throw new Error(`SendMessageBatch refused ${result.Failed.length} entries: ${JSON.stringify(result.Failed[0])}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
}
