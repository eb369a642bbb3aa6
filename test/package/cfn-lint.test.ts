/**
 * cfn-lint (pinned, installed into .venv-lint by scripts/checks/installCfnLint.sh) over the
 * templates of the six configurations: 0 errors; a template built to break CloudFormation's
 * limits proves the linter is live. The docs' configuration matrix must equal what the checkers
 * find now.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckCounts, cfnLint, countChecks, installCfnLint } from '../../scripts/checks/checkCounts';
import { CHECKS_DOC, checksTable, withTable } from '../../scripts/checks/checksTable';
import { CONFIGURATIONS } from '../../scripts/checks/matrix';

let rows: CheckCounts[];

beforeAll(() => {
  installCfnLint();
  rows = countChecks();
}, 600_000);

describe('cfn-lint', () => {
  it.each(CONFIGURATIONS.map((configuration) => configuration.name))('finds no error in the %s template', (name) => {
    const row = rows.find((candidate) => candidate.configuration.name === name)!;
    expect(row.resources).toBeGreaterThan(10);
    expect(row.cfnLintErrors).toBe(0);
  });

  it('reports the errors of a template built to break CloudFormation limits (the check is live)', () => {
    const matches = cfnLint([path.join(__dirname, '..', 'fixtures', 'cfn-lint-control.template.json')]);
    const errors = matches.filter((match) => match.Level === 'Error').map((match) => match.Message);
    expect(errors.some((message) => message.includes('50000'))).toBe(true);
    expect(errors.some((message) => message.includes('nodejs99.x'))).toBe(true);
  });
});

describe('docs/checks.md', () => {
  it('shows the configuration matrix with the counts the checkers give now (npm run docs:checks)', () => {
    const doc = fs.readFileSync(CHECKS_DOC, 'utf8');
    expect(doc).toBe(withTable(doc, checksTable(rows)));
  });

  it('counts nothing unacknowledged by either cdk-nag pack', () => {
    expect(rows.map((row) => [row.configuration.name, row.awsSolutions, row.serverless])).toEqual(
      CONFIGURATIONS.map((configuration) => [configuration.name, 0, 0]),
    );
  });
});
