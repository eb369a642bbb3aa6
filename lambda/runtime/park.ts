import type { SFNClient } from '@aws-sdk/client-sfn';
import { sfnClient, sfnSdk } from './sdk';

/** How a park request ended; any other outcome is thrown. */
export type ParkOutcome = 'started' | 'already-exists';

const ALREADY_EXISTS = new Set(['ExecutionAlreadyExists', 'ExecutionAlreadyExistsException']);

/**
 * Starts the retry state machine with an already serialized `ParkInput`. The name is
 * deterministic, so `ExecutionAlreadyExists` means this failure was parked before: AWS answers it
 * for a same-named execution with different input or one that has finished, and some emulators
 * even for the same input; every case is "already parked". Other errors (throttling, service
 * errors left after the SDK's own retries, network) are thrown for the caller to report.
 *
 * @param sfn the injected client; undefined: the default one (the SDK is loaded on the first park)
 */
export async function park(sfn: SFNClient | undefined, stateMachineArn: string, name: string, input: string): Promise<ParkOutcome> {
  const { StartExecutionCommand } = sfnSdk();
  const client = sfnClient(sfn);
  try {
    await client.send(new StartExecutionCommand({ stateMachineArn, name, input }));
    return 'started';
  } catch (error) {
    if (ALREADY_EXISTS.has((error as { name?: string })?.name ?? '')) return 'already-exists';
    throw error;
  }
}
