/**
 * docs/checks.md's configuration matrix, generated from what the checkers find so that it cannot
 * drift: `npm run docs:checks` rewrites the table between its markers; the checker test in
 * test/package/ fails when the file is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withMarkedSection } from '../docs/markedSection';
import { CheckCounts, cfnLintVersion, countChecks, installCfnLint } from './checkCounts';

export const CHECKS_DOC = path.join(__dirname, '..', '..', 'docs', 'checks.md');
export const START = '<!-- checks-table:start -->';
export const END = '<!-- checks-table:end -->';

export function checksTable(rows: readonly CheckCounts[]): string {
  const header = [
    '| configuration | what it sets | resources | AwsSolutions unacknowledged | ServerlessChecks unacknowledged | acknowledged by the construct | acknowledged as the user\'s choice | cfn-lint errors | cfn-lint warnings |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const lines = rows.map((row) =>
    `| ${row.configuration.name} | ${row.configuration.description} | ${row.resources} | ${row.awsSolutions} | ${row.serverless} | ${row.acknowledgedByConstruct} | ${row.usersChoice} | ${row.cfnLintErrors} | ${row.cfnLintWarnings} |`,
  );
  return [...header, ...lines, '', `cdk-nag ${cdkNagVersion()}, cfn-lint ${cfnLintVersion()}.`].join('\n');
}

function cdkNagVersion(): string {
  return JSON.parse(fs.readFileSync(require.resolve('cdk-nag/package.json'), 'utf8')).version;
}

/** The doc with its table replaced by `table`. */
export function withTable(doc: string, table: string): string {
  return withMarkedSection(doc, CHECKS_DOC, START, END, table);
}

if (require.main === module) {
  installCfnLint();
  const doc = fs.readFileSync(CHECKS_DOC, 'utf8');
  fs.writeFileSync(CHECKS_DOC, withTable(doc, checksTable(countChecks())));
  console.log(`wrote ${path.relative(process.cwd(), CHECKS_DOC)}`);
}
