import { describe, expect, it } from 'vitest';
import { ENV } from '../../../lambda/contract';
import { ConfigurationError, readRuntimeConfig, validateRuntimeConfig } from '../../../lambda/runtime';
import { TEST_CONFIG } from '../../helpers/backoffHarness';
import { configurationErrorOf, CONSUMER_ENVIRONMENT } from '../../helpers/consumerEnvironment';

const VALID_ENV = CONSUMER_ENVIRONMENT;

function errorOf(env: Record<string, string | undefined>): ConfigurationError {
  return configurationErrorOf(() => readRuntimeConfig(env));
}

describe('readRuntimeConfig', () => {
  it('reads a complete environment', () => {
    expect(readRuntimeConfig(VALID_ENV)).toEqual({
      policy: { kind: 'exponential', base: 2, cap: 300 },
      maxAttempts: 5,
      maxElapsedSeconds: undefined,
      maxReceiveCount: 10,
      queueUrl: VALID_ENV[ENV.queueUrl],
      deadLetterQueueUrl: VALID_ENV[ENV.deadLetterQueueUrl],
      stateMachineArn: VALID_ENV[ENV.stateMachineArn],
    });
  });

  it('reads the optional maxElapsedSeconds and emulator URLs', () => {
    const config = readRuntimeConfig({
      ...VALID_ENV,
      [ENV.maxElapsedSeconds]: '3600',
      [ENV.queueUrl]: 'http://localhost.localstack.cloud:4566/000000000000/work',
      [ENV.stateMachineArn]: 'arn:aws:states:us-east-1:000000000000:stateMachine:Retry-abc_123',
    });
    expect(config.maxElapsedSeconds).toBe(3600);
    expect(config.queueUrl).toBe('http://localhost.localstack.cloud:4566/000000000000/work');
  });

  const optional: string[] = [ENV.maxElapsedSeconds, ENV.maxMessageBytes, ENV.deadLetterMaxMessageBytes, ENV.stateMachineArn, ENV.transport, ENV.visibilityFallback, ENV.metricsNamespace, ENV.retryRules, ENV.clampRetryAfter, ENV.outageProtection];
  it.each(Object.values(ENV).filter((name) => !optional.includes(name)))('names the missing variable %s', (name) => {
    const env = { ...VALID_ENV, [name]: undefined };
    expect(errorOf(env).message).toContain(`${name} is required (given undefined)`);
  });

  it.each([
    [ENV.maxAttempts, 'five', `${ENV.maxAttempts} must be a number (given "five")`],
    [ENV.metricsNamespace, 'AWS/SQS', `${ENV.metricsNamespace} must not start with AWS/ (reserved for AWS services) (given "AWS/SQS")`],
    [ENV.metricsNamespace, 'N'.repeat(256), `${ENV.metricsNamespace} must be 1 to 255 characters`],
    [ENV.maxAttempts, '0', `${ENV.maxAttempts} must be a whole number from 1 to 100 (given 0)`],
    [ENV.maxAttempts, '2.5', `${ENV.maxAttempts} must be a whole number from 1 to 100 (given 2.5)`],
    [ENV.maxReceiveCount, '0', `${ENV.maxReceiveCount} must be a whole number from 1 to 1000 (given 0)`],
    [ENV.maxElapsedSeconds, '-5', `${ENV.maxElapsedSeconds} must be a number of seconds > 0 (given -5)`],
    [ENV.policy, '{kind:', `${ENV.policy} must be a JSON policy spec (given "{kind:")`],
    [ENV.policy, '{"kind":"exponential","base":-1}', `${ENV.policy}: base must be between 0 and 31536000 seconds (one year) (given -1)`],
    [ENV.policy, '{"kind":"sometimes"}', `${ENV.policy}: policy.kind must be one of`],
    [ENV.queueUrl, 'work-queue', `${ENV.queueUrl} must be an http(s) queue URL (given "work-queue")`],
    [ENV.deadLetterQueueUrl, 'ftp://x/y', `${ENV.deadLetterQueueUrl} must be an http(s) queue URL (given "ftp://x/y")`],
    [ENV.stateMachineArn, 'arn:aws:sqs:us-east-1:1:q', `${ENV.stateMachineArn} must be a state machine ARN`],
  ])('rejects %s=%s naming the variable and the value', (name, value, expected) => {
    expect(errorOf({ ...VALID_ENV, [name]: value }).message).toContain(expected);
  });

  it('lists every problem at once', () => {
    const message = errorOf({ ...VALID_ENV, [ENV.maxAttempts]: '0', [ENV.queueUrl]: 'nope' }).message;
    expect(message).toContain(ENV.maxAttempts);
    expect(message).toContain(ENV.queueUrl);
  });

  it('rejects a policy that could wait longer than a Step Functions execution may run', () => {
    // GIVEN an uncapped exponential policy and 40 attempts (2·2³⁹ s is far beyond a year)
    const message = errorOf({ ...VALID_ENV, [ENV.policy]: '{"kind":"exponential","base":2}', [ENV.maxAttempts]: '40' }).message;
    // THEN
    expect(message).toMatch(/BACKOFF_POLICY \(transport step-functions\): the wait after failure \d+ can reach \d+ s, beyond the one-year Step Functions limit .* \(given BACKOFF_MAX_ATTEMPTS 40\)/);
  });

  it('accepts the same uncapped policy with few attempts', () => {
    expect(() => readRuntimeConfig({ ...VALID_ENV, [ENV.policy]: '{"kind":"exponential","base":2}', [ENV.maxAttempts]: '8' })).not.toThrow();
  });
});

describe('validateRuntimeConfig', () => {
  it('returns a valid configuration unchanged', () => {
    expect(validateRuntimeConfig(TEST_CONFIG)).toBe(TEST_CONFIG);
  });

  it('names settings given in code as config.<key>', () => {
    expect(() => validateRuntimeConfig({ ...TEST_CONFIG, maxReceiveCount: 0 })).toThrow(
      /config\.maxReceiveCount must be a whole number from 1 to 1000 \(given 0\)/,
    );
  });
});
