import { ParkInput, WireAttributes } from '../../lambda/contract';

/** A ParkInput as the runtime would start the retry state machine with, for `body` due in `delaySeconds`. */
export function parkInput(overrides: Partial<ParkInput> & Pick<ParkInput, 'queueUrl' | 'body'>): ParkInput {
  const attributes: WireAttributes = overrides.attributes ?? {};
  return {
    attributes,
    deadLetterAttributes: attributes,
    backoff: { attempt: 1, firstReceivedAt: '2026-01-01T00:00:00.000Z', originalMessageId: 'test-message' },
    delaySeconds: 1,
    ...overrides,
  };
}
