import type { FailureProfile } from './failure-profile';
import type { CostScenario } from './scenario';

/** Monthly counts on the retry path, the same for every design. */
export interface RetryVolumes {
  readonly failingMessages: number;
  /** Trips through the retry path (= extra processing attempts). */
  readonly retries: number;
  /** `retriesByWait[i]`: how many retries wait the delay after failure i + 1. */
  readonly retriesByWait: readonly number[];
  /** Failing messages that exhaust maxAttempts and are dead-lettered. */
  readonly deadLettered: number;
}

export function retryVolumes(scenario: CostScenario, profile: FailureProfile): RetryVolumes {
  if (!(scenario.messages >= 0)) throw new RangeError(`messages must be ≥ 0 (given ${scenario.messages})`);
  if (!(scenario.failureRate >= 0 && scenario.failureRate <= 1)) {
    throw new RangeError(`failure rate must be between 0 and 1 (given ${scenario.failureRate})`);
  }
  const failingMessages = scenario.messages * scenario.failureRate;
  return {
    failingMessages,
    retries: failingMessages * profile.expectedRetries,
    retriesByWait: profile.reach.map((p) => failingMessages * p),
    deadLettered: failingMessages * profile.exhaustedShare,
  };
}
