import { DeleteMessageBatchCommand, Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

/**
 * Receives up to ten messages (long-polling `waitSeconds`) and leaves them on the queue, hidden
 * for `visibilitySeconds`: they come back later, so callers dedupe by MessageId.
 */
export async function peekOnce(sqs: SQSClient, queueUrl: string, waitSeconds = 1, visibilitySeconds = 300): Promise<Message[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: waitSeconds,
      VisibilityTimeout: visibilitySeconds,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
    }),
  );
  return Messages;
}

/** Receives up to ten messages (long-polling `waitSeconds`) and deletes what it received. */
export async function drainOnce(sqs: SQSClient, queueUrl: string, waitSeconds = 1): Promise<Message[]> {
  const Messages = await peekOnce(sqs, queueUrl, waitSeconds, 30);
  if (Messages.length > 0) {
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
      }),
    );
  }
  return Messages;
}
