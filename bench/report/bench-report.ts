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
/** The runtime target of issue 6: ours ÷ Powertools per record at most 1. */
export const OVERHEAD_RATIO_TARGET = 1.0;
