/**
 * The retry state machine's contract on LocalStack, started directly with a ParkInput (there is
 * no consumer here). Requeues go to queues of this file's own, so nothing else can take them;
 * only the dead-letter path uses the stack's DLQ, read without hiding other tests' messages.
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeExecutionCommandOutput,
  ExecutionStatus,
  GetExecutionHistoryCommand,
  HistoryEvent,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { Message, MessageAttributeValue, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { REQUEUE_FAILED_ERROR, RETRY_STATE_NAMES } from '../../lib/retry-state-machine';
import { eventually, runTag } from '../helpers/e2eClients';
import { createTestQueue, localstackContext, LocalStackContext, takeMessage } from '../helpers/localstackClients';
import { parkInput } from '../helpers/parkInput';

const RUN = runTag('lssm');
let ls: LocalStackContext;
let queueUrl: string;

const bodyTag = (m: Message) => m.Body ?? '';

async function start(name: string, input: object) {
  return ls.sfn.send(new StartExecutionCommand({ stateMachineArn: ls.outputs.StateMachineArn, name, input: JSON.stringify(input) }));
}

async function settled(executionArn: string, timeoutMs = 90_000): Promise<DescribeExecutionCommandOutput> {
  return eventually(`execution ${executionArn} to end`, async () => {
    const d = await ls.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === ExecutionStatus.RUNNING ? undefined : d;
  }, timeoutMs, 500);
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  const r = await ls.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return r.events ?? [];
}

const seconds = (a: Date | undefined, b: Date | undefined) => (b!.getTime() - a!.getTime()) / 1000;

/**
 * Gaps between each failed attempt of the first task and its next attempt, in seconds. Only the
 * first task fails here; the last failure is followed by the Catch (or the end), not a retry.
 */
function retryGaps(events: HistoryEvent[]): number[] {
  const failed = events.filter((e) => e.type === 'TaskFailed');
  const scheduled = events.filter((e) => e.type === 'TaskScheduled');
  return failed.slice(0, -1).map((f, i) => seconds(f.timestamp, scheduled[i + 1].timestamp));
}

beforeAll(async () => {
  ls = localstackContext();
  queueUrl = await createTestQueue(ls.sqs, `${RUN}-requeue`);
});

