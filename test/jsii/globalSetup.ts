import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageJsii } from '../../scripts/jsii/package';
import { REPO, STAGE } from '../../scripts/jsii/stage';
import { JSII_PATHS } from './paths';

/**
 * Builds the jsii package once for the `jsii` project: jsii, the Python wheel, the Java, Go and
 * .NET sources and a fresh API.md beside the committed one; then installs the wheel into the
 * git-ignored virtualenv with the pinned Python aws-cdk-lib. Timings go to dist/jsii/timings.json.
 */
export default function setup(): void {
  const timings = packageJsii({ targets: ['python', 'go', 'java', 'dotnet'], apiMd: JSII_PATHS.freshApiMd });
  const wheel = join(JSII_PATHS.pythonDist, readdirSync(JSII_PATHS.pythonDist).find((name) => name.endsWith('.whl'))!);
  const venvStart = Date.now();
  const out = execFileSync('bash', [join(REPO, 'scripts/jsii/pythonVenv.sh'), JSII_PATHS.venv, wheel], { encoding: 'utf8' });
  timings.venv = (Date.now() - venvStart) / 1000;
  timings.pipInstallWheel = Number(/pip-install-seconds ([\d.]+)/.exec(out)![1]);
  mkdirSync(STAGE, { recursive: true });
  writeFileSync(JSII_PATHS.timings, JSON.stringify(timings, null, 2));
}
