import { MAX_SQS_DELAY_SECONDS } from '../../lambda/contract';
import { STACK_OUTPUTS } from '../../lambda/stackOutputNames';

/**
 * Which transport carried a retry, from the stack's `Transport` output: `auto` sends waits up to
 * 900 s as delayed copies and longer ones through Step Functions. A Step Functions park that fell
 * back to a visibility timeout shows only in the consumer's log (`scripts/flow/parkLogWatcher.ts`).
 */
export function retryCarrier(outputs: Record<string, string | undefined>, delaySeconds?: number): string {
  const transport = outputs[STACK_OUTPUTS.transport] ?? 'step-functions';
  if (transport !== 'auto') return transport;
  if (delaySeconds === undefined) return 'auto (sqs-delay up to 900 s, step-functions beyond)';
  return delaySeconds <= MAX_SQS_DELAY_SECONDS ? 'sqs-delay' : 'step-functions';
}

