import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TransportName } from '../../lambda/contract';
import { PROJECT_ROOT } from '../util/project-root';
import { bundleLineSources } from './bundle-source-map';
import type { HandlerBundles } from './load-handlers';
import { summarizeProfile, type ProfileEntry } from './summarize-profile';

export interface RuntimeProfile {
  readonly impl: string;
  readonly size: number;
  readonly failShare: number;
  readonly records: number;
  /** Sampled time per record in the steady-state window, µs (profiler overhead included). */
  readonly usPerRecord: number;
  /** Functions by self time, with µs per record. */
  readonly top: readonly (ProfileEntry & { readonly selfUsPerRecord: number; readonly totalUsPerRecord: number })[];
}

/**
 * Runs the profile worker under `node --cpu-prof` on UNminified bundles (see
 * `buildHandlerBundles(dir, false)`) and summarises where the time went, per function.
 */
export function profileRuntime(
  bundles: HandlerBundles,
  dir: string,
  impl: 'ours' | 'powertools',
  size: number,
  failShare: number,
  transport: TransportName = 'step-functions',
  seconds = 4,
  topN = 25,
): RuntimeProfile {
  const profDir = join(dir, `prof-${impl}-${transport}-${size}-${failShare}`);
  const run = spawnSync(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${profDir}`,
      '--import',
      'tsx',
      join(PROJECT_ROOT, 'bench/overhead/profile-worker.ts'),
      bundles.ours,
      bundles.powertools,
      impl,
      String(size),
      String(failShare),
      String(seconds),
      transport,
    ],
    { cwd: PROJECT_ROOT, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`profile worker failed: ${run.stderr}`);
  const { records, windowStartUs, windowEndUs } = JSON.parse(run.stdout) as { records: number; windowStartUs: number; windowEndUs: number };
  const file = readdirSync(profDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('node --cpu-prof wrote no profile');
  const sources = new Map(Object.values(bundles).map((path) => [path, bundleLineSources(path)]));
  const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8'));
  if (!(profile.startTime <= windowStartUs && windowEndUs <= profile.endTime)) {
    throw new Error(`the profile (${profile.startTime}–${profile.endTime} µs) does not cover the measured window (${windowStartUs}–${windowEndUs} µs)`);
  }
  const { entries, sampledUs } = summarizeProfile(profile, PROJECT_ROOT, (path, line) => sources.get(path)?.(line), {
    startUs: windowStartUs,
    endUs: windowEndUs,
  });
  return {
    impl,
    size,
    failShare,
    records,
    usPerRecord: sampledUs / records,
    top: entries.slice(0, topN).map((e) => ({ ...e, selfUsPerRecord: e.selfUs / records, totalUsPerRecord: e.totalUs / records })),
  };
}
