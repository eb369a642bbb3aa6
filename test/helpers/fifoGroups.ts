/**
 * FIFO order's mechanics and what both FIFO tests assert of them (test/e2e/fifoOrder.test.ts with
 * the Node consumer, test/e2e/pythonTransports.test.ts with the Python one): groups of demo
 * messages, one of each failing, each group sent in one SendMessageBatch and drained until every
 * message was processed, then a last look for late duplicates.
 */
import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { expect } from 'vitest';
import { DemoBody, demoMessage } from '../../scripts/flow/demoMessage';
import { drainOnce } from '../../scripts/flow/drainQueue';
import { MessageLedger } from '../../scripts/flow/messageLedger';
import { DemoOutputs } from '../../scripts/flow/stackOutputs';
import { eventually } from './e2eClients';

/**
 * SendMessageBatch takes at most 10 entries, so a group of up to 10 is enqueued at once, in order,
 * and an event source with a batch size of 10 (the FIFO maximum) receives it whole.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
 */
const MAX_GROUP_SIZE = 10;

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
  readonly failingPosition: number;
}

export async function runFifoGroups({ sqs, outputs, tag, groups: count, groupSize, failingPosition, failures }: FifoGroupsOptions): Promise<FifoGroupsRun> {
  if (groupSize > MAX_GROUP_SIZE) throw new Error(`groupSize must be at most ${MAX_GROUP_SIZE}, one SendMessageBatch (given ${groupSize})`);
  const groups: DemoBody[][] = Array.from({ length: count }, (_, g) =>
    Array.from({ length: groupSize }, (_, i) => ({ id: `${tag}-g${g}-m${i + 1}`, failTimes: i + 1 === failingPosition ? failures : undefined })),
  );
  const sentAt = new Map<string, number>();
  for (const [g, group] of groups.entries()) await sendGroup(sqs, outputs, `${tag}-g${g}`, group, sentAt);
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
  return { groups, ids, sentAt, ledger, failingPosition };
}

/** One SendMessageBatch: the whole group is in the queue before the consumer can receive any of it. */
async function sendGroup(sqs: SQSClient, outputs: DemoOutputs, groupId: string, group: readonly DemoBody[], sentAt: Map<string, number>): Promise<void> {
  const now = Date.now();
  for (const body of group) sentAt.set(body.id, now);
  const result = await sqs.send(new SendMessageBatchCommand({
    QueueUrl: outputs.QueueUrl,
    Entries: group.map((body, i) => {
      const { body: text, attributes } = demoMessage(body);
      return { Id: String(i), MessageBody: text, MessageAttributes: attributes, MessageGroupId: groupId, MessageDeduplicationId: body.id };
    }),
  }));
  if ((result.Failed ?? []).length > 0) throw new Error(`SendMessageBatch refused ${result.Failed!.length} entries: ${JSON.stringify(result.Failed![0])}`);
}

export interface GroupsInOrderExpectation {
  /** The fixed wait before each retry of the failing message. */
  readonly waitSeconds: number;
  readonly failures: number;
  /**
   * The attempt on which the messages behind the failing one are processed: 1 when SQS held them
   * back unreceived (batch size 1), failures + 1 when they came in the failing message's batch each
   * time (each receipt counts an attempt, docs/guarantees.md).
   */
  readonly heldAttempt: number;
}

/**
 * Every message processed exactly once and none dead-lettered; per group, the failing message
 * waited out all its delays, the messages behind it stayed behind it, the group was processed in
 * the order sent, and each message on its expected attempt. Failure messages name the message.
 */
export function expectGroupsInOrder(run: FifoGroupsRun, { waitSeconds, failures, heldAttempt }: GroupsInOrderExpectation): void {
  const { groups, ids, sentAt, ledger, failingPosition } = run;
  for (const id of ids) {
    expect(ledger.deadLetters(id), `${id} dead-lettered`).toEqual([]);
    expect(ledger.processedReports(id), `${id} processed exactly once`).toHaveLength(1);
  }
  for (const group of groups) {
    const times = group.map((body) => Date.parse(ledger.processedReports(body.id)[0].processedAt));
    const failing = group[failingPosition - 1];
    const failedAt = times[failingPosition - 1];
    expect((failedAt - sentAt.get(failing.id)!) / 1000, `seconds ${failing.id} waited before its last attempt`).toBeGreaterThanOrEqual(waitSeconds * failures);
    for (const [i, later] of group.slice(failingPosition).entries()) {
      const ahead = (failedAt - times[failingPosition + i]) / 1000;
      expect(ahead, `${later.id} stayed behind ${failing.id}: processed ${ahead} s before it`).toBeLessThanOrEqual(0);
    }
    for (let i = 1; i < group.length; i++) {
      expect(times[i], `${group[i].id} processed after ${group[i - 1].id}`).toBeGreaterThanOrEqual(times[i - 1]);
    }
    const attempts = group.map((body) => ledger.processedReports(body.id)[0].attempt);
    const expected = group.map((_, i) => (i + 1 < failingPosition ? 1 : i + 1 === failingPosition ? failures + 1 : heldAttempt));
    expect(attempts, `attempts of ${group.map((body) => body.id).join(', ')}`).toEqual(expected);
  }
}
