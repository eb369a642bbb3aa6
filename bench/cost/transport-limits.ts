import { MAX_DELAY_SECONDS } from '../../lambda/backoff';
import { MAX_SQS_DELAY_SECONDS, MAX_VISIBILITY_TIMEOUT_SECONDS, type TransportName } from '../../lambda/contract';

/**
 * The longest single delay a transport can carry (transport-design.md): Step Functions one year,
 * ChangeMessageVisibility 12 h, DelaySeconds 900 s; `auto` is Step Functions beyond 900 s, or
 * visibility timeout on a FIFO queue.
 */
export function longestDelaySeconds(transport: TransportName, fifo: boolean): number {
  switch (transport) {
    case 'step-functions':
      return MAX_DELAY_SECONDS;
    case 'visibility-timeout':
      return MAX_VISIBILITY_TIMEOUT_SECONDS;
    case 'sqs-delay':
      return MAX_SQS_DELAY_SECONDS;
    case 'auto':
      return fifo ? MAX_VISIBILITY_TIMEOUT_SECONDS : MAX_DELAY_SECONDS;
  }
}

/** A longest delay as people say it: `1 year`, `12 h`, `900 s`. */
export function delayLabel(seconds: number): string {
  if (seconds === MAX_DELAY_SECONDS) return '1 year';
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  return `${seconds} s`;
}
