/**
 * `BackoffConsumer`: the factories that replace 0.1's union, the 0.1 forms still accepted with a
 * deprecation warning, and recognition of a consumer from another copy of the package.
 */
import { Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { BackoffConsumer, BackoffQueue, BackoffQueueProps, BackoffValidationError } from '../../../lib';
import { FIXTURE_ENTRY, SYNTH_TIMEOUT_MS, newStack, onlyLogicalIdOf } from '../../helpers/stack';
import { Template } from 'aws-cdk-lib/assertions';

const PATH = '/TestStack/Orders';
const DEPRECATED = (factory: string) => Match.stringLikeRegexp(`consumer as a plain object or function is deprecated.*write consumer: ${factory}.*\\[ack: sqs-backoff:deprecatedConsumerForm\\]`);

const inlineFunction = (stack: ReturnType<typeof newStack>) =>
  new lambda.Function(stack, 'UsersFunction', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
    timeout: Duration.seconds(20),
  });

/** A 0.1 `consumer` form, passed as JavaScript would: the prop's type is the class now. */
function synthLegacy(consumer: unknown, stack = newStack()) {
  new BackoffQueue(stack, 'Orders', { consumer } as unknown as BackoffQueueProps);
  return { template: Template.fromStack(stack), annotations: Annotations.fromStack(stack) };
}

describe('BackoffConsumer factories', () => {
  it('nodejs: builds a NodejsFunction from the entry', () => {
    // GIVEN BackoffConsumer.nodejs WHEN it is the consumer
    const stack = newStack();
    new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY, memorySize: 512 }) });
    // THEN one Node.js function with its props, and no deprecation warning
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({ Runtime: 'nodejs22.x', MemorySize: 512 }));
    Annotations.fromStack(stack).hasNoWarning(PATH, Match.stringLikeRegexp('deprecatedConsumerForm'));
  }, SYNTH_TIMEOUT_MS);

  it('fromFunction: connects the given function with the event-source options', () => {
    const stack = newStack();
    const fn = inlineFunction(stack);
    const backoff = new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.fromFunction(fn, { batchSize: 4 }) });
    expect(backoff.consumer).toBe(fn);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', Match.objectLike({
      BatchSize: 4,
      FunctionName: { Ref: onlyLogicalIdOf(template, 'AWS::Lambda::Function') },
    }));
  });

  it('fromFunction: without options, the event source gets the default batch size', () => {
    const stack = newStack();
    new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.fromFunction(inlineFunction(stack)) });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', Match.objectLike({ BatchSize: 10 }));
  });

  it('isBackoffConsumer: recognises a consumer by its mark, not its class, as one from another copy of the package', () => {
    const consumer = BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY });
    const foreign = Object.setPrototypeOf(consumer, Object.prototype) as unknown;
    expect(foreign instanceof BackoffConsumer).toBe(false);
    expect(BackoffConsumer.isBackoffConsumer(foreign)).toBe(true);
    expect(BackoffConsumer.isBackoffConsumer({ entry: FIXTURE_ENTRY })).toBe(false);
  });
});

describe('0.1 consumer forms', () => {
  it('{ entry } still builds the consumer, with a warning naming BackoffConsumer.nodejs', () => {
    const { template, annotations } = synthLegacy({ entry: FIXTURE_ENTRY, timeout: Duration.seconds(10) });
    template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({ Runtime: 'nodejs22.x', Timeout: 10 }));
    annotations.hasWarning(PATH, DEPRECATED('BackoffConsumer\\.nodejs'));
  }, SYNTH_TIMEOUT_MS);

  it('{ function, batchSize } still connects the function, with a warning naming BackoffConsumer.fromFunction', () => {
    const stack = newStack();
    const { template, annotations } = synthLegacy({ function: inlineFunction(stack), batchSize: 3 }, stack);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', Match.objectLike({ BatchSize: 3 }));
    annotations.hasWarning(PATH, DEPRECATED('BackoffConsumer\\.fromFunction\\(fn, \\{ batchSize'));
  });

  it('a bare function still is the consumer, with a warning naming BackoffConsumer.fromFunction(fn)', () => {
    const stack = newStack();
    const { template, annotations } = synthLegacy(inlineFunction(stack), stack);
    template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({
      Environment: { Variables: Match.objectLike({ BACKOFF_MAX_ATTEMPTS: '5' }) },
    }));
    annotations.hasWarning(PATH, DEPRECATED('BackoffConsumer\\.fromFunction\\(fn\\)'));
  });

  it('anything else is a BackoffValidationError naming the factories and what was given', () => {
    const build = () => synthLegacy({ handler: 'index.handler' });
    expect(build).toThrow(BackoffValidationError);
    expect(build).toThrow(
      'consumer must be a BackoffConsumer made by BackoffConsumer.nodejs, BackoffConsumer.python or BackoffConsumer.fromFunction (given an object with handler)',
    );
  });
});
