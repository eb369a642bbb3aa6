import type { FailureModel, FailureWeight } from './failure-model';

/**
 * Parses `--distribution`: either `geometric:P` (each further attempt fails again with
 * probability P), or a list `N:WEIGHT,...` where N is failures in a row (a whole number ≥ 1, or
 * `always` for a message that never succeeds), e.g. `1:0.6,2:0.25,always:0.15`.
 */
export function parseDistribution(text: string): FailureModel {
  const trimmed = text.trim();
  const geometric = /^geometric:(.+)$/i.exec(trimmed);
  if (geometric) {
    const p = Number(geometric[1]);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`--distribution geometric:P needs 0 ≤ P ≤ 1 (given ${geometric[1]})`);
    return { kind: 'geometric', p };
  }
  const weights: FailureWeight[] = trimmed.split(',').map((part) => {
    const match = /^\s*(always|\d+)\s*:\s*([0-9.eE+-]+)\s*$/.exec(part);
    if (!match) {
      throw new RangeError(`--distribution entries look like N:WEIGHT or always:WEIGHT (given "${part}")`);
    }
    const failTimes = match[1] === 'always' ? 'always' : Number(match[1]);
    const weight = Number(match[2]);
    if (failTimes !== 'always' && failTimes < 1) throw new RangeError(`--distribution: N must be ≥ 1 (given ${failTimes})`);
    if (!(weight >= 0)) throw new RangeError(`--distribution: weight must be ≥ 0 (given ${match[2]})`);
    return { failTimes, weight };
  });
  if (!weights.some((w) => w.weight > 0)) throw new RangeError('--distribution: at least one weight must be > 0');
  return { kind: 'table', weights };
}
