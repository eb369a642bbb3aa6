/**
 * The SQS limits the delay transports rely on, asked of a real emulator: each probe makes the one
 * call and reports what the emulator answered, so a test can hold it to AWS's documented rule (or
 * record that the emulator differs, so that a fix shows up as a failing test).
 *
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html (DelaySeconds 0 to 900; not per message on FIFO queues)
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html (VisibilityTimeout 0 to 43,200)
 */
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  Message,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';

/** `accepted`, or the name of the error the emulator answered with. */
export type Answer = 'accepted' | string;

export interface ProbeQueues {
  readonly standard: string;
  readonly fifo: string;
}

/** A standard and a FIFO queue of the caller's own (`tag` keeps them apart from other runs). */
export async function createProbeQueues(sqs: SQSClient, tag: string): Promise<ProbeQueues> {
  const standard = (await sqs.send(new CreateQueueCommand({ QueueName: `${tag}-limits` }))).QueueUrl!;
  const fifo = (
    await sqs.send(new CreateQueueCommand({ QueueName: `${tag}-limits.fifo`, Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } }))
  ).QueueUrl!;
  return { standard, fifo };
}

async function answerOf(call: () => Promise<unknown>): Promise<Answer> {
  try {
    await call();
    return 'accepted';
  } catch (error) {
    return (error as Error).name;
  }
}

/** SendMessage with a per-message `DelaySeconds` (on a FIFO queue with a group). */
export function sendDelayed(sqs: SQSClient, queueUrl: string, delaySeconds: number, body = `delay-${delaySeconds}`): Promise<Answer> {
  const fifo = queueUrl.endsWith('.fifo') ? { MessageGroupId: 'probe' } : {};
  return answerOf(() => sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, DelaySeconds: delaySeconds, ...fifo })));
}

/** Sends `body`, receives it (so it is in flight) and returns it with its receipt handle. */
export async function receivedMessage(sqs: SQSClient, queueUrl: string, body: string): Promise<Message> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  const found = await firstArrival(sqs, queueUrl, body, Date.now() + 10_000);
  if (found === undefined) throw new Error(`${body} never arrived on ${queueUrl}`);
  return found.message;
}

/** ChangeMessageVisibility of a received message. */
export function changeVisibility(sqs: SQSClient, queueUrl: string, message: Message, seconds: number): Promise<Answer> {
  return answerOf(() => sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: seconds })));
}

/**
 * Milliseconds from `sentAt` until a receive returned `body` (then deletes it), or undefined when
 * it did not come within `withinMs`. Take `sentAt` after the call that delayed or hid the message
 * returned, so the wait is not overstated by that call; it is overstated by at most the one
 * receive's latency (milliseconds against waits of seconds).
 */
export async function msUntilReceivable(sqs: SQSClient, queueUrl: string, body: string, sentAt: number, withinMs: number): Promise<number | undefined> {
  const found = await firstArrival(sqs, queueUrl, body, sentAt + withinMs);
  if (found === undefined) return undefined;
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: found.message.ReceiptHandle! }));
  return found.at - sentAt;
}

async function firstArrival(sqs: SQSClient, queueUrl: string, body: string, deadline: number): Promise<{ message: Message; at: number } | undefined> {
  while (Date.now() < deadline) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    const at = Date.now();
    const message = (Messages ?? []).find((m) => m.Body === body);
    if (message) return { message, at };
  }
  return undefined;
}

/** AWS refuses these; both emulators accepted them when measured (docs/emulator.md). */
export const BEYOND_AWS_LIMITS = Object.freeze({ delaySeconds: 901, visibilityTimeout: 43_201 });
