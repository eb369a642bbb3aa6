/**
 * How often a message that fails once fails again. `N` is the number of consecutive failures
 * of one failing message (N ≥ 1; the consumer succeeds at attempt N + 1, if it gets that far).
 */
export type FailureModel =
  /** Never succeeds (a poison message, or an outage longer than the whole schedule). */
  | { readonly kind: 'always' }
  /** Every failing message fails exactly `failTimes` times. */
  | { readonly kind: 'fixed'; readonly failTimes: number }
  /** Each further attempt fails again with probability `p`: P(N = k) = (1 − p)·p^(k−1). */
  | { readonly kind: 'geometric'; readonly p: number }
  /** An explicit distribution of N; weights need not sum to 1 (they are normalised). */
  | { readonly kind: 'table'; readonly weights: readonly FailureWeight[] };

export interface FailureWeight {
  /** Consecutive failures, or `'always'` for a message that never succeeds. */
  readonly failTimes: number | 'always';
  readonly weight: number;
}

/** One line that says what the model assumes, for the printed assumptions. */
export function describeFailureModel(model: FailureModel): string {
  switch (model.kind) {
    case 'always':
      return 'every failing message fails on every attempt (worst case: retried maxAttempts − 1 times, then dead-lettered)';
    case 'fixed':
      return `every failing message fails ${model.failTimes} time(s) in a row, then succeeds`;
    case 'geometric':
      return `each further attempt of a failing message fails again with probability ${model.p}`;
    case 'table':
      return `failures in a row per failing message: ${model.weights
        .map((w) => `${w.failTimes} (weight ${w.weight})`)
        .join(', ')}`;
  }
}
