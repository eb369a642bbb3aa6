import type { BundleReport } from '../bundle/measure-bundles';
import type { CostComparison } from '../cost/compare-designs';
import type { OverheadSample } from '../overhead/overhead-sample';
import type { SynthReport } from '../synth/measure-synth';

/** Everything one `npm run bench` measured. */
export interface BenchReport {
  readonly machine: string;
  /** The commit measured (and whether lambda/ was dirty). */
  readonly source: string;
  readonly loadAfter: string;
  readonly rounds: number;
  readonly overhead: readonly OverheadSample[];
  readonly bundles: BundleReport;
  readonly synth: SynthReport;
  readonly synthRuns: number;
  readonly cost: CostComparison;
}

/** The runtime target of issue 6: our minified runtime bundle stays under 30 KB. */
export const RUNTIME_BUNDLE_TARGET_BYTES = 30_000;
/**
 * The runtime targets of issue 10 (tighter than issue 6's 1.0): ours ÷ Powertools per record at
 * most 0.5 when every record succeeds and at most 0.75 with 10 % failing, with every transport.
 */
export const OVERHEAD_RATIO_TARGETS = Object.freeze({ allSucceed: 0.5, failing: 0.75 });

/** The ours ÷ Powertools target for one failure mix. */
export function overheadRatioTarget(failShare: number): number {
  return failShare === 0 ? OVERHEAD_RATIO_TARGETS.allSucceed : OVERHEAD_RATIO_TARGETS.failing;
}
