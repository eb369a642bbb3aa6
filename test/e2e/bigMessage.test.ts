/**
 * A 600 KiB message on the default transport (step-functions): its park input passes Step
 * Functions' 256 KiB limit, so each retry falls back to a visibility-timeout delay on the same SQS
 * message (SQS carries up to 1 MiB) instead of the old `too-large` dead-letter. Demo stack policy:
 * exponential 1 s capped at 8 s, so the waits are 1 s and 2 s (worst case, no jitter).
 */
import { createHash } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { demoMessage } from '../../scripts/flow/demoMessage';
import { drainOnce } from '../../scripts/flow/drainQueue';
import { MessageLedger } from '../../scripts/flow/messageLedger';
import { e2eContext, eventually, runTag } from '../helpers/e2eClients';

const BODY_BYTES = 600 * 1024;
/** The demo policy's first two waits: 1·2⁰ and 1·2¹ seconds. */
const SCHEDULED_WAITS_SECONDS = [1, 2];

describe('a 600 KiB message that fails twice on the default transport', () => {
  const { sqs, outputs } = e2eContext();

  it('is processed on attempt 3 after both waits, body and attributes byte for byte, never dead-lettered', async () => {
    // GIVEN a body over 256 KiB (too large for a Step Functions input) with a String and a Binary attribute
    const id = runTag('big');
    const head = JSON.stringify({ id, failTimes: 2, echo: true, pad: '' });
    const body = head.replace('"pad":""', `"pad":"${'ü'.repeat((BODY_BYTES - Buffer.byteLength(head)) / 2)}"`);
    expect(Buffer.byteLength(body)).toBeGreaterThanOrEqual(BODY_BYTES - 2);
    const { attributes } = demoMessage({ id });
    const sentAt = Date.now();
    // WHEN it is sent to the work queue of the default stack
    await sqs.send(new SendMessageCommand({ QueueUrl: outputs.QueueUrl, MessageBody: body, MessageAttributes: attributes }));
    // THEN it is processed on attempt 3
    const ledger = new MessageLedger();
    const report = await eventually(`${id} processed`, async () => {
      for (const message of await drainOnce(sqs, outputs.ProcessedQueueUrl, 2)) ledger.recordProcessed(message);
      for (const message of await drainOnce(sqs, outputs.DeadLetterQueueUrl, 0)) ledger.recordDeadLetter(message);
      expect(ledger.deadLetters(id)).toEqual([]);
      return ledger.processedReports(id)[0];
    }, 120_000, 0);
    expect(report.attempt).toBe(3);
    // AND not before both waits passed
    const waited = (Date.parse(report.processedAt) - sentAt) / 1000;
    expect(waited).toBeGreaterThanOrEqual(SCHEDULED_WAITS_SECONDS.reduce((a, b) => a + b, 0));
    // AND what the consumer received on attempt 3 is what was sent
    expect(report.bodySha256).toBe(createHash('sha256').update(body, 'utf8').digest('hex'));
    expect(report.attributes).toEqual({
      'trace-id': { dataType: 'String', stringValue: attributes['trace-id'].StringValue },
      checksum: { dataType: 'Binary', binaryValue: Buffer.from(attributes.checksum.BinaryValue!).toString('base64') },
    });
  }, 180_000);
});
