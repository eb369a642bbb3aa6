/**
 * Message sizes on the deployed example app. The template sets `MaximumMessageSize` on both
 * queues (SQS's default is 256 KiB; MiniStack 1.5.33 defaults to 1 MiB and counts only the body,
 * so these tests check what was deployed instead of trusting the emulator's default).
 */
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKOFF_ATTRIBUTE, BackoffMetadata } from '../../lambda/contract';
import { QueueWatcher, demoIdOf } from '../helpers/faultInjection';
import { e2eContext, runTag } from '../helpers/e2eClients';

const ONE_MIB = 1_048_576;
/** The bytes the report used: 00 01 02 fa ff (not valid UTF-8). */
const BINARY = Uint8Array.from([0x00, 0x01, 0x02, 0xfa, 0xff]);

describe('message sizes on the deployed stack', () => {
  const context = e2eContext();
  const watcher = new QueueWatcher(context.sqs, {
    processedQueueUrl: context.outputs.ProcessedQueueUrl,
    deadLetterQueueUrl: context.outputs.DeadLetterQueueUrl,
  });

  beforeAll(() => watcher.start());
  afterAll(() => watcher.stop());

  it('deploys MaximumMessageSize 1 MiB on the work queue and the dead-letter queue', async () => {
    for (const queueUrl of [context.outputs.QueueUrl, context.outputs.DeadLetterQueueUrl]) {
      const { Attributes } = await context.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['MaximumMessageSize'] }));
      expect(Attributes?.MaximumMessageSize).toBe(String(ONE_MIB));
    }
  });

  it('has the work queue refuse a body one byte over 1 MiB and take one of exactly 1 MiB', async () => {
    const send = (bytes: number) =>
      context.sqs.send(new SendMessageCommand({ QueueUrl: context.outputs.QueueUrl, MessageBody: 'x'.repeat(bytes) }));
    await expect(send(ONE_MIB + 1)).rejects.toThrow(/shorter than 1048576 bytes|too long|MaximumMessageSize/i);
    // not JSON: the demo consumer dead-letters it as non-retryable, which the watcher drains
    await expect(send(ONE_MIB)).resolves.toMatchObject({ MessageId: expect.any(String) });
  });

  it('dead-letters a 600 KiB poison message with a small Binary attribute, x-backoff and bytes intact', async () => {
    // GIVEN a 600 KiB body with a 5-byte Binary attribute (the issue saw this cycle through redelivery)
    const id = runTag('big-binary');
    const body = JSON.stringify({ id, poison: true, pad: 'x'.repeat(600 * 1024) });
    await context.sqs.send(
      new SendMessageCommand({
        QueueUrl: context.outputs.QueueUrl,
        MessageBody: body,
        MessageAttributes: { blob: { DataType: 'Binary', BinaryValue: BINARY } },
      }),
    );
    // WHEN the consumer dead-letters it as non-retryable
    const [seen] = await watcher.until('the 600 KiB message on the DLQ', () => {
      const found = watcher.deadLettersWhere((message) => demoIdOf(message) === id);
      return found.length > 0 ? found : undefined;
    }, 60_000);
    // THEN the runtime's own copy arrived (x-backoff with its reason), never a redrive copy
    const backoff = JSON.parse(seen.message.MessageAttributes![BACKOFF_ATTRIBUTE].StringValue!) as BackoffMetadata;
    expect(backoff).toMatchObject({ reason: 'non-retryable', attempts: 1 });
    expect(seen.message.Body).toBe(body);
    expect(Buffer.from(seen.message.MessageAttributes!.blob.BinaryValue!).toString('hex')).toBe('000102faff');
  });
});
