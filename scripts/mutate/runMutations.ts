/**
 * `npm run mutate`: applies each one-line mutation of `mutations.ts` to a throw-away copy of the
 * working tree (never to the tree itself), runs the tests that should catch it (its `tests`, or the
 * unit tests related to the mutated file; pytest for a Python mutation), stops each run at the
 * first failure, and prints killed/survived per mutation and in total.
 *
 *   npm run mutate                      every mutation against its own tests
 *   npm run mutate -- --all             a mutation its own tests do not kill meets the whole unit project
 *                                       (or the whole pytest suite); the baseline is the whole suite
 *   npm run mutate -- --only a,b        some mutations by id
 *   npm run mutate -- --check           only check that every mutation applies (file there, search text once)
 *   npm run mutate -- --no-baseline     skip the unmutated run (it proves the selection passes)
 *   npm run mutate -- --exclude <glob>  leave out a test file that fails without any mutation
 *
 * A mutation whose file is missing or whose search text is gone or ambiguous is reported STALE, a
 * failure like a survivor (the others still run). Exit code: 0 when every mutation was killed,
 * 1 when one survived, is stale or could not run, 2 on setup errors.
 * Not part of `npm test` (each mutation costs a test run); test/unit/scripts/mutations.test.ts is:
 * it checks in milliseconds that every mutation still applies.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MUTATIONS, Mutation, PYTHON_TESTS } from './mutations';
import { staleness } from './staleness';
import { vitestProjectsOf } from './vitestProjects';

const ROOT = path.resolve(__dirname, '..', '..');
const PER_MUTATION_TIMEOUT_MS = 15 * 60_000;
/** Test files left out of every vitest run (`--exclude`): ones that fail before any mutation. */
const excluded: string[] = [];

type Verdict = 'killed' | 'survived' | 'stale' | 'error';
interface Result {
  readonly mutation: Mutation;
  readonly verdict: Verdict;
  readonly seconds: number;
  /** The first failing test of a killed mutation, or why a mutation is stale or could not run. */
  readonly detail?: string;
}

interface Run {
  readonly passed: boolean;
  readonly seconds: number;
  readonly firstFailure?: string;
}

/** What one run executes: a runner and its test selection. */
interface Selection {
  readonly runner: 'vitest' | 'pytest';
  /** Explicit test files, or (vitest) source files whose related tests run. */
  readonly paths: readonly string[];
  readonly related: boolean;
}

