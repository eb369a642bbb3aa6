/** Conversions between the JSON wire attributes of `ParkInput` and SQS SDK attribute values. */
import { MessageAttributeValue } from '@aws-sdk/client-sqs';
import { BACKOFF_ATTRIBUTE, BackoffMetadata, WireAttributes } from '../../lambda/contract';
import { toSqsAttributes } from '../../lambda/runtime/attributes';
import { serializeBackoffMetadata } from '../../lambda/runtime/backoffMetadata';

/** JSON (base64 blobs) → SDK (bytes), dropping `x-backoff`: the runtime's own conversion. */
export function sdkAttributesFromWire(wire: WireAttributes | undefined): Record<string, MessageAttributeValue> {
  const sdk = toSqsAttributes(wire ?? {});
  delete sdk[BACKOFF_ATTRIBUTE];
  return sdk;
}

/** The user's attributes of a received message, verbatim, without `x-backoff`. */
export function userAttributes(
  received: Record<string, MessageAttributeValue> | undefined,
): Record<string, MessageAttributeValue> {
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(received ?? {})) {
    if (name === BACKOFF_ATTRIBUTE) continue;
    out[name] = {
      DataType: value.DataType,
      ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { BinaryValue: value.BinaryValue } : {}),
    };
  }
  return out;
}

/** `x-backoff` written exactly as the runtime writes it (one serializer for both sides). */
export function backoffAttribute(metadata: BackoffMetadata): MessageAttributeValue {
  return { DataType: 'String', StringValue: serializeBackoffMetadata(metadata) };
}
