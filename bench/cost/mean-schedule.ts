import { schedule, type PolicySpec } from '../../lambda/backoff';
import { seededRandom } from '../../lambda/backoff';

/**
 * The mean delay of each wait of a run (element i: the wait after failure i + 1), by averaging
 * `samples` schedules drawn with a fixed seed. Exact for the deterministic policies (fixed,
 * exponential, step-functions without jitter), a reproducible estimate for the jittered ones.
 */
export function meanSchedule(spec: PolicySpec, maxAttempts: number, samples = 4096, seed = 1): number[] {
  const random = seededRandom(seed);
  const sums = new Array<number>(Math.max(0, maxAttempts - 1)).fill(0);
  for (let s = 0; s < samples; s++) {
    schedule(spec, maxAttempts, random).forEach((delay, i) => (sums[i] += delay));
  }
  return sums.map((sum) => sum / samples);
}
