import { describe, expect, it } from 'vitest';
import { ENV } from '../../../../lambda/contract';
import { readRuntimeConfig, validateRuntimeConfig } from '../../../../lambda/runtime';
import { chooseTransport } from '../../../../lambda/runtime/transports/chooseTransport';
import { configurationErrorOf, CONSUMER_ENVIRONMENT } from '../../../helpers/consumerEnvironment';
import { FIFO_QUEUES, transportConfig } from '../../../helpers/transportConfig';

const ENVIRONMENT = CONSUMER_ENVIRONMENT;

function messageOf(run: () => unknown): string {
  return configurationErrorOf(run).message;
}

const clients = { sqs: undefined, sfn: undefined };

describe('BACKOFF_TRANSPORT and BACKOFF_VISIBILITY_FALLBACK', () => {
  it('defaults to step-functions with the visibility fallback when both are absent', () => {
    const transport = chooseTransport(readRuntimeConfig(ENVIRONMENT), clients);
    expect([transport.name, transport.retriesInPlace]).toEqual(['step-functions', true]);
  });

  it('reads each transport name', () => {
    for (const name of ['step-functions', 'visibility-timeout', 'sqs-delay', 'auto'] as const) {
      expect(readRuntimeConfig({ ...ENVIRONMENT, [ENV.transport]: name }).transport).toBe(name);
    }
  });

  it('refuses an unknown transport, naming the variable, the value and the allowed values', () => {
    expect(messageOf(() => readRuntimeConfig({ ...ENVIRONMENT, [ENV.transport]: 'carrier-pigeon' }))).toContain(
      `${ENV.transport} must be one of step-functions, visibility-timeout, sqs-delay, auto (given "carrier-pigeon")`,
    );
  });

  it('reads BACKOFF_VISIBILITY_FALLBACK=false as no fallback: Step Functions alone, no in-place retries', () => {
    const config = readRuntimeConfig({ ...ENVIRONMENT, [ENV.visibilityFallback]: 'false' });
    expect(config.visibilityFallback).toBe(false);
    expect(chooseTransport(config, clients).retriesInPlace).toBe(false);
  });

  it('refuses a BACKOFF_VISIBILITY_FALLBACK other than true or false', () => {
    expect(messageOf(() => readRuntimeConfig({ ...ENVIRONMENT, [ENV.visibilityFallback]: 'yes' }))).toContain(
      `${ENV.visibilityFallback} must be one of true, false (given "yes")`,
    );
  });

  it.each(['visibility-timeout', 'sqs-delay'])('accepts %s without a state machine ARN', (name) => {
    const { [ENV.stateMachineArn]: _none, ...withoutStateMachine } = ENVIRONMENT;
    expect(chooseTransport(readRuntimeConfig({ ...withoutStateMachine, [ENV.transport]: name }), clients).name).toBe(name);
  });

  it.each(['step-functions', 'auto'])('requires the state machine ARN for %s, naming the variable', (name) => {
    const { [ENV.stateMachineArn]: _none, ...withoutStateMachine } = ENVIRONMENT;
    expect(messageOf(() => readRuntimeConfig({ ...withoutStateMachine, [ENV.transport]: name }))).toContain(
      `${ENV.stateMachineArn} is required by transport ${name} (given undefined)`,
    );
  });

  it('refuses sqs-delay on a FIFO queue', () => {
    expect(messageOf(() => validateRuntimeConfig(transportConfig('sqs-delay', { ...FIFO_QUEUES })))).toMatch(/config.transport sqs-delay cannot delay a message of a FIFO queue/);
  });

  it('chooses visibility-timeout for auto on a FIFO queue', () => {
    expect(chooseTransport(validateRuntimeConfig(transportConfig('auto', { ...FIFO_QUEUES, stateMachineArn: undefined })), clients).name).toBe('visibility-timeout');
  });

  it.each([
    ['sqs-delay', 901, /the wait after failure 1 can reach 901 s, beyond the 900-second DelaySeconds limit of 900 s: set a cap or lower config.maxAttempts/],
    ['visibility-timeout', 42_001, /can reach 42001 s, beyond the 12-hour ChangeMessageVisibility limit of 42000 s \(SQS counts the 12 hours from the receive; 1200 s are kept for the longest batching window and Lambda timeout\): set a cap/],
  ] as const)('refuses a policy that can wait longer than %s carries', (name, seconds, message) => {
    expect(messageOf(() => validateRuntimeConfig(transportConfig(name, { delaySeconds: seconds })))).toMatch(message);
  });

  it.each([
    ['sqs-delay', 900],
    ['visibility-timeout', 42_000],
  ] as const)('accepts a policy whose longest wait is exactly what %s carries', (name, seconds) => {
    expect(validateRuntimeConfig(transportConfig(name, { delaySeconds: seconds })).transport).toBe(name);
  });
});