describe.concurrent('retry state machine on LocalStack', () => {
  it('never requeues before delaySeconds: three 2-second parks arrive at least 2 s after they started', async () => {
    const delaySeconds = 2;
    const runs = await Promise.all(
      [1, 2, 3].map(async (i) => {
        const body = `${RUN}-wait-${i}`;
        const started = await start(`${RUN}-wait-${i}`, parkInput({ queueUrl, body, delaySeconds }));
        const message = await takeMessage(ls.sqs, queueUrl, (m) => bodyTag(m) === body);
        return { started, message };
      }),
    );
    for (const { started, message } of runs) {
      const sentAt = new Date(Number(message.Attributes!.SentTimestamp));
      expect(seconds(started.startDate, sentAt)).toBeGreaterThanOrEqual(delaySeconds);
      const events = await history(started.executionArn!);
      const entered = events.find((e) => e.type === 'WaitStateEntered' && e.stateEnteredEventDetails?.name === RETRY_STATE_NAMES.wait);
      const exited = events.find((e) => e.type === 'WaitStateExited');
      expect(seconds(entered?.timestamp, exited?.timestamp)).toBeGreaterThanOrEqual(delaySeconds - 0.01);
    }
  });

  it('returns the body and String, Number and custom-typed attributes byte for byte', async () => {
    const body = `${RUN} {"json":"ünïcødé ✓ 😀","tab":"\t","nl":"\n"}  trailing  `;
    const attributes = {
      tenant: { DataType: 'String', StringValue: 'acme — ünïcødé 😀' },
      amount: { DataType: 'Number', StringValue: '-12.5000' },
      kind: { DataType: 'String.order', StringValue: 'retail' },
      count: { DataType: 'Number.int', StringValue: '42' },
    };
    await start(`${RUN}-bytes`, parkInput({ queueUrl, body, attributes }));
    const message = await takeMessage(ls.sqs, queueUrl, (m) => bodyTag(m) === body);
    expect(Buffer.from(message.Body!, 'utf8').equals(Buffer.from(body, 'utf8'))).toBe(true);
    const got = Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([k, v]: [string, MessageAttributeValue]) => [k, { DataType: v.DataType, StringValue: v.StringValue }]),
    );
    expect(got).toEqual(attributes);
  });

  it('treats StartExecution with the same name and input as the same execution (as AWS does) and requeues once', async () => {
    const body = `${RUN}-same-name`;
    const input = parkInput({ queueUrl, body, delaySeconds: 1 });
    const first = await start(`${RUN}-same`, input);
    const second = await start(`${RUN}-same`, input);
    expect(second.executionArn).toBe(first.executionArn);
    await takeMessage(ls.sqs, queueUrl, (m) => bodyTag(m) === body);
    await settled(first.executionArn!);
    const again = await ls.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 2, MaxNumberOfMessages: 10 }));
    expect((again.Messages ?? []).filter((m) => bodyTag(m) === body)).toHaveLength(0);
  });

  it('refuses the same name with a different input: ExecutionAlreadyExists', async () => {
    await start(`${RUN}-clash`, parkInput({ queueUrl, body: `${RUN}-clash-a`, delaySeconds: 1 }));
    await expect(start(`${RUN}-clash`, parkInput({ queueUrl, body: `${RUN}-clash-b`, delaySeconds: 1 }))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
  });

  it('dead-letters a requeue that keeps failing: Retry with full jitter, then Catch → DLQ, FAILED Backoff.RequeueFailed', async () => {
    const body = `${RUN}-requeue-fails`;
    const missingQueue = `${ls.endpoint}/000000000000/${RUN}-no-such-queue`;
    const deadLetterAttributes = { reason: { DataType: 'String', StringValue: `requeue-failed ${RUN}` } };
    const started = await start(`${RUN}-fails`, parkInput({ queueUrl: missingQueue, body, deadLetterAttributes, delaySeconds: 1 }));

    const ended = await settled(started.executionArn!);
    expect(ended.status).toBe(ExecutionStatus.FAILED);
    expect(ended.error).toBe(REQUEUE_FAILED_ERROR);
    const dead = await takeMessage(ls.sqs, ls.outputs.DeadLetterQueueUrl, (m) => bodyTag(m) === body);
    expect(dead.MessageAttributes?.reason?.StringValue).toBe(`requeue-failed ${RUN}`);

    // The requeue's Retry: 1 + 6 attempts; nominal waits 1, 2, 4, 8, 16, then 32 capped at 30.
    const events = await history(started.executionArn!);
    const gaps = retryGaps(events);
    const nominal = [1, 2, 4, 8, 16, 30];
    expect(gaps).toHaveLength(nominal.length);
    gaps.forEach((gap, i) => expect(gap, `retry ${i + 1}`).toBeLessThanOrEqual(nominal[i] + 1));
    // FULL jitter: each wait is uniform in [0, nominal]; without jitter none would be short.
    expect(gaps.some((gap, i) => gap < nominal[i] - 0.5), `gaps ${gaps.map((g) => g.toFixed(2)).join(', ')}`).toBe(true);
    expect(events.some((e) => e.type === 'TaskStateEntered' && e.stateEnteredEventDetails?.name === RETRY_STATE_NAMES.deadLetter)).toBe(true);
  });

  it('honours MaxDelaySeconds, which caps the requeue retries at 30 s (probe: interval 1, rate 10, cap 2 → waits 1, 2, 2)', async () => {
    const created = await ls.sfn.send(
      new CreateStateMachineCommand({
        name: `${RUN}-maxdelay`,
        roleArn: 'arn:aws:iam::000000000000:role/probe',
        definition: JSON.stringify({
          StartAt: 'Send',
          States: {
            Send: {
              Type: 'Task',
              Resource: 'arn:aws:states:::sqs:sendMessage',
              Parameters: { QueueUrl: `${ls.endpoint}/000000000000/${RUN}-no-such-queue`, MessageBody: 'x' },
              Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, BackoffRate: 10, MaxAttempts: 3, MaxDelaySeconds: 2 }],
              End: true,
            },
          },
        }),
      }),
    );
    const started = await ls.sfn.send(new StartExecutionCommand({ stateMachineArn: created.stateMachineArn, name: 'probe' }));
    // Without the cap the waits would be 1, 10 and 100 s.
    await settled(started.executionArn!, 30_000);
    const gaps = retryGaps(await history(started.executionArn!));
    expect(gaps).toHaveLength(3);
    [1, 2, 2].forEach((want, i) => {
      expect(gaps[i], `retry ${i + 1}`).toBeGreaterThanOrEqual(want - 0.05);
      expect(gaps[i], `retry ${i + 1}`).toBeLessThan(want + 1.5);
    });
  });
});

