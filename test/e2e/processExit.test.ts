/**
 * A real crash: the demo consumer's process exits (`process.exit(1)`, `exit: true` in the body)
 * in the middle of a batch, after its batch-mates finished their work but before the batch is
 * answered. No deadline guard can answer for a dead process, so this is what docs/guarantees.md
 * ("A process crash takes its batch with it") describes. A copy of the example app with its
 * defaults (maxAttempts 4, maxReceiveCount 5, consumer timeout 5 s, visibility timeout 30 s, batch
 * size 10) under a stack of its own, `SqsBackoffExit`, so its minutes of visibility timeouts
 * overlap the other files instead of holding up the shared demo stack.
 */
import { Buffer } from 'node:buffer';
import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoMessage } from '../../scripts/flow/demoMessage';
import { drainOnce } from '../../scripts/flow/drainQueue';
import { MessageLedger, backoffMetadataOf } from '../../scripts/flow/messageLedger';
import { DemoOutputs } from '../../scripts/flow/stackOutputs';
import { e2eContext, eventually, runTag } from '../helpers/e2eClients';
import { VARIANT_DEPLOY_TIMEOUT_MS, deployVariant } from '../helpers/variantStack';

// The example app's defaults: maxAttempts 4, maxReceiveCount 5 (maxAttempts + 1).
const MAX_ATTEMPTS = 4;

describe('a consumer process that exits mid-batch', () => {
  const { sqs } = e2eContext();
  let outputs: DemoOutputs;

  beforeAll(async () => {
    outputs = await deployVariant('Exit', {});
  }, VARIANT_DEPLOY_TIMEOUT_MS);

  it('loses nothing: batch-mates are processed, and the runtime backstop dead-letters the crashing message intact after maxAttempts receipts', async () => {
    // GIVEN one SendMessageBatch (the event source hands it over as one batch) of three good
    // messages and one that kills the process 1.5 s into the batch
    const tag = runTag('exit');
    const good = [0, 1, 2].map((i) => `${tag}-good-${i}`);
    const crasher = `${tag}-exit`;
    const bodies = [...good.map((id) => ({ id })), { id: crasher, exit: true }];
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: outputs.QueueUrl,
        Entries: bodies.map((body, i) => ({ Id: `m${i}`, MessageBody: demoMessage(body).body, MessageAttributes: demoMessage(body).attributes })),
      }),
    );
    expect(sent.Failed ?? []).toEqual([]);
    // WHEN the consumer crashes on every receive until SQS gives up on the batch
    const ledger = new MessageLedger();
    ledger.markSent([...good, crasher]);
    await eventually(
      `${crasher} in the DLQ`,
      async () => {
        for (const message of await drainOnce(sqs, outputs.ProcessedQueueUrl, 1)) ledger.recordProcessed(message);
        for (const message of await drainOnce(sqs, outputs.DeadLetterQueueUrl, 1)) ledger.recordDeadLetter(message);
        return ledger.deadLetters(crasher)[0];
      },
      (MAX_ATTEMPTS + 3) * 30_000,
      0,
    );
    // (the positive signal that every receive of the batch is over: the crasher left the work
    // queue on its redrive, and the batch-mates shared its receives; drain until none is in flight)
    await eventually(
      'the work queue empty',
      async () => {
        for (const message of await drainOnce(sqs, outputs.ProcessedQueueUrl, 1)) ledger.recordProcessed(message);
        for (const message of await drainOnce(sqs, outputs.DeadLetterQueueUrl, 1)) ledger.recordDeadLetter(message);
        const { Attributes = {} } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: outputs.QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
        );
        return Attributes.ApproximateNumberOfMessages === '0' && Attributes.ApproximateNumberOfMessagesNotVisible === '0' ? true : undefined;
      },
      60_000,
      0,
    );
    for (const message of await drainOnce(sqs, outputs.ProcessedQueueUrl, 1)) ledger.recordProcessed(message);
    for (const message of await drainOnce(sqs, outputs.DeadLetterQueueUrl, 1)) ledger.recordDeadLetter(message);

    // THEN nothing is lost: every id was processed or dead-lettered
    expect(ledger.totals()).toMatchObject({ sent: 4, lost: 0 });
    // AND the crashing message was never processed; every receipt counts as an attempt (a retry may
    // stay in place with the default transport), so on the receipt after the maxAttempts-th the
    // runtime's backstop dead-letters it, before SQS redrive would, with its reason, intact
    expect(ledger.processedReports(crasher)).toEqual([]);
    const [entry] = ledger.deadLetters(crasher);
    expect(backoffMetadataOf(entry.message)).toMatchObject({ reason: 'redelivered', attempts: MAX_ATTEMPTS });
    expect(entry.message.Body).toBe(JSON.stringify({ id: crasher, exit: true }));
    const attributes = demoMessage({ id: crasher }).attributes;
    expect(entry.message.MessageAttributes?.['trace-id'].StringValue).toBe(attributes['trace-id'].StringValue);
    expect(Buffer.from(entry.message.MessageAttributes!.checksum.BinaryValue!)).toEqual(Buffer.from(attributes.checksum.BinaryValue!));
    // AND each batch-mate was processed (its work finished before the crash) and, when SQS handed
    // it back with the crashing batch, processed again as the next attempt (each receipt counts):
    // attempts 1, 2, … with no gap; a copy in the DLQ, if the backstop took it with the batch,
    // carries reason redelivered. How often a batch-mate shares the crasher's batch is the
    // emulator's choice (measured: 1 to 4 times), so the count is not asserted.
    for (const id of good) {
      const attempts = ledger.processedReports(id).map((report) => report.attempt);
      expect(attempts.length).toBeGreaterThanOrEqual(1);
      expect(attempts).toEqual(attempts.map((_, i) => i + 1));
      for (const dead of ledger.deadLetters(id)) expect(backoffMetadataOf(dead.message)?.reason).toBe('redelivered');
    }
  }, 360_000);
});
