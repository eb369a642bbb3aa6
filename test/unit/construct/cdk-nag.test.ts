/**
 * cdk-nag's AWS Solutions pack finds nothing unacknowledged, in a bare BackoffQueue and in the
 * example app; every acknowledgement carries its reason in the code that needs it.
 */
import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildDemoApp } from '../../../bin/demo-stack';
import { synthBackoffQueue } from '../../helpers/stack';

function violations(scope: import('constructs').IConstruct): string[] {
  const report = new AwsSolutionsChecks(scope.node.root).validateScope(scope);
  return report.violations.map((violation) => `${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

describe('cdk-nag AwsSolutions', () => {
  it('finds no unacknowledged violation in a BackoffQueue with defaults', () => {
    const { stack } = synthBackoffQueue();
    expect(violations(stack)).toEqual([]);
  });

  it('finds no unacknowledged violation in the example app', () => {
    const stack = buildDemoApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
    expect(violations(stack)).toEqual([]);
  });
});