describe.concurrent('documents LocalStack 2026.3.0: Binary attributes through sqs:sendMessage', () => {
  // The runtime puts a Binary attribute into the ParkInput as base64 (as the SQS API takes it).
  // AWS and MiniStack deliver the decoded bytes; LocalStack delivers the base64 text's own bytes.
  const base64 = 'AAEC+v8KDQ==';
  const original = Buffer.from(base64, 'base64');

  it('a direct SQS round trip keeps the bytes exactly', async () => {
    const body = `${RUN}-binary-direct`;
    await ls.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, MessageAttributes: { blob: { DataType: 'Binary', BinaryValue: original } } }));
    const message = await takeMessage(ls.sqs, queueUrl, (m) => bodyTag(m) === body);
    expect(Buffer.from(message.MessageAttributes!.blob.BinaryValue!).toString('hex')).toBe(original.toString('hex'));
  });

  it('the requeued copy carries the bytes of the base64 text instead of the bytes (on LocalStack only)', async () => {
    const body = `${RUN}-binary-requeue`;
    // A queue of its own: once (in a full run) the copy was sent — the execution SUCCEEDED with its
    // MessageId — yet never seen within 30 s on the queue the concurrent tests beside it poll.
    const ownQueue = await createTestQueue(ls.sqs, `${RUN}-binary-requeue`);
    const started = await start(`${RUN}-binary`, parkInput({ queueUrl: ownQueue, body, attributes: { blob: { DataType: 'Binary', BinaryValue: base64 } } }));
    expect((await settled(started.executionArn!)).status).toBe(ExecutionStatus.SUCCEEDED);
    const message = await takeMessage(ls.sqs, ownQueue, (m) => bodyTag(m) === body);
    const got = Buffer.from(message.MessageAttributes!.blob.BinaryValue!);
    expect(got.toString('hex')).toBe(Buffer.from(base64, 'ascii').toString('hex')); // 414145432b7638...
    expect(got.equals(original)).toBe(false);
  });

  it('so does the dead-lettered copy', async () => {
    const body = `${RUN}-binary-dlq`;
    const started = await start(
      `${RUN}-binary-dlq`,
      parkInput({
        queueUrl: `${ls.endpoint}/000000000000/${RUN}-no-such-queue`,
        body,
        deadLetterAttributes: { blob: { DataType: 'Binary', BinaryValue: base64 } },
      }),
    );
    await settled(started.executionArn!);
    const message = await takeMessage(ls.sqs, ls.outputs.DeadLetterQueueUrl, (m) => bodyTag(m) === body);
    expect(Buffer.from(message.MessageAttributes!.blob.BinaryValue!).toString('hex')).toBe(Buffer.from(base64, 'ascii').toString('hex'));
  });
});
