/**
 * FIFO order's mechanics (test/e2e/fifoOrder.test.ts, and with the Python consumer in
 * test/e2e/pythonTransports.test.ts): groups of demo messages, one of each failing, sent in order
 * and drained until every message was processed, then a last look for late duplicates.
 */
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DemoBody, demoMessage } from '../../scripts/flow/demoMessage';
import { drainOnce } from '../../scripts/flow/drainQueue';
import { MessageLedger } from '../../scripts/flow/messageLedger';
import { DemoOutputs } from '../../scripts/flow/stackOutputs';
import { eventually } from './e2eClients';

export interface FifoGroupsOptions {
  readonly sqs: SQSClient;
  readonly outputs: DemoOutputs;
  readonly tag: string;
  readonly groups: number;
  readonly groupSize: number;
  /** 1-based position of the failing message in each group. */
  readonly failingPosition: number;
  readonly failures: number;
}

export interface FifoGroupsRun {
  readonly groups: DemoBody[][];
  readonly ids: string[];
  /** When each message was sent. */
  readonly sentAt: ReadonlyMap<string, number>;
  readonly ledger: MessageLedger;
}

export async function runFifoGroups({ sqs, outputs, tag, groups: count, groupSize, failingPosition, failures }: FifoGroupsOptions): Promise<FifoGroupsRun> {
  const groups: DemoBody[][] = Array.from({ length: count }, (_, g) =>
    Array.from({ length: groupSize }, (_, i) => ({ id: `${tag}-g${g}-m${i + 1}`, failTimes: i + 1 === failingPosition ? failures : undefined })),
  );
  const sentAt = new Map<string, number>();
  for (const [g, group] of groups.entries()) {
    for (const body of group) {
      const { body: text, attributes } = demoMessage(body);
      sentAt.set(body.id, Date.now());
      await sqs.send(new SendMessageCommand({
        QueueUrl: outputs.QueueUrl, MessageBody: text, MessageAttributes: attributes, MessageGroupId: `${tag}-g${g}`, MessageDeduplicationId: body.id,
      }));
    }
  }
  const ledger = new MessageLedger();
  const ids = groups.flat().map((body) => body.id);
  const collect = async () => {
    for (const message of await drainOnce(sqs, outputs.ProcessedQueueUrl, 1)) ledger.recordProcessed(message);
    for (const message of await drainOnce(sqs, outputs.DeadLetterQueueUrl, 0)) ledger.recordDeadLetter(message);
  };
  await eventually('every message processed', async () => {
    await collect();
    return ids.every((id) => ledger.processedReports(id).length > 0) ? true : undefined;
  }, 180_000, 0);
  // A last look for late duplicates: a redelivery would report a message a second time.
  for (let i = 0; i < 3; i++) await collect();
  return { groups, ids, sentAt, ledger };
}
