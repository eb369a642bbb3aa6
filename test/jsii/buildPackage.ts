import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageJsii } from '../../scripts/jsii/package';
import { REPO, STAGE } from '../../scripts/jsii/stage';
import { JSII_PATHS } from './paths';

/**
 * Builds the jsii package for test/jsii/languages.test.ts: jsii, the Python wheel, the Java, Go
 * and .NET sources and a fresh API.md beside the committed one; then installs the wheel into the
 * git-ignored virtualenv with the pinned Python aws-cdk-lib. Timings go to dist/jsii/timings.json.
 * Called from the test file's beforeAll, not a globalSetup: vitest runs every project's
 * globalSetup one after another before any test, so two minutes here would delay the whole suite,
 * while in a worker it runs beside the other projects.
 */
export function buildPackage(): void {
  const timings = packageJsii({ targets: ['python', 'go', 'java', 'dotnet'], apiMd: JSII_PATHS.freshApiMd });
  const wheel = join(JSII_PATHS.pythonDist, readdirSync(JSII_PATHS.pythonDist).find((name) => name.endsWith('.whl'))!);
  const venvStart = Date.now();
  const out = execFileSync('bash', [join(REPO, 'scripts/jsii/pythonVenv.sh'), JSII_PATHS.venv, wheel], { encoding: 'utf8' });
  timings.venv = (Date.now() - venvStart) / 1000;
  timings.pipInstallWheel = Number(/pip-install-seconds ([\d.]+)/.exec(out)![1]);
  mkdirSync(STAGE, { recursive: true });
  writeFileSync(JSII_PATHS.timings, JSON.stringify(timings, null, 2));
}
