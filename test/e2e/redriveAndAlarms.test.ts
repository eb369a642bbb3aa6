/**
 * The behaviours emulators are known to get wrong, asserted on the deployed example app:
 * redrive of a crash-looping message, partial-batch deletion, and the DLQ alarm's metric.
 * A copy of the example app with its defaults (maxAttempts 4, maxReceiveCount 5, consumer timeout
 * 5 s, visibility timeout 30 s) under a stack of its own, `SqsBackoffRedrive`: its minutes of
 * visibility timeouts then overlap the other files instead of holding up the shared demo stack.
 */
import { Buffer } from 'node:buffer';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetQueueAttributesCommand, MessageAttributeValue, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { queueDepth } from '../../bin/ops/status';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoMessage, producerAttributes } from '../../scripts/flow/demoMessage';
import { drainOnce } from '../../scripts/flow/drainQueue';
import { MessageLedger, backoffMetadataOf } from '../../scripts/flow/messageLedger';
import { isLocalEndpoint, readQueueDepthMetric } from '../../scripts/flow/queueDepthMetric';
import { DemoOutputs } from '../../scripts/flow/stackOutputs';
import { e2eContext, eventually, runTag } from '../helpers/e2eClients';
import { VARIANT_DEPLOY_TIMEOUT_MS, deployVariant } from '../helpers/variantStack';

// The example app's defaults: maxAttempts 4, maxReceiveCount 5 (maxAttempts + 1).
const MAX_ATTEMPTS = 4;
const MAX_RECEIVE_COUNT = 5;

let outputs: DemoOutputs;

beforeAll(async () => {
  outputs = await deployVariant('Redrive', {});
}, VARIANT_DEPLOY_TIMEOUT_MS);

describe('a consumer that crashes on a message', () => {
  const { sqs } = e2eContext();

  it('is redelivered and, after maxAttempts receipts, the runtime backstop (before SQS redrive) dead-letters it intact with reason redelivered', async () => {
    // GIVEN a message that makes the consumer hang until Lambda times it out
    const id = runTag('crash');
    const sent = demoMessage({ id, crash: true });
    await sqs.send(new SendMessageCommand({ QueueUrl: outputs.QueueUrl, MessageBody: sent.body, MessageAttributes: sent.attributes }));
    // WHEN SQS redelivers it after each visibility timeout
    const ledger = new MessageLedger();
    const entry = await eventually(
      `${id} in the DLQ`,
      async () => {
        for (const message of await drainOnce(sqs, outputs.DeadLetterQueueUrl, 5)) ledger.recordDeadLetter(message);
        return ledger.deadLetters(id)[0];
      },
      240_000,
      0,
    );
    // THEN the runtime's backstop moved it, not SQS redrive: with the default transport a retry may
    // stay in place, so every receipt counts as an attempt and the backstop acts on the receipt after
    // the maxAttempts-th, one before redrive would (maxReceiveCount = maxAttempts + 1), with its reason
    expect(backoffMetadataOf(entry.message)).toMatchObject({ reason: 'redelivered', attempts: MAX_ATTEMPTS });
    expect(Number(entry.message.Attributes?.ApproximateReceiveCount)).toBe(1);
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: outputs.QueueUrl, AttributeNames: ['RedrivePolicy'] }));
    const { Attributes: dlq = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: outputs.DeadLetterQueueUrl, AttributeNames: ['QueueArn'] }));
    expect(JSON.parse(Attributes.RedrivePolicy ?? '{}')).toMatchObject({ deadLetterTargetArn: dlq.QueueArn, maxReceiveCount: MAX_RECEIVE_COUNT });
    expect(entry.message.Body).toBe(sent.body);
    expect(entry.message.MessageAttributes?.['trace-id'].StringValue).toBe(sent.attributes['trace-id'].StringValue);
    expect(Buffer.from(entry.message.MessageAttributes!.checksum.BinaryValue!)).toEqual(
      Buffer.from(sent.attributes.checksum.BinaryValue!),
    );
  }, 300_000);
});

