/**
 * Which delay transport carries a stack's retries (its `Transport` output; stacks from before the
 * transports have none and use Step Functions), and where each one keeps a waiting retry: what
 * `status` counts, what `pending` can list and whether `recall` can take one back.
 */
import { TRANSPORT_NAMES, TransportName } from '../../lambda/contract';
import { EXIT, OpsError } from './errors';
import { OUTPUT, StackInfo } from './stackOutputs';

export const DEFAULT_TRANSPORT: TransportName = 'step-functions';

/** Where a waiting retry sits, per transport. */
export type RetryHome = 'executions' | 'delayed' | 'not-visible';

export function stackTransport(info: StackInfo): TransportName {
  const raw = info.outputs[OUTPUT.transport];
  if (raw === undefined || raw === '') return DEFAULT_TRANSPORT;
  if (!(TRANSPORT_NAMES as readonly string[]).includes(raw)) {
    throw new OpsError(
      `stack "${info.name}" says output ${OUTPUT.transport} = ${JSON.stringify(raw)}, not one of ${TRANSPORT_NAMES.join(', ')} — is this CLI older than the stack?`,
      EXIT.unexpected,
    );
  }
  return raw as TransportName;
}

/**
 * Where the transport parks retries. `auto` sends delays up to 900 s as delayed SQS messages and
 * longer ones to Step Functions; on a FIFO queue it (like the default there) holds the message
 * with a visibility delay.
 */
export function retryHomes(transport: TransportName, fifo: boolean): readonly RetryHome[] {
  switch (transport) {
    case 'step-functions':
      return ['executions'];
    case 'sqs-delay':
      return ['delayed'];
    case 'visibility-timeout':
      return ['not-visible'];
    case 'auto':
      return fifo ? ['not-visible'] : ['executions', 'delayed'];
  }
}

/** What an operator can do about a retry in each home: the sentences `pending` and `recall` print. */
export const HOME_TRAITS: Readonly<Record<RetryHome, { readonly label: string; readonly source: string; readonly cannot?: string }>> = Object.freeze({
  executions: {
    label: 'Step Functions',
    source: 'RUNNING executions of the retry state machine',
  },
  delayed: {
    label: 'SQS delay',
    source: 'ApproximateNumberOfMessagesDelayed of the work queue',
    cannot: 'SQS cannot list, read or delete a delayed message before its delay ends: these cannot be listed or recalled; each returns to the queue on its own',
  },
  'not-visible': {
    label: 'visibility delay',
    source: 'ApproximateNumberOfMessagesNotVisible of the work queue, which also counts messages being processed right now',
    cannot: 'SQS cannot list or take back a message hidden by its visibility timeout: these cannot be listed or recalled; each returns to the queue on its own',
  },
});
