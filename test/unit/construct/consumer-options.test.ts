/**
 * The built consumer's runtime (Node.js 22 by default, 24 allowed) and tracing (active by
 * default), and the customer managed key for the log groups.
 */
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { BackoffConsumer, BackoffValidationError, NodejsConsumerProps } from '../../../lib';
import { FIXTURE_ENTRY, SYNTH_TIMEOUT_MS, buildBackoffQueue, newStack, onlyLogicalIdOf, synthBackoffQueue } from '../../helpers/stack';

const consumer = (props: Partial<NodejsConsumerProps>) => ({ consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY, ...props }) });

describe('consumer.runtime', () => {
  it('defaults to nodejs22.x', () => {
    synthBackoffQueue().template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x' });
  }, SYNTH_TIMEOUT_MS);

  it('takes nodejs24.x', () => {
    synthBackoffQueue(consumer({ runtime: lambda.Runtime.NODEJS_24_X })).template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
    });
  }, SYNTH_TIMEOUT_MS);

  it('rejects a runtime the consumer runtime is not tested on', () => {
    const build = () => buildBackoffQueue(consumer({ runtime: lambda.Runtime.NODEJS_20_X }));
    expect(build).toThrow(BackoffValidationError);
    expect(build).toThrow('consumer.runtime must be one of nodejs22.x, nodejs24.x (given nodejs20.x)');
  });
});

describe('consumer.tracing', () => {
  it('defaults to active X-Ray tracing, so the consumer joins the state machine traces', () => {
    const { template } = synthBackoffQueue();
    template.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { TracingConfiguration: { Enabled: true } });
  }, SYNTH_TIMEOUT_MS);

  it('can be turned off', () => {
    const { template } = synthBackoffQueue(consumer({ tracing: lambda.Tracing.DISABLED }));
    template.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: Match.absent() });
  }, SYNTH_TIMEOUT_MS);
});

describe('logGroupEncryptionKey', () => {
  let template: Template;
  let key: string;

  beforeAll(() => {
    const stack = newStack();
    const logGroupEncryptionKey = new kms.Key(stack, 'LogKey', { enableKeyRotation: true });
    ({ template } = synthBackoffQueue({ logGroupEncryptionKey }, stack));
    key = onlyLogicalIdOf(template, 'AWS::KMS::Key');
  }, SYNTH_TIMEOUT_MS);

  it('encrypts the log groups of the consumer and the state machine with the key', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(2);
    for (const group of groups) expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [key, 'Arn'] });
  });

  it('lets CloudWatch Logs of the region use the key for this account\'s log groups, without wildcard actions', () => {
    const statements = template.toJSON().Resources[key].Properties.KeyPolicy.Statement as Array<Record<string, any>>;
    const logs = statements.filter((statement) => JSON.stringify(statement.Principal ?? {}).includes('logs.us-east-1.amazonaws.com'));
    expect(logs).toHaveLength(1);
    expect(logs[0].Action).toEqual(expect.arrayContaining(['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey']));
    expect((logs[0].Action as string[]).filter((action) => action.includes('*'))).toEqual([]);
    expect(JSON.stringify(logs[0].Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'])).toContain('log-group:*');
  });

  it('warns that an imported key needs the CloudWatch Logs statement from its owner', () => {
    const stack = newStack();
    const logGroupEncryptionKey = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    buildBackoffQueue({ logGroupEncryptionKey }, stack);
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Orders',
      Match.stringLikeRegexp('logGroupEncryptionKey is imported.*allow logs.<region>.amazonaws.com.*\\[ack: sqs-backoff:log-key-policy-not-set\\]'),
    );
  });
});
