/**
 * Constructs a user hands in are recognised by what they are, not by `instanceof` (which fails
 * across two copies of aws-cdk-lib; the package test proves that case with a real second copy).
 */
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { isOwnedFunction, isOwnedQueue } from '../../../lib/construct-identity';
import { newStack } from '../../helpers/stack';

const inline = (stack: Stack) =>
  new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });

describe('isOwnedFunction', () => {
  it('accepts a lambda.Function of this app', () => {
    expect(isOwnedFunction(inline(newStack()))).toBe(true);
  });

  it('rejects an imported function, which cannot take environment variables', () => {
    expect(isOwnedFunction(lambda.Function.fromFunctionName(newStack(), 'Imported', 'orders'))).toBe(false);
  });

  it('accepts a function whose class is not this copy\'s lambda.Function, as one from another aws-cdk-lib would be', () => {
    // GIVEN a real function seen through a prototype this copy's classes do not know
    const fn = inline(newStack());
    const foreign = Object.setPrototypeOf(fn, Object.assign(Object.create(Object.getPrototypeOf(Object.prototype)), {
      addEnvironment: lambda.Function.prototype.addEnvironment,
    })) as lambda.IFunction;
    expect(foreign instanceof lambda.Function).toBe(false);
    // THEN it is still recognised
    expect(isOwnedFunction(foreign)).toBe(true);
  });
});

describe('isOwnedQueue', () => {
  it('accepts a queue of this app and rejects an imported one', () => {
    const stack = newStack();
    expect(isOwnedQueue(new sqs.Queue(stack, 'Queue'))).toBe(true);
    expect(isOwnedQueue(sqs.Queue.fromQueueArn(stack, 'Imported', 'arn:aws:sqs:us-east-1:123456789012:orders'))).toBe(false);
  });
});
