import type { SQSEvent, SQSRecord } from 'aws-lambda';

/** A standard-queue SQS event as the event source mapping delivers it, plus which records fail. */
export interface BenchEvent {
  readonly event: SQSEvent;
  /** messageIds whose handler throws. */
  readonly failing: ReadonlySet<string>;
}

const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:bench-work';

/**
 * `size` first-delivery records (no `x-backoff`, receive count 1, no user attributes, a small
 * JSON body), of which every `1 / failShare`-th fails: exactly `size × failShare` when that is
 * whole. Built once, outside any timed loop; neither runtime mutates it.
 */
export function buildSqsEvent(size: number, failShare: number): BenchEvent {
  const every = failShare > 0 ? Math.round(1 / failShare) : 0;
  const failing = new Set<string>();
  const Records: SQSRecord[] = [];
  for (let i = 0; i < size; i++) {
    const messageId = `0b9f3c2e-5d1a-4c7e-9a4b-${i.toString(16).padStart(12, '0')}`;
    if (every > 0 && i % every === 0) failing.add(messageId);
    Records.push({
      messageId,
      receiptHandle: `AQEBbenchReceiptHandle${i}`,
      body: JSON.stringify({ id: `order-${i}`, sku: 'SKU-0042', quantity: 1 }),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1763934000000',
        SenderId: 'AIDAIEXAMPLEEXAMPLE',
        ApproximateFirstReceiveTimestamp: '1763934000012',
      },
      messageAttributes: {},
      md5OfBody: '0c9bd3b3e0d6f1c5bd3a4f1e5c2a7b90',
      eventSource: 'aws:sqs',
      eventSourceARN: QUEUE_ARN,
      awsRegion: 'us-east-1',
    });
  }
  return { event: { Records }, failing };
}
