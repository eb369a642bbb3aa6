import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../util/project-root';
import type { HandlerBundles } from './load-handlers';
import type { OverheadSample } from './overhead-sample';
import { TRANSPORT_NAMES, type TransportName } from '../../lambda/contract';

export interface OverheadPlan {
  /** The delay transports ours parks with, one set of rows each. */
  readonly transports: readonly TransportName[];
  readonly sizes: readonly number[];
  readonly failShares: readonly number[];
  /** Timed samples per runtime and configuration. */
  readonly rounds: number;
  /** Records per timed sample (invocations × size). */
  readonly recordsPerSample: number;
}

export const DEFAULT_OVERHEAD_PLAN: OverheadPlan = Object.freeze({
  transports: TRANSPORT_NAMES,
  sizes: [10, 1_000, 10_000],
  failShares: [0, 0.1],
  rounds: 31,
  recordsPerSample: 10_000,
});

/** Runs one worker process per (transport, failure share, size), each timing both runtimes interleaved. */
export function measureOverhead(bundles: HandlerBundles, plan: OverheadPlan, progress: (line: string) => void = () => undefined): OverheadSample[] {
  const results: OverheadSample[] = [];
  for (const transport of plan.transports) {
    for (const failShare of plan.failShares) {
      for (const size of plan.sizes) {
        results.push(measureOne(bundles, plan, transport, failShare, size, progress));
      }
    }
  }
  return results;
}

function measureOne(
  bundles: HandlerBundles,
  plan: OverheadPlan,
  transport: TransportName,
  failShare: number,
  size: number,
  progress: (line: string) => void,
): OverheadSample {
  progress(`overhead: ${transport}, ${size} records, ${failShare * 100} % failing…`);
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(PROJECT_ROOT, 'bench/overhead/worker.ts'),
      bundles.ours,
      bundles.powertools,
      String(size),
      String(failShare),
      String(plan.rounds),
      String(plan.recordsPerSample),
      transport,
    ],
    { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 16 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`overhead worker (${transport}, ${size}, ${failShare}) failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as OverheadSample;
}
