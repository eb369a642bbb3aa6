import { median } from '../util/median';
import { spawnTimed } from './spawn-timed';

/** One thing to load in a fresh `node`: `node [flags] -e "<script>"`. */
export interface LoadTarget {
  readonly label: string;
  /** The `-e` script; `''` for the empty baseline. */
  readonly script: string;
  readonly nodeFlags?: readonly string[];
}

export interface ColdLoad {
  readonly label: string;
  /** Median wall-clock ms of the whole `node` process. */
  readonly medianMs: number;
  /** That minus the median of the empty `node -e ""` baseline. */
  readonly overBaselineMs: number;
  readonly samplesMs: readonly number[];
}

/**
 * Spawns every target `runs` times, round-robin (so drifting machine load hits all alike), and
 * reports medians; the first target must be the empty baseline. `cwd` is where `require`
 * resolves bare specifiers (the project, for the external `@aws-sdk/*`).
 */
export function coldLoads(targets: readonly LoadTarget[], runs: number, cwd: string): ColdLoad[] {
  const samples = targets.map(() => [] as number[]);
  for (const target of targets) spawnTimed([...(target.nodeFlags ?? []), '-e', target.script], cwd); // warm the file cache
  for (let run = 0; run < runs; run++) {
    targets.forEach((target, i) => samples[i].push(spawnTimed([...(target.nodeFlags ?? []), '-e', target.script], cwd)));
  }
  const baseline = median(samples[0]);
  return targets.map((target, i) => ({
    label: target.label,
    medianMs: median(samples[i]),
    overBaselineMs: median(samples[i]) - baseline,
    samplesMs: samples[i],
  }));
}

/** The `-e` script that loads a bundle. */
export function requireScript(path: string): string {
  return `require(${JSON.stringify(path)})`;
}
