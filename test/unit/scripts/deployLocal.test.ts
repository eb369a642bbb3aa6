/** deploy:local's own decisions (issue 12 items 6, 7, 8, 10), without deploying anything. */
import { describe, expect, it } from 'vitest';
import { appError, libraryWarnings, parseContextArgs, stackToDeploy } from '../../../scripts/deployLocal';
import { DEMO_CONTEXT_KEYS, unknownContextKeyProblems } from '../../../bin/demo-context-keys';

describe('deploy:local', () => {
  it('deploys the stack that stackName= names (the documented key), else SqsBackoffDemo', () => {
    expect(stackToDeploy(parseContextArgs(['stackName=OtherDemo', 'base=2']))).toBe('OtherDemo');
    expect(stackToDeploy(parseContextArgs(['-c', 'stackName=Third']))).toBe('Third');
    expect(stackToDeploy(parseContextArgs(['base=2']))).toBe('SqsBackoffDemo');
    expect(stackToDeploy(parseContextArgs(['stackName=OtherDemo']), 'Explicit')).toBe('Explicit');
  });

  it('shows the example app\'s bad-context line alone, without the CDK CLI around it', () => {
    const output = [
      'BackoffValidationError: context maxAttempts: maxAttempts must be between 1 and 100 (given 0)',
      '',
      'Subprocess exited with error 1',
    ].join('\n');
    expect(appError(output)).toBe('BackoffValidationError: context maxAttempts: maxAttempts must be between 1 and 100 (given 0)');
    expect(appError('Error: something else\n    at x (y.ts:1:1)')).toBeUndefined();
  });

  it('passes on the library\'s synth warnings, once each', () => {
    const line = '[Warning at /SqsBackoffDemo/Demo] policy: the wait after failure 1 is always 0 s: a hot loop [ack: sqs-backoff:zeroWait]';
    expect(libraryWarnings(`${line}\n${line}\n[Warning at /X] other [ack: @aws-cdk/core:thing]`)).toEqual([
      'policy: the wait after failure 1 is always 0 s: a hot loop [ack: sqs-backoff:zeroWait]',
    ]);
  });

  it('rejects an unknown key naming the closest known key and every known key', () => {
    expect(unknownContextKeyProblems(['maxAtempts'])).toEqual([
      `unknown context key "maxAtempts" — did you mean maxAttempts? (known keys: ${DEMO_CONTEXT_KEYS.join(', ')})`,
    ]);
    expect(unknownContextKeyProblems(['zzzzzz'])[0]).toMatch(/^unknown context key "zzzzzz" \(known keys: /);
  });

  it('knows the keys the transports add, and lets the CDK\'s own keys through', () => {
    expect(unknownContextKeyProblems(['transport', 'fifo', 'consumer', 'stackName', 'policy'])).toEqual([]);
    expect(unknownContextKeyProblems(['@aws-cdk/core:target-partitions', 'aws:cdk:enable-path-metadata', 'availability-zones:account=1:region=x'])).toEqual([]);
  });
});
