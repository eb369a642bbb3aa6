import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../util/project-root';
import type { HandlerBundles } from './load-handlers';
import type { OverheadSample } from './overhead-sample';

export interface OverheadPlan {
  readonly sizes: readonly number[];
  readonly failShares: readonly number[];
  /** Timed samples per runtime and configuration. */
  readonly rounds: number;
  /** Records per timed sample (invocations × size). */
  readonly recordsPerSample: number;
}

export const DEFAULT_OVERHEAD_PLAN: OverheadPlan = Object.freeze({
  sizes: [10, 1_000, 10_000],
  failShares: [0, 0.1],
  rounds: 31,
  recordsPerSample: 10_000,
});

/** Runs one worker process per (size, failure share), each timing both runtimes interleaved. */
export function measureOverhead(bundles: HandlerBundles, plan: OverheadPlan, progress: (line: string) => void = () => undefined): OverheadSample[] {
  const results: OverheadSample[] = [];
  for (const failShare of plan.failShares) {
    for (const size of plan.sizes) {
      progress(`overhead: ${size} records, ${failShare * 100} % failing…`);
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
        ],
        { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 16 * 1024 * 1024 },
      );
      if (run.status !== 0) throw new Error(`overhead worker (${size}, ${failShare}) failed: ${run.stderr}`);
      results.push(JSON.parse(run.stdout) as OverheadSample);
    }
  }
  return results;
}
