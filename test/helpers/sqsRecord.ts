import type { SQSEvent, SQSMessageAttribute, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { BACKOFF_ATTRIBUTE, BackoffMetadata } from '../../lambda/contract';

export const WORK_QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:work';
export const FIFO_QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:work.fifo';

export interface RecordOptions {
  readonly messageId?: string;
  readonly body?: string;
  /** The user's attributes, in Lambda-event shape. */
  readonly attributes?: SQSMessageAttributes;
  /** `x-backoff` as metadata (serialized as JSON) or as a raw attribute (to test corrupt values). */
  readonly backoff?: BackoffMetadata | SQSMessageAttribute;
  /** @default 1 */
  readonly receiveCount?: number;
  /** ms since the epoch. @default 2026-01-01T00:00:00Z */
  readonly firstReceivedAt?: number;
  /** @default the standard work queue */
  readonly eventSourceARN?: string;
  readonly messageGroupId?: string;
}

let counter = 0;

/** An SQS record as the Lambda event source mapping delivers it. */
export function sqsRecord(options: RecordOptions = {}): SQSRecord {
  const messageId = options.messageId ?? `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
  const messageAttributes: SQSMessageAttributes = { ...options.attributes };
  if (options.backoff !== undefined) {
    messageAttributes[BACKOFF_ATTRIBUTE] =
      'dataType' in options.backoff ? options.backoff : stringAttribute(JSON.stringify(options.backoff));
  }
  const first = options.firstReceivedAt ?? Date.parse('2026-01-01T00:00:00Z');
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: options.body ?? JSON.stringify({ id: messageId }),
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: String(first - 5),
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(first),
      ...(options.messageGroupId !== undefined ? { MessageGroupId: options.messageGroupId, SequenceNumber: String(counter) } : {}),
    },
    messageAttributes,
    md5OfBody: 'not-checked',
    eventSource: 'aws:sqs',
    eventSourceARN: options.eventSourceARN ?? WORK_QUEUE_ARN,
    awsRegion: 'us-east-1',
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

export function stringAttribute(value: string, dataType = 'String'): SQSMessageAttribute {
  return { dataType, stringValue: value, stringListValues: [], binaryListValues: [] };
}

export function numberAttribute(value: string, dataType = 'Number'): SQSMessageAttribute {
  return { dataType, stringValue: value, stringListValues: [], binaryListValues: [] };
}

/** A Binary attribute as Lambda delivers it: base64 of the bytes. */
export function binaryAttribute(bytes: Uint8Array, dataType = 'Binary'): SQSMessageAttribute {
  return { dataType, binaryValue: Buffer.from(bytes).toString('base64'), stringListValues: [], binaryListValues: [] };
}

/** `count` distinct String attributes `a0`, `a1`, …. */
export function manyAttributes(count: number): SQSMessageAttributes {
  const attributes: SQSMessageAttributes = {};
  for (let i = 0; i < count; i++) attributes[`a${i}`] = stringAttribute(`value-${i}`);
  return attributes;
}

export function backoffMetadata(overrides: Partial<BackoffMetadata> = {}): BackoffMetadata {
  return {
    attempt: 1,
    firstReceivedAt: '2026-01-01T00:00:00.000Z',
    originalMessageId: 'original-0001',
    ...overrides,
  };
}
