import { schedule, seededRandom, type PolicySpec } from '../../lambda/backoff';

/**
 * For each wait of a run (element i: the wait after failure i + 1), the share of drawn schedules
 * whose delay is at most `limitSeconds`: how `auto` splits retries between SQS and Step Functions.
 * Exact (0 or 1) for deterministic policies, a reproducible estimate for jittered ones (same seed
 * and sample count as `meanSchedule`).
 */
export function shareWithin(spec: PolicySpec, maxAttempts: number, limitSeconds: number, samples = 4096, seed = 1): number[] {
  const random = seededRandom(seed);
  const within = new Array<number>(Math.max(0, maxAttempts - 1)).fill(0);
  for (let s = 0; s < samples; s++) {
    schedule(spec, maxAttempts, random).forEach((delay, i) => {
      if (delay <= limitSeconds) within[i]++;
    });
  }
  return within.map((count) => count / samples);
}
