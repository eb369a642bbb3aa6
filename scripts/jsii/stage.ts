/**
 * Lays out the jsii package of the construct library in `dist/jsii/` (git-ignored) and returns
 * its path. Why a generated manifest in a staging folder rather than the root package.json: the
 * root package is the npm package `sqs-backoff`, whose runtime (`sqs-backoff/runtime`) and
 * operator CLI need the AWS SDK, commander and friends as `dependencies`; jsii refuses any
 * dependency that is not a jsii module and would bundle them into every language package. The
 * staging folder holds only `lib/`, the dependency-free `lambda/` modules `lib/` imports,
 * and the Python consumer runtime as the layer asset, with a manifest whose only dependencies are
 * the peers aws-cdk-lib and constructs. Node resolution from `dist/jsii` reaches the root
 * `node_modules`, so nothing is installed twice.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../..');
export const STAGE = join(REPO, 'dist', 'jsii');

/**
 * The `lambda/*.ts` modules `lib/` imports, and theirs: pure and dependency-free (no AWS SDK).
 * Found from the imports rather than listed, so a new one cannot be forgotten.
 */
export function lambdaModulesOfLib(): string[] {
  const found = new Set<string>();
  const importsOf = (file: string, pattern: RegExp): string[] =>
    [...readFileSync(file, 'utf8').matchAll(pattern)].map((m) => `${m[1]}.ts`);
  const pending = readdirSync(join(REPO, 'lib'))
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) => importsOf(join(REPO, 'lib', name), /from '\.\.\/lambda\/([A-Za-z]+)'/g));
  while (pending.length > 0) {
    const module = pending.pop() as string;
    if (found.has(module)) continue;
    found.add(module);
    pending.push(...importsOf(join(REPO, 'lambda', module), /from '\.\/([A-Za-z]+)'/g));
  }
  return [...found].sort();
}
/** The Python consumer runtime, shipped as the layer asset of `BackoffConsumer.python`. */
const PYTHON_LAYER = join('lambda', 'python', 'sqs_backoff');

export const JSII_NAMES = {
  // The assembly is the construct part of the npm package `sqs-backoff`, so API.md's imports are what TypeScript users write.
  npm: 'sqs-backoff',
  python: { distName: 'cdk-sqs-backoff', module: 'cdk_sqs_backoff' },
  java: { package: 'io.github.sqsbackoff.cdk', groupId: 'io.github.sqsbackoff', artifactId: 'cdk-sqs-backoff' },
  go: { moduleName: 'github.com/sqs-backoff/cdk-sqs-backoff-go', packageName: 'cdksqsbackoff' },
  dotnet: { namespace: 'SqsBackoff.Cdk', packageId: 'SqsBackoff.Cdk' },
} as const;

/** The compiler options jsii's `strict` rule set accepts, nothing else. */
const TSCONFIG = {
  compilerOptions: {
    target: 'es2022',
    lib: ['es2022'],
    module: 'commonjs',
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmitOnError: true,
    declaration: true,
    noImplicitReturns: true,
    noFallthroughCasesInSwitch: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    types: ['node'],
  },
  include: ['lib/**/*.ts', 'lambda/*.ts'],
  exclude: ['node_modules', 'dist'],
};

export function stage(): string {
  rmSync(STAGE, { recursive: true, force: true });
  mkdirSync(join(STAGE, 'lambda'), { recursive: true });
  for (const file of readdirSync(join(REPO, 'lib')).filter((name) => name.endsWith('.ts'))) {
    cpSync(join(REPO, 'lib', file), join(STAGE, 'lib', file));
  }
  for (const file of lambdaModulesOfLib()) cpSync(join(REPO, 'lambda', file), join(STAGE, 'lambda', file));
  if (existsSync(join(REPO, PYTHON_LAYER))) {
    cpSync(join(REPO, PYTHON_LAYER), join(STAGE, PYTHON_LAYER), {
      recursive: true,
      // What the layer never ships (lib/python-layer.ts): caches and tests.
      filter: (source) => !/__pycache__|\.pyc$|\.mypy_cache|\.ruff_cache|\.pytest_cache|\/tests?(\/|$)/.test(source),
    });
  }
  cpSync(join(REPO, 'README.md'), join(STAGE, 'README.md'));
  writeFileSync(join(STAGE, 'tsconfig.jsii.json'), JSON.stringify(TSCONFIG, null, 2) + '\n');
  writeFileSync(join(STAGE, 'package.json'), JSON.stringify(manifest(), null, 2) + '\n');
  // jsii-docgen looks for dependency assemblies in the package's own node_modules.
  symlinkSync(join('..', '..', 'node_modules'), join(STAGE, 'node_modules'));
  return STAGE;
}

function manifest(): Record<string, unknown> {
  const root = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const peers: Record<string, string> = root.peerDependencies;
  const installed = (name: string) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [REPO] }), 'utf8')).version;
  return {
    name: JSII_NAMES.npm,
    version: root.version,
    description: root.description,
    license: root.license,
    author: { name: 'sqs-backoff maintainers', organization: true },
    repository: { type: 'git', url: 'https://github.com/sqs-backoff/sqs-backoff.git' },
    main: 'lib/index.js',
    types: 'lib/index.d.ts',
    // The peers, pinned as dev dependencies to what this repository tests with.
    peerDependencies: peers,
    devDependencies: Object.fromEntries(Object.keys(peers).map((name) => [name, installed(name)])),
    files: ['lib/**/*.js', 'lib/**/*.d.ts', 'lambda/*.js', 'lambda/*.d.ts', `${PYTHON_LAYER}/**`, '.jsii', 'README.md'],
    stability: 'experimental',
    jsii: {
      outdir: 'dist',
      tsconfig: 'tsconfig.jsii.json',
      validateTsconfig: 'strict',
      targets: {
        python: JSII_NAMES.python,
        java: { package: JSII_NAMES.java.package, maven: { groupId: JSII_NAMES.java.groupId, artifactId: JSII_NAMES.java.artifactId } },
        go: JSII_NAMES.go,
        dotnet: JSII_NAMES.dotnet,
      },
    },
  };
}
