/**
 * Runs the three independent checkers over the configurations of matrix.ts and counts what they
 * find: cdk-nag AwsSolutions and ServerlessChecks (unacknowledged findings, and the
 * acknowledgements in place, the construct's and the user's), and cfn-lint over the synthesized
 * templates (errors, warnings). Used by `npm run docs:checks` and by the checker test.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { CONFIGURATIONS, CheckedConfiguration, USER_CHOICE, newCheckApp, synthConfiguration } from './matrix';

const ROOT = path.join(__dirname, '..', '..');
export const CFN_LINT_INSTALL = path.join(ROOT, 'scripts', 'checks', 'installCfnLint.sh');
export const CFN_LINT = path.join(process.env.CFN_LINT_VENV ?? path.join(ROOT, '.venv-lint'), 'bin', 'cfn-lint');

export interface CheckCounts {
  readonly configuration: CheckedConfiguration;
  readonly resources: number;
  readonly awsSolutions: number;
  readonly serverless: number;
  readonly acknowledgedByConstruct: number;
  readonly usersChoice: number;
  readonly cfnLintErrors: number;
  readonly cfnLintWarnings: number;
}

export interface CfnLintMatch {
  readonly Level: string;
  readonly Rule: { readonly Id: string };
  readonly Message: string;
  readonly Filename: string;
}

/** Installs the pinned cfn-lint when missing; fails loudly when it cannot. */
export function installCfnLint(): void {
  const result = spawnSync('bash', [CFN_LINT_INSTALL], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`installing cfn-lint failed:\n${result.stdout}${result.stderr}`);
}

export function cfnLintVersion(): string {
  return spawnSync('bash', [CFN_LINT_INSTALL, '--print-version'], { encoding: 'utf8' }).stdout.trim();
}

/** cfn-lint's findings for the templates; it exits non-zero when it finds any, so only a crash fails here. */
export function cfnLint(templates: string[]): CfnLintMatch[] {
  const result = spawnSync(CFN_LINT, ['--format', 'json', '--', ...templates], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined || result.stdout.trim() === '') {
    throw new Error(`cfn-lint did not run (${CFN_LINT}): ${result.error ?? result.stderr}`);
  }
  return JSON.parse(result.stdout) as CfnLintMatch[];
}

function nagFindings(Pack: typeof AwsSolutionsChecks | typeof ServerlessChecks, scope: IConstruct): number {
  return new Pack(scope.node.root).validateScope(scope).violations.length;
}

function acknowledgementReasons(root: IConstruct): string[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.values(entry.data as Record<string, string>)),
  );
}

export function countChecks(): CheckCounts[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqs-backoff-checks-'));
  try {
    const app = newCheckApp(outdir);
    const stacks = CONFIGURATIONS.map((configuration) => synthConfiguration(configuration, app));
    app.synth();
    const templates = stacks.map((stack) => path.join(outdir, stack.templateFile));
    const lint = cfnLint(templates);
    return stacks.map((stack, index) => {
      const template = JSON.parse(fs.readFileSync(templates[index], 'utf8'));
      const reasons = acknowledgementReasons(stack);
      const mine = lint.filter((match) => path.resolve(match.Filename) === path.resolve(templates[index]));
      return {
        configuration: CONFIGURATIONS[index],
        resources: Object.keys(template.Resources).length,
        awsSolutions: nagFindings(AwsSolutionsChecks, stack),
        serverless: nagFindings(ServerlessChecks, stack),
        acknowledgedByConstruct: reasons.filter((reason) => !reason.startsWith(USER_CHOICE)).length,
        usersChoice: reasons.filter((reason) => reason.startsWith(USER_CHOICE)).length,
        cfnLintErrors: mine.filter((match) => match.Level === 'Error').length,
        cfnLintWarnings: mine.filter((match) => match.Level === 'Warning').length,
      };
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
