import type { TransportName } from '../../lambda/contract';

/** What one worker measured for one delay transport, event size and failure share. */
export interface OverheadSample {
  /** The delay transport ours parked the failures with. */
  readonly transport: TransportName;
  readonly size: number;
  readonly failShare: number;
  /** µs per record of every timed sample, in run order. */
  readonly oursUs: readonly number[];
  readonly powertoolsUs: readonly number[];
  readonly oursMedianUs: number;
  readonly powertoolsMedianUs: number;
  /** The same from process CPU time instead of wall-clock time (less sensitive to other load). */
  readonly oursCpuMedianUs: number;
  readonly powertoolsCpuMedianUs: number;
  /** Invocations per timed sample (enough records that the timer's resolution does not matter). */
  readonly invocationsPerSample: number;
  /** What the first invocation of each returned, checked before timing. */
  readonly check: {
    readonly failing: number;
    readonly oursBatchItemFailures: number;
    readonly oursParked: number;
    readonly powertoolsBatchItemFailures: number;
  };
}
