/**
 * `npm run package:jsii`: the construct library as a jsii package for Python, Java, Go and .NET.
 * Stages `dist/jsii` (see stage.ts), compiles it with jsii under its `strict` tsconfig rule set,
 * builds the Python wheel and generates the Java, Go and .NET sources with jsii-pacmak (no
 * .NET SDK here; Java and Go are built by their smoke apps), and writes `API.md` with jsii-docgen.
 *
 * Flags: `--targets python,go,java,dotnet` (default all), `--api-md <path>` (default API.md at
 * the root; `-` skips it). Prints one `step seconds` line per step.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO, STAGE, stage } from './stage';

/** Each documented in docs/languages.md: the only warnings the build may print. */
export const SILENCED_WARNINGS = ['metadata/missing-dev-dependency'];

const BIN = join(REPO, 'node_modules', '.bin');
const QUIET_NODE_ENV = { JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '1' };

export interface PackageOptions {
  readonly targets: readonly string[];
  readonly apiMd?: string;
}

export function packageJsii(options: PackageOptions): Record<string, number> {
  const timings: Record<string, number> = {};
  const step = (name: string, run: () => void) => {
    const start = Date.now();
    run();
    timings[name] = (Date.now() - start) / 1000;
    console.log(`${name} ${timings[name].toFixed(1)}`);
  };
  step('stage', () => stage());
  step('jsii', () => tool('jsii', ['--fail-on-warnings', ...SILENCED_WARNINGS.flatMap((code) => ['--silence-warnings', code])]));
  const built = options.targets.filter((target) => target === 'python');
  const codeOnly = options.targets.filter((target) => target !== 'python');
  if (built.length > 0) step('pacmak-python', () => tool('jsii-pacmak', built.flatMap((target) => ['-t', target])));
  if (codeOnly.length > 0) {
    step(`pacmak-${codeOnly.join('-')}-code`, () => tool('jsii-pacmak', ['--code-only', ...codeOnly.flatMap((target) => ['-t', target])]));
  }
  if (options.apiMd !== undefined) step('docgen', () => tool('jsii-docgen', ['--output', options.apiMd!]));
  return timings;
}

function tool(name: string, args: string[]): void {
  execFileSync(join(BIN, name), args, { cwd: STAGE, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...QUIET_NODE_ENV } });
}

function parseArgs(argv: string[]): PackageOptions {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index < 0 ? undefined : argv[index + 1];
  };
  const apiMd = value('--api-md') ?? join(REPO, 'API.md');
  return {
    targets: (value('--targets') ?? 'python,go,java,dotnet').split(','),
    apiMd: apiMd === '-' ? undefined : apiMd,
  };
}

if (require.main === module) packageJsii(parseArgs(process.argv.slice(2)));