describe('a batch where only some records fail', () => {
  const { sqs } = e2eContext();

  /** Ten user attributes leave no room for x-backoff, so a failure is reported in batchItemFailures. */
  function fullAttributes(id: string): Record<string, MessageAttributeValue> {
    const extra = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: `${id}-${i}` }]),
    );
    return { ...producerAttributes(id), ...extra };
  }

  it('deletes only the successes: failures come back once, successes never', async () => {
    // GIVEN one SendMessageBatch of five good messages and five that fail once via batchItemFailures
    const tag = runTag('partial');
    const good = Array.from({ length: 5 }, (_, i) => `${tag}-good-${i}`);
    const failing = Array.from({ length: 5 }, (_, i) => `${tag}-fail-${i}`);
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: outputs.QueueUrl,
        Entries: [
          ...good.map((id, i) => ({ Id: `g${i}`, MessageBody: JSON.stringify({ id }) })),
          ...failing.map((id, i) => ({
            Id: `f${i}`,
            MessageBody: JSON.stringify({ id, failTimes: 1 }),
            MessageAttributes: fullAttributes(id),
          })),
        ],
      }),
    );
    // WHEN the failures are redelivered after the visibility timeout and succeed
    const ledger = new MessageLedger();
    ledger.markSent([...good, ...failing]);
    await eventually(
      'every message processed',
      async () => {
        for (const message of await drainOnce(sqs, outputs.ProcessedQueueUrl, 5)) ledger.recordProcessed(message);
        return ledger.outstanding().length === 0 ? true : undefined;
      },
      150_000,
      0,
    );
    // settle: a success that SQS wrongly redelivers would show up within one more visibility timeout
    const settleUntil = Date.now() + 35_000;
    while (Date.now() < settleUntil) {
      for (const message of await drainOnce(sqs, outputs.ProcessedQueueUrl, 5)) ledger.recordProcessed(message);
    }
    // THEN each good message was processed exactly once, on attempt 1
    for (const id of good) expect(ledger.processedReports(id).map((r) => r.attempt)).toEqual([1]);
    // AND each failing one exactly once more, on attempt 2 (its redelivery)
    for (const id of failing) expect(ledger.processedReports(id).map((r) => r.attempt)).toEqual([2]);
  }, 240_000);
});

describe('the dead-letter queue alarm', () => {
  const { sqs, cloudwatch, endpoint } = e2eContext();
  const dlqDepth = async () => (await queueDepth(sqs, outputs.DeadLetterQueueUrl)).visible;

  // On an emulator the AWS/SQS metric is the queue depth published in SQS's stead by the test
  // (readQueueDepthMetric's stand-in): this proves the alarm's wiring (metric name, namespace,
  // dimension, threshold, evaluation), not that SQS publishes the metric.
  it('proves the alarm wiring: a DLQ depth of 1 under AWS/SQS ApproximateNumberOfMessagesVisible puts the DLQ alarm in ALARM', async () => {
    // GIVEN a poison message, dead-lettered and left on the DLQ
    const id = runTag('alarm');
    const sent = demoMessage({ id, poison: true });
    await sqs.send(new SendMessageCommand({ QueueUrl: outputs.QueueUrl, MessageBody: sent.body, MessageAttributes: sent.attributes }));
    // WHEN the DLQ holds it
    await eventually('the poison message on the DLQ', async () => ((await dlqDepth()) >= 1 ? true : undefined), 60_000);
    const reading = await eventually(
      'a non-zero DLQ metric',
      async () => {
        const r = await readQueueDepthMetric(cloudwatch, sqs, outputs.DeadLetterQueueUrl, { standIn: isLocalEndpoint(endpoint) });
        return (r.metricValue ?? 0) >= 1 ? r : undefined;
      },
      120_000,
      5_000,
    );
    // THEN the metric the alarm watches is at least 1 (published by SQS, or by the stand-in on emulators)
    expect(reading.metricValue).toBeGreaterThanOrEqual(1);
    // AND the alarm evaluates it to ALARM
    const state = await eventually(
      'the DLQ alarm in ALARM',
      async () => {
        const { MetricAlarms = [] } = await cloudwatch.send(
          new DescribeAlarmsCommand({ AlarmNames: [outputs.DeadLetterMessagesAlarmName] }),
        );
        return MetricAlarms[0]?.StateValue === 'ALARM' ? MetricAlarms[0] : undefined;
      },
      90_000,
      2_000,
    );
    expect(state).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', Threshold: 1 });
    await drainOnce(sqs, outputs.DeadLetterQueueUrl, 1);
  }, 200_000);
});
