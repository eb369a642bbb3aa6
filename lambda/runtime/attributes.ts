import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSMessageAttributes } from 'aws-lambda';
import { BACKOFF_ATTRIBUTE, WireAttribute, WireAttributes } from '../contract';

/**
 * Conversions of message attributes between the Lambda event (`stringValue`/`binaryValue`, binary
 * as base64), the JSON wire shape of Step Functions input (`StringValue`/`BinaryValue`, binary as
 * base64) and the SQS SDK (`BinaryValue` as bytes). Values are copied untouched (a Number keeps its
 * exact text, custom types such as `Binary.png` keep their name) so user attributes survive every
 * requeue and the dead-letter queue byte for byte. Our own `x-backoff` is never a user attribute.
 */

/** The user's attributes of a received message: everything but `x-backoff`. */
export function userAttributes(all: SQSMessageAttributes | undefined): SQSMessageAttributes {
  if (!all) return {};
  if (!(BACKOFF_ATTRIBUTE in all)) return all;
  const { [BACKOFF_ATTRIBUTE]: _ours, ...theirs } = all;
  return theirs;
}

/** Lambda-event attributes → the wire shape; `x-backoff` is dropped. A fresh, mutable object. */
export function toWireAttributes(attributes: SQSMessageAttributes): Record<string, WireAttribute> {
  // No prototype: SQS allows an attribute named `__proto__`, which a plain object would swallow.
  const wire: Record<string, WireAttribute> = Object.create(null);
  for (const name in attributes) {
    if (name === BACKOFF_ATTRIBUTE) continue;
    const { dataType, stringValue, binaryValue } = attributes[name];
    // Emulators sometimes send the unused value as null; the data type decides which one counts.
    wire[name] = dataType.startsWith('Binary') ? { DataType: dataType, BinaryValue: binaryValue ?? '' } : { DataType: dataType, StringValue: stringValue ?? '' };
  }
  return wire;
}

/** Wire attributes → `@aws-sdk/client-sqs` SendMessage attributes (binary base64 → bytes). */
export function toSqsAttributes(wire: WireAttributes): Record<string, MessageAttributeValue> {
  const sqs: Record<string, MessageAttributeValue> = Object.create(null);
  for (const name in wire) {
    const { DataType, StringValue, BinaryValue } = wire[name];
    sqs[name] =
      BinaryValue !== undefined
        ? { DataType, BinaryValue: Buffer.from(BinaryValue, 'base64') }
        : { DataType, StringValue };
  }
  return sqs;
}
