import { describe, expect, it } from 'vitest';
import {
  BackoffError,
  ConfigurationError,
  MalformedBodyError,
  NonRetryableError,
  isNonRetryableError,
} from '../../../lambda/runtime';

describe('error hierarchy', () => {
  it('names each error after its class, user subclasses included', () => {
    class OrderWithoutSku extends NonRetryableError {}
    expect(new NonRetryableError('x').name).toBe('NonRetryableError');
    expect(new MalformedBodyError('x').name).toBe('MalformedBodyError');
    expect(new ConfigurationError('x').name).toBe('ConfigurationError');
    expect(new OrderWithoutSku('x').name).toBe('OrderWithoutSku');
  });

  it('derives everything from BackoffError and Error', () => {
    for (const error of [new NonRetryableError('x'), new MalformedBodyError('x'), new ConfigurationError('x')]) {
      expect(error).toBeInstanceOf(BackoffError);
      expect(error).toBeInstanceOf(Error);
    }
    expect(new MalformedBodyError('x')).toBeInstanceOf(NonRetryableError);
  });

  it('keeps a cause', () => {
    const cause = new SyntaxError('bad');
    expect(new MalformedBodyError('x', { cause }).cause).toBe(cause);
  });

  it('recognises non-retryable errors, even from another copy of the module', () => {
    // GIVEN an error branded by a second copy of the package (same global symbol)
    const foreign = Object.assign(new Error('x'), { [Symbol.for('sqs-backoff.non-retryable')]: true });
    // THEN
    expect(isNonRetryableError(new NonRetryableError('x'))).toBe(true);
    expect(isNonRetryableError(foreign)).toBe(true);
    expect(isNonRetryableError(new Error('x'))).toBe(false);
    expect(isNonRetryableError(new ConfigurationError('x'))).toBe(false);
    expect(isNonRetryableError('a string')).toBe(false);
    expect(isNonRetryableError(null)).toBe(false);
  });
});
