import { BackoffMetadata } from '../../lambda/contract';

/**
 * The `x-backoff` of a message the runtime dead-lettered `exhausted` after 4 attempts, first
 * received an hour ago: what the operator CLI's `dlq peek` and `dlq redrive` tests put in a DLQ.
 */
export function exhaustedMetadata(originalMessageId: string): BackoffMetadata {
  return {
    attempt: 4,
    attempts: 4,
    reason: 'exhausted',
    firstReceivedAt: new Date(Date.now() - 3_600_000).toISOString(),
    originalMessageId,
    lastError: { name: 'DemoTransientError', message: 'downstream was down' },
  };
}
