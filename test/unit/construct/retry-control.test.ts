/**
 * retryRules, clampRetryAfter and outageProtection: GIVEN the fixture consumer and the prop, WHEN
 * the stack synthesizes, THEN the one environment variable of each carries it (and the runtime
 * reads it back); each validation branch throws a message naming the rule and the value.
 */
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../../lambda/contract';
import { readRuntimeConfig } from '../../../lambda/runtime';
import { BackoffPolicy, RetryTransport } from '../../../lib';
import { buildBackoffQueue, synthBackoffQueue } from '../../helpers/stack';
import { CONSUMER_ENVIRONMENT } from '../../helpers/consumerEnvironment';

const consumerEnvironment = (template: Template): Record<string, string> =>
  Object.values(template.findResources('AWS::Lambda::Function'))[0].Properties.Environment.Variables;

const timeouts = { errorNames: ['TimeoutError'], policy: BackoffPolicy.fixed({ base: Duration.seconds(5) }), maxAttempts: 10 };

describe('retry control props', () => {
  it('retryRules: travel as BACKOFF_RETRY_RULES JSON that the runtime reads back', () => {
    const { template } = synthBackoffQueue({ retryRules: [timeouts] });
    const value = consumerEnvironment(template)[ENV.retryRules];
    expect(JSON.parse(value)).toEqual([{ errorNames: ['TimeoutError'], policy: { kind: 'fixed', base: 5 }, maxAttempts: 10 }]);
    expect(readRuntimeConfig({ ...CONSUMER_ENVIRONMENT, [ENV.retryRules]: value }).retryRules?.[0].maxAttempts).toBe(10);
  });

  it('retryRules: a rule allowing more attempts raises the default maxReceiveCount with visibility retries', () => {
    const { backoff } = synthBackoffQueue({ retryRules: [timeouts], maxAttempts: 3 });
    expect(backoff.maxReceiveCount).toBe(11);
  });

  it('no retry-control props: none of the three variables is set', () => {
    const env = consumerEnvironment(synthBackoffQueue().template);
    expect([ENV.retryRules, ENV.clampRetryAfter, ENV.outageProtection].filter((name) => name in env)).toEqual([]);
  });

  it('clampRetryAfter: BACKOFF_CLAMP_RETRY_AFTER=true', () => {
    expect(consumerEnvironment(synthBackoffQueue({ clampRetryAfter: true }).template)[ENV.clampRetryAfter]).toBe('true');
  });

  it('outageProtection: defaults filled in, BACKOFF_OUTAGE_PROTECTION JSON', () => {
    const { template } = synthBackoffQueue({ outageProtection: { probeInterval: Duration.minutes(2) } });
    expect(JSON.parse(consumerEnvironment(template)[ENV.outageProtection])).toEqual({ failureRate: 0.9, window: 20, probeSeconds: 120 });
  });

  it.each([
    [{ retryRules: [{ ...timeouts, errorNames: [] }] }, 'retryRules[0].errorNames must be a non-empty list of non-empty error names (given [])'],
    [{ retryRules: [{ ...timeouts, errorNames: [' '] }] }, 'retryRules[0].errorNames must be a non-empty list of non-empty error names (given [" "])'],
    [{ retryRules: [{ ...timeouts, maxAttempts: 0 }] }, 'retryRules[0].maxAttempts must be'],
    [{ retryRules: [{ ...timeouts, maxAttempts: 101 }] }, 'retryRules[0].maxAttempts must be'],
    [
      { transport: RetryTransport.sqsDelay(), retryRules: [{ ...timeouts, policy: BackoffPolicy.exponential({ base: Duration.seconds(10) }) }] },
      'retryRules[0].policy: ',
    ],
    [{ outageProtection: { failureRate: 0 } }, 'outageProtection.failureRate must be above 0 and at most 1 (given 0)'],
    [{ outageProtection: { failureRate: 1.5 } }, 'outageProtection.failureRate must be above 0 and at most 1 (given 1.5)'],
    [{ outageProtection: { window: 1 } }, 'outageProtection.window must be'],
    [{ outageProtection: { probeInterval: Duration.minutes(16) }, transport: RetryTransport.sqsDelay() }, 'outageProtection.probeInterval must be whole seconds from 1 to 900'],
    [{ outageProtection: {}, transport: RetryTransport.visibilityTimeout() }, 'outageProtection needs a transport that requeues a copy'],
    [{ retryRules: [{ ...timeouts, maxAttempts: 10 }], maxReceiveCount: 6 }, 'maxReceiveCount must be at least maxAttempts + 1 (11)'],
  ])('refuses %j', (props, message) => {
    expect(() => buildBackoffQueue(props as never)).toThrow(message);
  });
});
