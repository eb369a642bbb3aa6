import { BACKOFF_ATTRIBUTE, BackoffMetadata, WireAttribute } from '../contract';

/** How much of `x-backoff` a dead-letter copy could keep under the SQS message limit. */
export type Fit = 'full' | 'compact' | 'none';

/**
 * Makes a dead-letter copy fit in the dead-letter queue's `MaximumMessageSize` (`limitBytes`). A
 * body close to the limit can pass it once `x-backoff` is added; SQS would refuse the copy and the
 * record would cycle through redelivery.
 * The body and the user's attributes are never touched: first `x-backoff` shrinks to
 * `essentials`, then it goes. Mutates `attributes`.
 */
export function fitMessage(
  body: string,
  attributes: Record<string, WireAttribute>,
  essentials: Pick<BackoffMetadata, 'reason' | 'attempts' | 'originalMessageId'>,
  limitBytes: number,
): Fit {
  if (messageBytes(body, attributes) <= limitBytes) return 'full';
  if (attributes[BACKOFF_ATTRIBUTE] === undefined) return 'full'; // nothing of ours to trim: SQS decides
  const { reason, attempts, originalMessageId } = essentials;
  attributes[BACKOFF_ATTRIBUTE] = { DataType: 'String', StringValue: JSON.stringify({ reason, attempts, originalMessageId }) };
  if (messageBytes(body, attributes) <= limitBytes) return 'compact';
  delete attributes[BACKOFF_ATTRIBUTE];
  return 'none';
}

/**
 * `messageBytes` when it is over `limitBytes`, else undefined. Each UTF-16 unit is at most 3 UTF-8
 * bytes (and base64 decodes to fewer bytes than characters): only a message that could pass the
 * limit is measured.
 */
export function messageBytesOver(body: string, attributes: Record<string, WireAttribute>, limitBytes: number): number | undefined {
  let units = body.length;
  for (const name in attributes) {
    const { DataType, StringValue, BinaryValue } = attributes[name];
    units += name.length + DataType.length + (BinaryValue ?? StringValue ?? '').length;
  }
  if (units * 3 <= limitBytes) return undefined;
  const bytes = messageBytes(body, attributes);
  return bytes > limitBytes ? bytes : undefined;
}

/** The size SQS counts: the body plus each attribute's name, data type and value, in bytes. */
export function messageBytes(body: string, attributes: Record<string, WireAttribute>): number {
  let bytes = Buffer.byteLength(body, 'utf8');
  for (const name in attributes) {
    const { DataType, StringValue, BinaryValue } = attributes[name];
    bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(DataType, 'utf8');
    bytes += BinaryValue !== undefined ? Buffer.byteLength(BinaryValue, 'base64') : Buffer.byteLength(StringValue ?? '', 'utf8');
  }
  return bytes;
}
