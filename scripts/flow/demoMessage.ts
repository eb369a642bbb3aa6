import { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { DemoMessage, ProcessedRecord } from '../../lambda/demo/demoConsumer';

/** The example consumer's body contract (SPEC §"The example app"), as the consumer declares it. */
export type DemoBody = DemoMessage;

/** What the example consumer sends to the processed queue on success. */
export type ProcessedReport = ProcessedRecord;

export interface OutgoingMessage {
  readonly body: string;
  readonly attributes: Record<string, MessageAttributeValue>;
  /** On a FIFO queue: the message group and deduplication id (the demo id: one group a message). */
  readonly fifoKey?: string;
}

/**
 * User attributes every test message carries, so that byte-for-byte preservation is checked on
 * every path: a String with unicode and a Binary that is not valid UTF-8.
 */
export function producerAttributes(id: string): Record<string, MessageAttributeValue> {
  return {
    'trace-id': { DataType: 'String', StringValue: `trace-${id}-ünïcødé` },
    checksum: { DataType: 'Binary', BinaryValue: Uint8Array.from([0xff, 0x00, 0xfe, id.length & 0xff]) },
  };
}

export function demoMessage(body: DemoBody): OutgoingMessage {
  return { body: JSON.stringify(body), attributes: producerAttributes(body.id), fifoKey: body.id };
}
