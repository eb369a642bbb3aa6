import { expect } from 'vitest';
import { ENV } from '../../lambda/contract';
import { ConfigurationError } from '../../lambda/runtime';

/** A complete consumer environment as the construct sets it for a standard queue (no transport named). */
export const CONSUMER_ENVIRONMENT: Readonly<Record<string, string>> = Object.freeze({
  [ENV.policy]: '{"kind":"exponential","base":2,"cap":300}',
  [ENV.maxAttempts]: '5',
  [ENV.maxReceiveCount]: '10',
  [ENV.queueUrl]: 'https://sqs.us-east-1.amazonaws.com/123456789012/work',
  [ENV.deadLetterQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/123456789012/work-dlq',
  [ENV.stateMachineArn]: 'arn:aws:states:us-east-1:123456789012:stateMachine:retry',
});

/** The `ConfigurationError` `run` throws; fails the test when it throws nothing or something else. */
export function configurationErrorOf(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}
