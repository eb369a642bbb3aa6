/**
 * What CloudFormation on LocalStack made of the consumer-less example stack's queues, and how
 * LocalStack's SQS enforces MaximumMessageSize (issue 14 asked).
 */
import * as path from 'node:path';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkQueueAttributes } from '../../scripts/deployLocal';
import { emulatorEnv, ROOT } from '../../scripts/emulator/emulator';
import { runTag } from '../helpers/e2eClients';
import { localstackContext, LocalStackContext, takeMessage } from '../helpers/localstackClients';
import { LOCALSTACK_STACKS } from './stacks';

const RUN = runTag('lsq');
/** SQS's largest message (and, measured here, LocalStack's default MaximumMessageSize). */
const ONE_MIB = 1_048_576;
let ls: LocalStackContext;

async function attributesOf(queueUrl: string): Promise<Record<string, string>> {
  return (await ls.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }))).Attributes ?? {};
}

beforeAll(() => {
  ls = localstackContext();
});

describe('deployed queues on LocalStack', () => {
  it('the work queue redrives to the DLQ after 3 receives', async () => {
    const [queue, dlq] = [await attributesOf(ls.outputs.QueueUrl), await attributesOf(ls.outputs.DeadLetterQueueUrl)];
    expect(JSON.parse(queue.RedrivePolicy)).toEqual({ deadLetterTargetArn: dlq.QueueArn, maxReceiveCount: 3 });
  });

  it('both queues use SSE-SQS', async () => {
    for (const url of [ls.outputs.QueueUrl, ls.outputs.DeadLetterQueueUrl]) {
      expect((await attributesOf(url)).SqsManagedSseEnabled, url).toBe('true');
    }
  });

  it('both queues take 1 MiB messages (MaximumMessageSize 1048576; the DLQ is capped at SQS’s maximum)', async () => {
    expect((await attributesOf(ls.outputs.QueueUrl)).MaximumMessageSize).toBe(String(ONE_MIB));
    expect((await attributesOf(ls.outputs.DeadLetterQueueUrl)).MaximumMessageSize).toBe(String(ONE_MIB));
  });

  it('both queues carry the TLS-only queue policy', async () => {
    for (const url of [ls.outputs.QueueUrl, ls.outputs.DeadLetterQueueUrl]) {
      const policy = JSON.parse((await attributesOf(url)).Policy) as { Statement: { Effect: string; Condition?: unknown }[] };
      expect(policy.Statement, url).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('deploy:local’s own check finds nothing dropped on any queue of the stack', async () => {
    const checks = await checkQueueAttributes({
      stackName: LOCALSTACK_STACKS.main,
      templateFile: path.join(ROOT, `cdk.out.${LOCALSTACK_STACKS.main}`, `${LOCALSTACK_STACKS.main}.template.json`),
      env: emulatorEnv(ls.endpoint, {}),
      outputs: ls.outputs,
    });
    expect(checks).toHaveLength(3);
    expect(checks.flatMap((c) => c.dropped)).toEqual([]);
  });
});

describe('LocalStack enforces MaximumMessageSize, attributes included (as AWS documents)', () => {
  let small: string;
  beforeAll(async () => {
    small = (await ls.sqs.send(new CreateQueueCommand({ QueueName: `${RUN}-1k`, Attributes: { MaximumMessageSize: '1024' } }))).QueueUrl!;
  });
  const send = (queueUrl: string, bodyBytes: number, attributeValueBytes = 0) =>
    ls.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: 'x'.repeat(bodyBytes),
        ...(attributeValueBytes ? { MessageAttributes: { a: { DataType: 'String', StringValue: 'y'.repeat(attributeValueBytes) } } } : {}),
      }),
    );

  it('a 1024-byte body fits a 1 KiB queue; 1025 bytes are refused', async () => {
    await expect(send(small, 1024)).resolves.toMatchObject({ MessageId: expect.any(String) });
    await expect(send(small, 1025)).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('counts attribute name, type and value: 1000 + a/String/17 bytes fits, 1000 + a/String/18 is refused', async () => {
    // 1000 + 1 ("a") + 6 ("String") + 17 = 1024
    await expect(send(small, 1000, 17)).resolves.toMatchObject({ MessageId: expect.any(String) });
    await expect(send(small, 1000, 18)).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('the deployed work queue takes exactly 1 MiB and refuses one byte more', async () => {
    await expect(send(ls.outputs.QueueUrl, ONE_MIB - 100, 100 - 7)).resolves.toMatchObject({ MessageId: expect.any(String) });
    await expect(send(ls.outputs.QueueUrl, ONE_MIB - 100, 100 - 6)).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    // Taken out again: left in the work queue, the redrive test would move it to the DLQ.
    await takeMessage(ls.sqs, ls.outputs.QueueUrl, (m) => m.Body?.length === ONE_MIB - 100);
  });

  it('differs from AWS: MaximumMessageSize outside 1024…1048576 is accepted at CreateQueue', async () => {
    for (const value of ['1023', '1048577']) {
      const r = await ls.sqs.send(new CreateQueueCommand({ QueueName: `${RUN}-out-${value}`, Attributes: { MaximumMessageSize: value } }));
      expect(r.QueueUrl, value).toBeDefined();
    }
  });
});
