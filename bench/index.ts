/**
 * `npm run bench`: one table of figures measured side by side in one run — runtime overhead per
 * record against Powertools batch, bundle sizes and cold load, `cdk synth` time, and the cost row
 * of the default scenario. `npm run bench -- --help` for the knobs. docs/performance.md explains.
 */
import { Command } from 'commander';
import { rmSync, writeFileSync } from 'node:fs';
import { measureBundles } from './bundle/measure-bundles';
import { compareDesigns } from './cost/compare-designs';
import { DEFAULT_SCENARIO } from './cost/scenario';
import { buildHandlerBundles } from './overhead/build-handler-bundles';
import { DEFAULT_OVERHEAD_PLAN, measureOverhead } from './overhead/measure-overhead';
import { profileRuntime } from './overhead/profile-runtime';
import { renderProfile } from './overhead/render-profile';
import { overheadRatioTarget, type BenchReport } from './report/bench-report';
import { TRANSPORT_NAMES, type TransportName } from '../lambda/contract';
import { renderBench } from './report/render-bench';
import { measurePython, renderPython, type PythonBench } from './python/measure-python';
import { measureSynth } from './synth/measure-synth';
import { describeMachine, loadNow } from './util/machine';
import { scratchDir } from './util/scratch-dir';
import { describeSource } from './util/source-state';

async function main(): Promise<void> {
  const o = new Command('bench')
    .option('--rounds <n>', 'timed samples per runtime and configuration', Number, DEFAULT_OVERHEAD_PLAN.rounds)
    .option('--load-runs <n>', 'spawns per cold-load target', Number, 20)
    .option('--synth-runs <n>', 'cdk synth runs', Number, 5)
    .option('--no-synth', 'skip cdk synth')
    .option('--no-profile', 'do not profile our runtime when it loses')
    .option('--no-python', 'skip the Python runtime rows')
    .option('--python-only', 'only the Python runtime rows (scripts/python/bench.sh)')
    .option('--json <file>', 'also write every raw sample as JSON')
    .option('--transports <names>', `comma-separated delay transports for the overhead rows (${TRANSPORT_NAMES.join(', ')})`, TRANSPORT_NAMES.join(','))
    .option('--quick', 'a smoke run: 5 rounds, 5 spawns, 1 synth (numbers are rough)')
    .parse()
    .opts();
  const rounds = o.quick ? 5 : o.rounds;
  const loadRuns = o.quick ? 5 : o.loadRuns;
  const synthRuns = o.quick ? 1 : o.synthRuns;
  const transports = String(o.transports).split(',').map((name) => name.trim()) as TransportName[];
  const unknown = transports.filter((name) => !TRANSPORT_NAMES.includes(name));
  if (unknown.length > 0) throw new Error(`--transports: unknown ${unknown.join(', ')} (allowed: ${TRANSPORT_NAMES.join(', ')})`);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const machine = describeMachine();
  const source = describeSource();
  if (o.pythonOnly) {
    say('python: with_backoff vs Powertools (Python), imports…');
    console.log(renderPython(measurePython({ rounds: o.quick ? 3 : 15, recordsPerSample: o.quick ? 1_000 : 5_000, importRuns: loadRuns, transports })));
    return;
  }
  const dir = scratchDir('bench');
  try {
    say('bundling the runtime and Powertools…');
    const handlerBundles = await buildHandlerBundles(dir, true);
    const overhead = measureOverhead(handlerBundles, { ...DEFAULT_OVERHEAD_PLAN, rounds, transports }, say);
    say(`bundles and cold load (${loadRuns} spawns each)…`);
    const bundles = await measureBundles(dir, loadRuns);
    say(o.synth ? `cdk synth × ${synthRuns}…` : 'cdk synth skipped');
    const synth = o.synth ? measureSynth(synthRuns) : ({ status: 'missing', reason: 'skipped (--no-synth)' } as const);
    const report: BenchReport = {
      machine,
      source,
      loadAfter: loadNow(),
      rounds,
      overhead,
      bundles,
      synth,
      synthRuns,
      cost: compareDesigns(DEFAULT_SCENARIO),
    };
    console.log(renderBench(report));
    let python: PythonBench | undefined;
    if (o.python) {
      say('python: with_backoff vs Powertools (Python), imports…');
      python = measurePython({ rounds: o.quick ? 3 : 15, recordsPerSample: o.quick ? 1_000 : 5_000, importRuns: loadRuns, transports });
      console.log(`\n${renderPython(python)}`);
    }

    const losing = overhead.filter((s) => s.oursMedianUs / s.powertoolsMedianUs > overheadRatioTarget(s.failShare));
    const profiles = [];
    if (o.profile && losing.length > 0) {
      // Where our time goes, for the largest losing event of each failure mix (its first transport).
      const dev = await buildHandlerBundles(dir, false);
      for (const failShare of [...new Set(losing.map((s) => s.failShare))]) {
        const mix = losing.filter((s) => s.failShare === failShare);
        const size = Math.max(...mix.map((s) => s.size));
        const transport = mix.find((s) => s.size === size)!.transport;
        say(`profiling ours: ${transport}, ${size} records, ${failShare * 100} % failing…`);
        const profile = profileRuntime(dev, dir, 'ours', size, failShare, transport);
        profiles.push(profile);
        console.log(`\n${renderProfile(profile)}`);
      }
    }
    if (o.json) writeFileSync(o.json, JSON.stringify({ ...report, profiles, python }, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
