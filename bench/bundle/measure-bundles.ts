import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../util/project-root';
import { bundleEntry, type BundleResult } from './bundle-entry';
import { coldLoads, requireScript, type ColdLoad } from './cold-load';

export interface BundleReport {
  readonly runtime?: BundleResult;
  readonly demo?: BundleResult;
  /** `@aws-lambda-powertools/batch` (what the baseline uses), bundled the same way, for reference. */
  readonly powertools: BundleResult;
  /** Baseline first, then: SDK clients alone, runtime, demo, Powertools, and runtime/demo with --enable-source-maps. */
  readonly loads: readonly ColdLoad[];
  readonly runs: number;
  readonly missing: readonly string[];
}

export const RUNTIME_ENTRY = 'lambda/runtime/index.ts';
export const DEMO_ENTRY = 'lambda/demo/demoConsumer.ts';

/**
 * Bundles the runtime, the demo consumer and (for reference) Powertools batch as the construct
 * bundles a consumer (minified, external source map, `@aws-sdk/*` external), then times a cold
 * `require` of each in a fresh node, `runs` times.
 */
export async function measureBundles(dir: string, runs: number): Promise<BundleReport> {
  const missing = [RUNTIME_ENTRY, DEMO_ENTRY].filter((entry) => !existsSync(join(PROJECT_ROOT, entry)));
  const bundle = (entry: string, name: string) =>
    existsSync(join(PROJECT_ROOT, entry)) ? bundleEntry(join(PROJECT_ROOT, entry), join(dir, name), { minify: true, sourcemap: true }) : undefined;
  const [runtime, demo, powertools] = await Promise.all([
    bundle(RUNTIME_ENTRY, 'runtime.js'),
    bundle(DEMO_ENTRY, 'demoConsumer.js'),
    bundleEntry(join(PROJECT_ROOT, 'bench/overhead/powertools-entry.ts'), join(dir, 'powertools-batch.js'), { minify: true, sourcemap: true }),
  ]);
  const targets = [
    { label: 'empty node -e ""', script: '' },
    { label: 'SDK clients alone (SQS + SFN)', script: "require('@aws-sdk/client-sqs');require('@aws-sdk/client-sfn')" },
    ...(runtime ? [{ label: 'runtime bundle', script: requireScript(runtime.outfile) }] : []),
    ...(demo ? [{ label: 'demo consumer bundle', script: requireScript(demo.outfile) }] : []),
    { label: 'Powertools batch bundle', script: requireScript(powertools!.outfile) },
    ...(runtime ? [{ label: 'runtime bundle, --enable-source-maps', script: requireScript(runtime.outfile), nodeFlags: ['--enable-source-maps'] }] : []),
    ...(demo ? [{ label: 'demo consumer bundle, --enable-source-maps', script: requireScript(demo.outfile), nodeFlags: ['--enable-source-maps'] }] : []),
  ];
  return { runtime, demo, powertools: powertools!, loads: coldLoads(targets, runs, PROJECT_ROOT), runs, missing };
}
