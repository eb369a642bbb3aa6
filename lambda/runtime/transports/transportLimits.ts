import { FIFTEEN_MINUTES_LIMIT, ONE_YEAR_LIMIT, TWELVE_HOURS_LIMIT, WaitLimit } from '../../limits';
import { TransportName } from '../../contract';

/** The longest single wait a transport can carry, and how to name it in a message (`lambda/limits.ts`). */
export type LongestDelay = WaitLimit;


/**
 * The longest wait of a transport on a queue: `step-functions` and `auto` one year less an hour (a Wait state, then the requeue),
 * `visibility-timeout` 42,000 s (12 hours from the receive less a margin), `sqs-delay` 900 s; on a FIFO queue `auto` is `visibility-timeout`.
 * The same values the construct validates against at synth time (`lambda/limits.ts`).
 */
export function longestDelayOf(transport: TransportName, fifo: boolean): LongestDelay {
  switch (transport) {
    case 'visibility-timeout':
      return TWELVE_HOURS_LIMIT;
    case 'sqs-delay':
      return FIFTEEN_MINUTES_LIMIT;
    case 'auto':
      return fifo ? TWELVE_HOURS_LIMIT : ONE_YEAR_LIMIT;
    default:
      return ONE_YEAR_LIMIT;
  }
}

/** Whether a transport starts Step Functions executions on this queue (and so needs the state machine's ARN). */
export function needsStateMachine(transport: TransportName, fifo: boolean): boolean {
  return transport === 'step-functions' || (transport === 'auto' && !fifo);
}
