/** The demo's "which transport carried this retry", read from the stack outputs. */
import { describe, expect, it } from 'vitest';
import { retryCarrier } from '../../../scripts/demo/retryCarrier';

describe('retryCarrier', () => {
  it.each(['step-functions', 'visibility-timeout', 'sqs-delay'])('names the %s transport from the Transport output', (transport) => {
    expect(retryCarrier({ Transport: transport }, 5)).toBe(transport);
  });

  it('reads a stack without a Transport output (older than the transports) as step-functions', () => {
    expect(retryCarrier({})).toBe('step-functions');
  });

  it('splits auto at 900 s: sqs-delay up to it, step-functions past it', () => {
    expect(retryCarrier({ Transport: 'auto' }, 900)).toBe('sqs-delay');
    expect(retryCarrier({ Transport: 'auto' }, 901)).toBe('step-functions');
    expect(retryCarrier({ Transport: 'auto' })).toBe('auto (sqs-delay up to 900 s, step-functions beyond)');
  });
});
