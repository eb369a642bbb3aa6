import type { FailureModel } from './failure-model';

/** What a failure model means for one failing message under a given `maxAttempts`. */
export interface FailureProfile {
  /** `reach[i]` = P(N ≥ i + 1): the probability that retry i + 1 (the wait after failure i + 1) happens. */
  readonly reach: readonly number[];
  /** E[min(N, maxAttempts − 1)]: trips through the retry path per failing message. */
  readonly expectedRetries: number;
  /** P(N ≥ maxAttempts): the share of failing messages that end in the dead-letter queue. */
  readonly exhaustedShare: number;
}

/**
 * Expected retries and dead-letters per failing message. A message that fails `N` times is
 * retried `min(N, maxAttempts − 1)` times; it is dead-lettered when `N ≥ maxAttempts`.
 */
export function failureProfile(model: FailureModel, maxAttempts: number): FailureProfile {
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a whole number ≥ 1 (given ${maxAttempts})`);
  }
  const atLeast = survival(model);
  const reach: number[] = [];
  for (let i = 1; i < maxAttempts; i++) reach.push(atLeast(i));
  return {
    reach,
    expectedRetries: reach.reduce((sum, p) => sum + p, 0),
    exhaustedShare: atLeast(maxAttempts),
  };
}

/** k ↦ P(N ≥ k) for k ≥ 1. */
function survival(model: FailureModel): (k: number) => number {
  switch (model.kind) {
    case 'always':
      return () => 1;
    case 'fixed':
      if (!Number.isInteger(model.failTimes) || model.failTimes < 1) {
        throw new RangeError(`failTimes must be a whole number ≥ 1 (given ${model.failTimes})`);
      }
      return (k) => (model.failTimes >= k ? 1 : 0);
    case 'geometric':
      if (!(model.p >= 0 && model.p <= 1)) {
        throw new RangeError(`the geometric repeat probability must be between 0 and 1 (given ${model.p})`);
      }
      return (k) => Math.pow(model.p, k - 1);
    case 'table': {
      const total = model.weights.reduce((sum, w) => sum + w.weight, 0);
      if (!(total > 0) || model.weights.some((w) => !(w.weight >= 0))) {
        throw new RangeError('distribution weights must be ≥ 0 and not all 0');
      }
      for (const w of model.weights) {
        if (w.failTimes !== 'always' && (!Number.isInteger(w.failTimes) || w.failTimes < 1)) {
          throw new RangeError(`a distribution's failure count must be a whole number ≥ 1 or "always" (given ${w.failTimes})`);
        }
      }
      return (k) =>
        model.weights
          .filter((w) => w.failTimes === 'always' || w.failTimes >= k)
          .reduce((sum, w) => sum + w.weight, 0) / total;
    }
  }
}
