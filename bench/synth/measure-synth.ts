import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../util/median';
import { PROJECT_ROOT } from '../util/project-root';

export type SynthReport =
  | { readonly status: 'missing'; readonly reason: string }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'ok'; readonly medianMs: number; readonly samplesMs: readonly number[] };

/**
 * `npx cdk synth --quiet -o <tmpdir>` of the example app, `runs` times (each into a fresh
 * directory, so every run bundles the consumer again), median wall-clock time.
 */
export function measureSynth(runs: number): SynthReport {
  if (!existsSync(join(PROJECT_ROOT, 'bin/app.ts'))) return { status: 'missing', reason: 'n/a (bin/app.ts missing)' };
  const samplesMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(join(tmpdir(), 'sqs-backoff-synth-'));
    try {
      const start = process.hrtime.bigint();
      const run = spawnSync('npx', ['cdk', 'synth', '--quiet', '-o', out], { cwd: PROJECT_ROOT, encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (run.status !== 0) {
        const detail = `${run.stderr ?? ''}${run.stdout ?? ''}`.trim().split('\n').slice(-3).join(' / ');
        return { status: 'failed', reason: `cdk synth exited ${run.status}: ${detail}` };
      }
      samplesMs.push(ms);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return { status: 'ok', medianMs: median(samplesMs), samplesMs };
}