function main(): number {
  const started = Date.now();
  const args = process.argv.slice(2);
  const all = args.includes('--all');
  const only = valueOf(args, '--only')?.split(',');
  const mutations = only ? MUTATIONS.filter((m) => only.includes(m.id)) : MUTATIONS;
  if (only && mutations.length !== only.length) {
    console.error(`unknown mutation id(s): ${only.filter((id) => !MUTATIONS.some((m) => m.id === id)).join(', ')}`);
    return 2;
  }
  const duplicates = MUTATIONS.map((m) => m.id).filter((id, i, ids) => ids.indexOf(id) !== i);
  if (duplicates.length > 0) {
    console.error(`duplicate mutation id(s): ${duplicates.join(', ')}`);
    return 2;
  }
  excluded.push(...args.flatMap((arg, i) => (arg === '--exclude' && args[i + 1] ? [args[i + 1]] : [])));

  const stale: Result[] = [];
  const runnable: Mutation[] = [];
  for (const mutation of mutations) {
    const why = staleness(ROOT, mutation);
    if (why === undefined) runnable.push(mutation);
    else stale.push({ mutation, verdict: 'stale', seconds: 0, detail: why });
  }
  for (const r of stale) console.log(`STALE    ${r.mutation.id}: ${r.detail}`);
  if (args.includes('--check')) {
    console.log(`${mutations.length} mutations: ${runnable.length} apply, ${stale.length} stale`);
    return stale.length === 0 ? 0 : 1;
  }

  const treeBefore = treeState();
  const copy = copyOfWorkingTree();
  const cleanUp = () => fs.rmSync(copy, { recursive: true, force: true });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (cleanUp(), process.exit(130)));
  try {
    if (!args.includes('--no-baseline') && runnable.length > 0) {
      const selections = baselineSelections(runnable, all);
      console.log(`baseline: the unmutated copy against ${selections.map(describe).join(' + ')}…`);
      for (const selection of selections) {
        const baseline = run(copy, selection, false);
        if (!baseline.passed) {
          console.error(`baseline FAILED (${baseline.seconds} s, ${describe(selection)}): fix the tests first; first failure: ${baseline.firstFailure ?? '?'}`);
          return 2;
        }
        console.log(`baseline passed in ${baseline.seconds} s (${describe(selection)})`);
      }
      console.log('');
    }
    const results = runnable.map((mutation, i) => {
      const result = mutate(copy, mutation, all);
      const by = result.detail ? `  ← ${result.detail}` : '';
      console.log(`[${i + 1}/${runnable.length}] ${result.verdict.toUpperCase().padEnd(8)} ${mutation.id.padEnd(44)} ${String(result.seconds).padStart(4)} s  ${mutation.description}${by}`);
      return result;
    });
    return report([...stale, ...results], Math.round((Date.now() - started) / 1000));
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

function selectionOf(mutation: Mutation, all: boolean): Selection {
  const runner = mutation.runner ?? 'vitest';
  if (all) return { runner, paths: runner === 'pytest' ? PYTHON_TESTS : [], related: false };
  if (mutation.tests !== undefined) return { runner, paths: mutation.tests, related: false };
  return runner === 'pytest' ? { runner, paths: PYTHON_TESTS, related: false } : { runner, paths: [mutation.file], related: true };
}

/** The unmutated runs that cover every mutation's selection, at most one per kind of selection. */
function baselineSelections(mutations: readonly Mutation[], all: boolean): Selection[] {
  const merged = new Map<string, Selection>();
  for (const mutation of mutations) {
    const selection = selectionOf(mutation, all);
    // The whole suite holds every selection of its runner: one run each.
    if (all && merged.has(`${selection.runner}:false`)) continue;
    const key = `${selection.runner}:${selection.related}`;
    const before = merged.get(key);
    const paths = all || before === undefined ? selection.paths : [...new Set([...before.paths, ...selection.paths])];
    merged.set(key, { ...selection, paths });
  }
  return [...merged.values()];
}

function describe(selection: Selection): string {
  if (selection.paths.length === 0) return `the whole ${selection.runner === 'vitest' ? 'unit project' : 'pytest suite'}`;
  if (selection.runner === 'pytest' && selection.paths.join() === PYTHON_TESTS.join()) return `the whole pytest suite (${PYTHON_TESTS.join(', ')})`;
  return `${selection.runner}${selection.related ? ' related to' : ''} ${selection.paths.length} file(s)`;
}

function mutate(copy: string, mutation: Mutation, all: boolean): Result {
  const file = path.join(copy, mutation.file);
  let original: string;
  try {
    original = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { mutation, verdict: 'stale', seconds: 0, detail: `cannot read ${mutation.file} in the copy: ${String(error)}` };
  }
  // Checked against the tree before the copy was made; checked again here, where it is applied.
  const occurrences = original.split(mutation.search).length - 1;
  if (occurrences !== 1) return { mutation, verdict: 'stale', seconds: 0, detail: `search text found ${occurrences} times in the copy` };
  try {
    fs.writeFileSync(file, original.replace(mutation.search, () => mutation.replace));
    let result = run(copy, selectionOf(mutation, false), true);
    // --all: a mutant its own tests let through meets the whole suite. (One they kill, the whole
    // suite kills too: it holds them. Running it anyway would cost a full unit run per mutation.)
    if (all && result.passed) {
      const whole = run(copy, selectionOf(mutation, true), true);
      result = { ...whole, seconds: result.seconds + whole.seconds };
    }
    return { mutation, verdict: result.passed ? 'survived' : 'killed', seconds: result.seconds, detail: result.passed ? undefined : result.firstFailure };
  } catch (error) {
    if (error instanceof Interrupted) throw error;
    return { mutation, verdict: 'error', seconds: 0, detail: `could not run: ${String(error)}` };
  } finally {
    fs.writeFileSync(file, original);
  }
}

/** Runs one selection in `cwd`; `bail`: stop at the first failing test. */
function run(cwd: string, selection: Selection, bail: boolean): Run {
  const started = Date.now();
  const [command, commandArgs, env] = selection.runner === 'pytest' ? pytestCommand(selection, bail) : vitestCommand(selection, bail);
  const child = spawnSync(command, commandArgs, {
    cwd,
    encoding: 'utf8',
    timeout: PER_MUTATION_TIMEOUT_MS,
    env: { ...process.env, CI: '1', FORCE_COLOR: '0', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  // The event loop is blocked while a run lasts, so a Ctrl-C reaches us as the child's signal.
  if (child.signal === 'SIGINT' || child.signal === 'SIGTERM') throw new Interrupted(child.signal);
  const seconds = Math.round((Date.now() - started) / 1000);
  const output = `${child.stdout ?? ''}\n${child.stderr ?? ''}`;
  // A timeout (an infinite loop the mutation caused) counts as a kill: the suite did not pass.
  if (child.status === 0) return { passed: true, seconds };
  const firstFailure = child.error ? `timeout/${child.error.message}` : selection.runner === 'pytest' ? firstPytestFailure(output) : firstVitestFailure(output);
  return { passed: false, seconds, firstFailure };
}

function vitestCommand(selection: Selection, bail: boolean): [string, string[], Record<string, string>] {
  const command = selection.related ? ['vitest', 'related', '--run', ...selection.paths] : ['vitest', 'run', ...selection.paths];
  // `--project unit` alone would find no e2e file and exit 1, which would read as a kill.
  const projects = (selection.related ? ['unit'] : vitestProjectsOf(selection.paths)).flatMap((name) => ['--project', name]);
  const exclusions = excluded.flatMap((glob) => ['--exclude', glob]);
  return ['npx', [...command, ...projects, ...exclusions, ...(bail ? ['--bail=1'] : []), '--reporter=dot'], {}];
}

/**
 * pytest from the project's Python 3.11 virtualenv (or `$MUTATE_PYTHON`). No bytecode: a mutation
 * of the same length written within the same second as the original would otherwise be read back
 * from a stale `.pyc`.
 */
function pytestCommand(selection: Selection, bail: boolean): [string, string[], Record<string, string>] {
  const python = pythonWithPytest();
  const paths = selection.paths.length > 0 ? selection.paths : PYTHON_TESTS;
  return [python, ['-m', 'pytest', '-q', '--color=no', '-p', 'no:cacheprovider', ...(bail ? ['-x'] : []), ...paths], { PYTHONDONTWRITEBYTECODE: '1' }];
}

const PYTHON_VENV = path.join(ROOT, '.venv-python3.11', 'bin', 'python');
let pythonChecked: string | undefined;

/**
 * The interpreter that runs the Python mutations: `$MUTATE_PYTHON`, else the git-ignored
 * virtualenv that scripts/python/test.sh (`npm run test:python`) keeps with pinned pytest; in a
 * fresh clone that script is run once first (it makes the virtualenv, about a minute).
 */
function pythonWithPytest(): string {
  if (pythonChecked !== undefined) return pythonChecked;
  if (process.env.MUTATE_PYTHON) return (pythonChecked = process.env.MUTATE_PYTHON);
  if (!fs.existsSync(PYTHON_VENV)) {
    console.log('no .venv-python3.11 yet: running scripts/python/test.sh once to make it…');
    const setup = spawnSync('bash', ['scripts/python/test.sh'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (setup.signal === 'SIGINT' || setup.signal === 'SIGTERM') throw new Interrupted(setup.signal);
    if (!fs.existsSync(PYTHON_VENV)) throw new Error(`scripts/python/test.sh did not make ${PYTHON_VENV} (exit ${setup.status})`);
  }
  return (pythonChecked = PYTHON_VENV);
}

function firstVitestFailure(output: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  const line = plain.split('\n').find((l) => /\bFAIL\b.*\.test\.ts/.test(l));
  return line?.replace(/^.*?\bFAIL\s+/, '').replace(/\s+/g, ' ').trim().slice(0, 160);
}

function firstPytestFailure(output: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const line = output.replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((l) => /^(FAILED|ERROR) /.test(l));
  return line?.replace(/\s+/g, ' ').trim().slice(0, 160) ?? output.trim().split('\n').slice(-1)[0]?.slice(0, 160);
}

function report(results: readonly Result[], wallSeconds: number): number {
  const count = (verdict: Verdict) => results.filter((r) => r.verdict === verdict).length;
  const killed = count('killed');
  console.log(
    `\n${results.length} mutations: ${killed} killed, ${count('survived')} survived, ${count('stale')} stale, ${count('error')} not run` +
      ` (score ${results.length ? Math.round((100 * killed) / results.length) : 0} %), ${results.reduce((s, r) => s + r.seconds, 0)} s of test runs, ${wallSeconds} s in all`,
  );
  for (const r of results.filter((x) => x.verdict !== 'killed')) {
    console.log(`  ${r.verdict}: ${r.mutation.id} — ${r.mutation.file}: ${r.mutation.description}${r.detail ? ` (${r.detail})` : ''}`);
  }
  return killed === results.length ? 0 : 1;
}

/** A copy of the working tree as it is (tracked and untracked, not ignored), sharing node_modules. */
function copyOfWorkingTree(): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'sqs-backoff-mutate-'));
  const listed = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    const from = path.join(ROOT, file);
    // Deleted but not yet staged, or a symlink (a local .venv): nothing the tests read.
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

class Interrupted extends Error {
  constructor(readonly signal: string) {
    super(`interrupted by ${signal}`);
  }
}

let treeChanged = false;
let code: number;
try {
  code = main();
} catch (error) {
  if (error instanceof Interrupted) console.error(`mutate: ${error.message}; the copy was removed, the tree untouched`);
  else console.error(`mutate: setup error: ${error instanceof Error ? error.stack : String(error)}`);
  code = error instanceof Interrupted ? 130 : 2;
}
process.exitCode = treeChanged ? 2 : code;
