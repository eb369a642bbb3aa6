/** Billed request units for a payload: every started `chunkBytes` chunk is one unit, and an empty request is one. */
export function chunks(payloadBytes: number, chunkBytes: number): number {
  return Math.max(1, Math.ceil(payloadBytes / chunkBytes));
}

/**
 * SQS request units per message for a receive (or delete) that carries `batchSize` messages of
 * `messageBytes` each: the request's units spread over the messages it carries.
 */
export function unitsPerMessage(messageBytes: number, batchSize: number, chunkBytes: number): number {
  return chunks(messageBytes * batchSize, chunkBytes) / batchSize;
}
