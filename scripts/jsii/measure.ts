/**
 * `npm run bench:jsii`: the Python package's size and speed, against its peers measured in the
 * same run: the wheel's size and file count, `pip install` of it, `import cdk_sqs_backoff` (beside
 * `import aws_cdk`, which it needs anyway), and the Python smoke app's synth against the same
 * stack in TypeScript (test/jsii/typescript/smokeApp.ts). Builds the package and the virtualenv
 * first when they are missing. Prints a Markdown table for docs/performance.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSII_PATHS } from '../../test/jsii/paths';
import { wheelContents } from '../../test/jsii/wheelContents';
import { packageJsii } from './package';
import { REPO } from './stage';

const RUNS = Number(process.env.JSII_BENCH_RUNS ?? 5);
const QUIET = { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '1' };
const python = join(JSII_PATHS.venv, 'bin', 'python');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function wallSeconds(command: string, args: string[]): number {
  const start = performance.now();
  execFileSync(command, args, { stdio: 'ignore', env: QUIET });
  return (performance.now() - start) / 1000;
}

function timed(command: string, args: string[]): { wall: number; reported: { import: number; synth: number } } {
  const start = performance.now();
  const out = execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: QUIET });
  return { wall: (performance.now() - start) / 1000, reported: JSON.parse(out.trim().split('\n').pop()!) };
}

function ensureBuilt(): string {
  if (!existsSync(JSII_PATHS.pythonDist)) packageJsii({ targets: ['python'] });
  const wheel = join(JSII_PATHS.pythonDist, readdirSync(JSII_PATHS.pythonDist).find((name) => name.endsWith('.whl'))!);
  execFileSync('bash', [join(REPO, 'scripts/jsii/pythonVenv.sh'), JSII_PATHS.venv, wheel], { stdio: 'ignore' });
  return wheel;
}

function pythonSynth(): { wall: number; reported: { import: number; synth: number } } {
  const out = mkdtempSync(join(tmpdir(), 'bench-py-'));
  const wall = wallSeconds(python, [join(REPO, 'test/jsii/python/smoke_app.py'), out]);
  return { wall, reported: JSON.parse(readFileSync(join(out, 'facts.json'), 'utf8')).seconds };
}

function main(): void {
  const wheel = ensureBuilt();
  const contents = wheelContents();
  const pip = Array.from({ length: 3 }, () => wallSeconds(python, ['-m', 'pip', 'install', '--quiet', '--no-deps', '--force-reinstall', '--disable-pip-version-check', wheel]));
  const importPeer = Array.from({ length: RUNS }, () => wallSeconds(python, ['-c', 'import aws_cdk']));
  const importOurs = Array.from({ length: RUNS }, () => wallSeconds(python, ['-c', 'import aws_cdk, cdk_sqs_backoff']));
  const py = Array.from({ length: 3 }, pythonSynth);
  const ts = Array.from({ length: 3 }, () => timed(join(REPO, 'node_modules/.bin/tsx'), [join(REPO, 'test/jsii/typescript/smokeApp.ts'), mkdtempSync(join(tmpdir(), 'bench-ts-'))]));
  const s = (value: number) => `${value.toFixed(2)} s`;
  const rows = [
    ['wheel', `${contents.bytes.toLocaleString('en-US')} B, ${contents.entries.length} files (embedded npm tarball: ${contents.tarballEntries.length} entries)`, '500 KB limit', `${(contents.bytes / 512_000).toFixed(2)}×`],
    ['pip install --no-deps of the wheel, median of 3', s(median(pip)), '', ''],
    [`python -c "import aws_cdk, cdk_sqs_backoff", median of ${RUNS}`, s(median(importOurs)), `${s(median(importPeer))} import aws_cdk alone`, `+${s(median(importOurs) - median(importPeer))}`],
    ['Python smoke app: construct + synth (in process), median of 3', s(median(py.map((run) => run.reported.synth))), `${s(median(ts.map((run) => run.reported.synth)))} TypeScript, same stack`, `${(median(py.map((run) => run.reported.synth)) / median(ts.map((run) => run.reported.synth))).toFixed(2)}×`],
    ['Python smoke app: whole process, median of 3', s(median(py.map((run) => run.wall))), `${s(median(ts.map((run) => run.wall)))} TypeScript (tsx)`, `${(median(py.map((run) => run.wall)) / median(ts.map((run) => run.wall))).toFixed(2)}×`],
  ];
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
  console.log(`jsii package at ${commit}, ${new Date().toISOString()}, load average ${require('node:os').loadavg().map((v: number) => v.toFixed(2)).join(' ')}\n`);
  console.log('| measure | cdk-sqs-backoff | peer | ratio |\n|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

main();
