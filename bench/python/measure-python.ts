/**
 * The Python rows of `npm run bench`: scripts/python/bench.sh runs bench/python/overhead.py (ours
 * against Powertools for AWS Lambda (Python), both in one process, interleaved) and prints JSON.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { overheadRatioTarget } from '../report/bench-report';
import { plainTable } from '../util/table';
import { PROJECT_ROOT } from '../util/project-root';

export interface PythonOverheadRow {
  readonly transport: string;
  readonly failShare: number;
  readonly size: number;
  /** Median CPU microseconds per record. */
  readonly oursUs: number;
  readonly powertoolsUs: number;
  readonly ratio: number;
}

export interface PythonBench {
  readonly python: string;
  readonly overhead: readonly PythonOverheadRow[];
  /** Median milliseconds to import each in a fresh interpreter. */
  readonly importMs: { readonly sqs_backoff: number; readonly powertools: number };
}

/** The import-time target: ours at most half of Powertools batch's. */
export const PYTHON_IMPORT_RATIO_TARGET = 0.5;

export interface PythonPlan {
  readonly rounds: number;
  readonly recordsPerSample: number;
  readonly importRuns: number;
  readonly transports: readonly string[];
}

export function measurePython(plan: PythonPlan): PythonBench {
  const args = [String(plan.rounds), String(plan.recordsPerSample), String(plan.importRuns), plan.transports.join(',')];
  const run = spawnSync('bash', [join(PROJECT_ROOT, 'scripts/python/bench.sh'), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`python bench failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as PythonBench;
}

export function renderPython(bench: PythonBench): string {
  const table = plainTable(['transport', 'failing', 'records', 'ours µs/record', 'Powertools µs/record', 'ratio', 'target', 'met']);
  for (const row of bench.overhead) {
    const target = overheadRatioTarget(row.failShare);
    table.push([row.transport, `${row.failShare * 100} %`, String(row.size), row.oursUs.toFixed(2), row.powertoolsUs.toFixed(2), `${row.ratio.toFixed(2)}x`, `≤ ${target}x`, row.ratio <= target ? 'yes' : 'no']);
  }
  const { sqs_backoff: ours, powertools } = bench.importMs;
  const ratio = ours / powertools;
  return [
    `Python ${bench.python}: sqs_backoff's with_backoff vs Powertools BatchProcessor + process_partial_response (median CPU per record)`,
    table.toString(),
    `import: sqs_backoff ${ours.toFixed(1)} ms, aws_lambda_powertools.utilities.batch ${powertools.toFixed(1)} ms: ${ratio.toFixed(2)}x (target ≤ ${PYTHON_IMPORT_RATIO_TARGET}x, ${ratio <= PYTHON_IMPORT_RATIO_TARGET ? 'met' : 'not met'})`,
  ].join('\n');
}
