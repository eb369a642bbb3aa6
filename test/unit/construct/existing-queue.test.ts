/**
 * An existing work queue: the dead-letter queue's AwsSolutions-SQS3 finding is acknowledged, and
 * an imported queue without its key is warned about, pointing at `fromQueueAttributes`.
 */
import { Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { SYNTH_TIMEOUT_MS, buildBackoffQueue, grantsOf, newStack, roleOf, onlyLogicalIdOf } from '../../helpers/stack';

const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:orders';
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const WARNING = 'sqs-backoff:imported-queue-without-key';

describe('an existing work queue', () => {
  it('acknowledges AwsSolutions-SQS3 on the dead-letter queue, which the existing queue redrives to from outside', () => {
    const stack = newStack();
    const backoff = buildBackoffQueue({ queue: sqs.Queue.fromQueueArn(stack, 'Existing', QUEUE_ARN) }, stack);
    const acknowledged = backoff.deadLetterQueue.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.keys(entry.data as object));
    // aws-cdk-lib 2.252 records it twice (bare and qualified), 2.276 once.
    expect(acknowledged.filter((rule) => rule.endsWith('AwsSolutions-SQS3')).length).toBeGreaterThanOrEqual(1);
  });

  it('warns when an imported queue names no key, pointing at fromQueueAttributes({ queueArn, keyArn })', () => {
    const stack = newStack();
    buildBackoffQueue({ queue: sqs.Queue.fromQueueArn(stack, 'Existing', QUEUE_ARN) }, stack);
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Orders',
      Match.stringLikeRegexp(`fromQueueAttributes\\(this, id, \\{ queueArn, keyArn \\}\\).*\\[ack: ${WARNING}\\]`),
    );
  });

  it('does not warn for a queue of this app, whose encryption is known', () => {
    const stack = newStack();
    buildBackoffQueue({ queue: new sqs.Queue(stack, 'Existing') }, stack);
    Annotations.fromStack(stack).hasNoWarning('/TestStack/Orders', Match.stringLikeRegexp(WARNING));
  });

  it('grants kms:Decrypt and kms:GenerateDataKey on the key of a queue imported with its keyArn, and does not warn', () => {
    // GIVEN an SSE-KMS queue imported with its key
    const stack = newStack();
    const queue = sqs.Queue.fromQueueAttributes(stack, 'Existing', { queueArn: QUEUE_ARN, keyArn: KEY_ARN });
    buildBackoffQueue({ queue }, stack);
    const template = Template.fromStack(stack);
    // THEN the consumer can decrypt what it receives and the state machine can requeue onto it
    const consumerRole = roleOf(template, 'AWS::Lambda::Function', onlyLogicalIdOf(template, 'AWS::Lambda::Function'));
    const machineRole = roleOf(template, 'AWS::StepFunctions::StateMachine', onlyLogicalIdOf(template, 'AWS::StepFunctions::StateMachine'));
    const onKey = (role: string) =>
      grantsOf(template, role)
        .filter((grant) => grant.resources.includes(KEY_ARN))
        .flatMap((grant) => grant.actions);
    expect(onKey(consumerRole)).toContain('kms:Decrypt');
    expect(new Set(onKey(machineRole))).toEqual(new Set(['kms:GenerateDataKey', 'kms:Decrypt']));
    Annotations.fromStack(stack).hasNoWarning('/TestStack/Orders', Match.stringLikeRegexp(WARNING));
  }, SYNTH_TIMEOUT_MS);
});
