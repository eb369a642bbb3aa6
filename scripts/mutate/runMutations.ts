/**
 * `npm run mutate`: applies each one-line mutation of `mutations.ts` to a throw-away copy of the
 * working tree (never to the tree itself), runs the unit tests related to the mutated file, stops
 * at the first failure, and prints killed/survived per mutation and in total.
 *
 *   npm run mutate                      every mutation, related unit tests only
 *   npm run mutate -- --all             the whole unit project per mutation (slow)
 *   npm run mutate -- --only a,b        some mutations by id
 *   npm run mutate -- --no-baseline     skip the unmutated run (it proves the selection passes)
 *   npm run mutate -- --exclude <glob>  leave out a test file that fails without any mutation
 *
 * Exit code: 0 when every mutation was killed, 1 when one survived or is stale, 2 on setup errors.
 * Not part of `npm test`: each mutation costs a unit run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MUTATIONS, Mutation } from './mutations';

const ROOT = path.resolve(__dirname, '..', '..');
const PER_MUTATION_TIMEOUT_MS = 15 * 60_000;
/** Test files left out of every run (`--exclude`): ones that fail before any mutation. */
const excluded: string[] = [];

type Verdict = 'killed' | 'survived' | 'stale';
interface Result {
  readonly mutation: Mutation;
  readonly verdict: Verdict;
  readonly seconds: number;
  /** The first failing test, for a killed mutation. */
  readonly killedBy?: string;
}

function main(): number {
  const args = process.argv.slice(2);
  const only = valueOf(args, '--only')?.split(',');
  const mutations = only ? MUTATIONS.filter((m) => only.includes(m.id)) : MUTATIONS;
  if (only && mutations.length !== only.length) {
    console.error(`unknown mutation id(s): ${only.filter((id) => !MUTATIONS.some((m) => m.id === id)).join(', ')}`);
    return 2;
  }
  excluded.push(...args.flatMap((arg, i) => (arg === '--exclude' && args[i + 1] ? [args[i + 1]] : [])));
  const treeBefore = treeState();
  const copy = copyOfWorkingTree();
  const cleanUp = () => fs.rmSync(copy, { recursive: true, force: true });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (cleanUp(), process.exit(130)));
  try {
    if (!args.includes('--no-baseline')) {
      const files = [...new Set(mutations.map((m) => m.file))];
      console.log(`baseline: the unmutated copy against the tests of ${files.length} file(s)…`);
      const baseline = runUnit(copy, args.includes('--all') ? [] : files);
      if (!baseline.passed) {
        console.error(`baseline FAILED (${baseline.seconds} s): fix the unit tests first; first failure: ${baseline.firstFailure ?? '?'}`);
        return 2;
      }
      console.log(`baseline passed in ${baseline.seconds} s\n`);
    }
    const results = mutations.map((mutation, i) => {
      const result = mutate(copy, mutation, args.includes('--all'));
      const by = result.killedBy ? `  ← ${result.killedBy}` : '';
      console.log(`[${i + 1}/${mutations.length}] ${result.verdict.toUpperCase().padEnd(8)} ${mutation.id.padEnd(30)} ${String(result.seconds).padStart(4)} s  ${mutation.description}${by}`);
      return result;
    });
    return report(results);
  } finally {
    cleanUp();
    // The copy was the only thing touched; say so, or say loudly that something else changed.
    if (treeState() !== treeBefore) {
      console.error('the working tree changed while mutating (another process?): check `git diff`');
      treeChanged = true;
    } else {
      console.log(`working tree untouched (git diff ${spawnSync('git', ['diff', '--quiet'], { cwd: ROOT }).status === 0 ? '--quiet: clean' : 'as before the run'})`);
    }
  }
}

function mutate(copy: string, mutation: Mutation, all: boolean): Result {
  const file = path.join(copy, mutation.file);
  const original = fs.readFileSync(file, 'utf8');
  const occurrences = original.split(mutation.search).length - 1;
  if (occurrences !== 1) return { mutation, verdict: 'stale', seconds: 0, killedBy: `search text found ${occurrences} times` };
  fs.writeFileSync(file, original.replace(mutation.search, () => mutation.replace));
  try {
    const run = runUnit(copy, all ? [] : [mutation.file], true);
    return { mutation, verdict: run.passed ? 'survived' : 'killed', seconds: run.seconds, killedBy: run.passed ? undefined : run.firstFailure };
  } finally {
    fs.writeFileSync(file, original);
  }
}

/** Runs the unit project (or the tests related to `files`) in `cwd`. */
function runUnit(cwd: string, files: readonly string[], bail = false): { passed: boolean; seconds: number; firstFailure?: string } {
  const started = Date.now();
  const command = files.length > 0 ? ['vitest', 'related', '--run', ...files] : ['vitest', 'run'];
  const exclusions = excluded.flatMap((glob) => ['--exclude', glob]);
  const run = spawnSync('npx', [...command, '--project', 'unit', ...exclusions, ...(bail ? ['--bail=1'] : []), '--reporter=dot'], {
    cwd,
    encoding: 'utf8',
    timeout: PER_MUTATION_TIMEOUT_MS,
    env: { ...process.env, CI: '1', FORCE_COLOR: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  const output = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
  // A timeout (an infinite loop the mutation caused) counts as a kill: the suite did not pass.
  if (run.status === 0) return { passed: true, seconds };
  return { passed: false, seconds, firstFailure: run.error ? `timeout/${run.error.message}` : firstFailure(output) };
}

function firstFailure(output: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  const line = plain.split('\n').find((l) => /\bFAIL\b.*\.test\.ts/.test(l));
  return line?.replace(/^.*?\bFAIL\s+/, '').replace(/\s+/g, ' ').trim().slice(0, 160);
}

function report(results: readonly Result[]): number {
  const count = (verdict: Verdict) => results.filter((r) => r.verdict === verdict).length;
  const killed = count('killed');
  console.log(`\n${results.length} mutations: ${killed} killed, ${count('survived')} survived, ${count('stale')} stale` +
    ` (score ${results.length ? Math.round((100 * killed) / results.length) : 0} %), ${results.reduce((s, r) => s + r.seconds, 0)} s of unit runs`);
  for (const r of results.filter((x) => x.verdict !== 'killed')) console.log(`  ${r.verdict}: ${r.mutation.id} — ${r.mutation.file}: ${r.mutation.description}`);
  return killed === results.length ? 0 : 1;
}

/** A copy of the working tree as it is (tracked and untracked, not ignored), sharing node_modules. */
function copyOfWorkingTree(): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'sqs-backoff-mutate-'));
  const listed = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    const from = path.join(ROOT, file);
    // Deleted but not yet staged, or a symlink (a local .venv): nothing the unit project reads.
    if (!fs.existsSync(from) || !fs.lstatSync(from).isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(from, path.join(copy, file));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  return copy;
}

/** What `git diff` and `git status` say now, to prove the run left the tree as it found it. */
function treeState(): string {
  const diff = spawnSync('git', ['diff', 'HEAD'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout;
  const status = spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).stdout;
  return `${status}\n${diff}`;
}

function valueOf(args: readonly string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : args.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

let treeChanged = false;
const code = main();
process.exitCode = treeChanged ? 2 : code;
