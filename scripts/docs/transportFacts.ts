import type { TransportName } from '../../lambda/contract';

/** What each delay transport gives and gives up, as the README's "Choosing a transport" table says it. */
export interface TransportFacts {
  /** What `sqs-backoff recall` can do for a waiting retry. */
  readonly recall: string;
  /** What `sqs-backoff pending` / `status` can show of the waiting retries. */
  readonly listing: string;
  /** Whether the message in its next attempt (and its dead-letter copy) knows the previous error. */
  readonly lastError: string;
  readonly fifoOrder: string;
  /** What happens when the waiting mechanism itself is throttled or fails. */
  readonly throttling: string;
}

/** From the shared transport design (issue 10), the runtime's transports and `bin/ops/stackTransport.ts` (what `pending`/`recall` can reach). */
export const TRANSPORT_FACTS: Readonly<Record<TransportName, TransportFacts>> = Object.freeze({
  'step-functions': {
    recall: 'yes: stops the execution (`--to-dlq` dead-letters it); not a retry its visibility fallback carries',
    listing: 'yes: every running execution with its due time; fallback retries only counted',
    lastError: 'yes: each requeued copy carries the last error in `x-backoff` (fallback retries: as `visibility-timeout`)',
    fifoOrder: 'lost: a parked message leaves its group (synth warning)',
    throttling: '`StartExecution` throttled or failing → the same delay by visibility timeout (≤ 11 h 40 min; a longer one is dead-lettered `too-large`, never shortened), logged `fallback`',
  },
  'visibility-timeout': {
    recall: 'no: only the consumer held the receipt handle',
    listing: 'count only (`ApproximateNumberOfMessagesNotVisible`, which also counts messages being processed)',
    lastError: 'last only: the same message cannot change, so `x-backoff` keeps its old error; the dead-letter copy carries the last one, earlier ones are in the logs',
    fifoOrder: 'kept: the failing message holds its group for its delay',
    throttling: 'no Step Functions; a failed `ChangeMessageVisibility` → redelivered after the queue\'s visibility timeout (logged)',
  },
  'sqs-delay': {
    recall: 'no: a delayed message cannot be received before its delay ends',
    listing: 'count only (`ApproximateNumberOfMessagesDelayed`)',
    lastError: 'yes: each delayed copy carries the next `x-backoff` with the last error',
    fifoOrder: 'not available: synth error on a FIFO queue',
    throttling: 'no Step Functions; a failed `SendMessage` → the original is redelivered (nothing acknowledged)',
  },
  auto: {
    recall: 'for waits over 900 s (Step Functions); none for shorter ones',
    listing: 'executions for waits over 900 s; counts only for shorter ones',
    lastError: 'yes on standard queues; on FIFO as `visibility-timeout`',
    fifoOrder: 'kept: on FIFO it is `visibility-timeout`',
    throttling: 'waits ≤ 900 s never call Step Functions; longer ones as `step-functions`',
  },
});
