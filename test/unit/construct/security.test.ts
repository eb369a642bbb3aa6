/**
 * Security sweeps over whole templates, so that a queue or a grant added later cannot slip past
 * the per-resource tests: every queue encrypted at rest and TLS-only (SSE-SQS by default, the
 * customer key when given, FIFO too, the example app's processed queue included), no `*` action
 * granted anywhere in the example app, and every cdk-nag acknowledgement carrying its reason.
 * (The emulator enforces none of this: docs/emulator.md.)
 */
import { App, CfnResource, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoApp } from '../../../bin/demo-stack';
import {
  SYNTH_TIMEOUT_MS,
  asList,
  buildBackoffQueue,
  iamStatements,
  newStack,
  onlyLogicalIdOf,
  synthBackoffQueue,
} from '../../helpers/stack';

function demoApp(): ReturnType<typeof buildDemoApp> {
  return buildDemoApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
}

/** Every queue's logical ID. */
function queuesOf(template: Template): string[] {
  return Object.keys(template.findResources('AWS::SQS::Queue'));
}

/** THEN the queue's policy denies every SQS action to everyone over plain HTTP. */
function expectTlsOnly(template: Template, queue: string): void {
  template.hasResourceProperties('AWS::SQS::QueuePolicy', {
    Queues: [{ Ref: queue }],
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sqs:*',
          Resource: { 'Fn::GetAtt': [queue, 'Arn'] },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    },
  });
}

function wildcardActions(template: Template): string[] {
  return iamStatements(template)
    .flatMap((statement) => asList(statement.Action))
    .filter((action) => action.includes('*'));
}

describe('every queue is encrypted at rest and TLS-only', () => {
  it('in the example app: work queue, dead-letter queue and processed queue use SSE-SQS and deny plain HTTP', () => {
    // GIVEN the example app with its default context
    const template = Template.fromStack(demoApp());
    // WHEN / THEN each of its three queues is encrypted by SQS and refuses non-TLS requests
    const queues = queuesOf(template);
    expect(queues).toHaveLength(3);
    for (const queue of queues) {
      expect(template.toJSON().Resources[queue].Properties.SqsManagedSseEnabled).toBe(true);
      expectTlsOnly(template, queue);
    }
  }, SYNTH_TIMEOUT_MS);

  it('with a customer managed key: both queues use that key and still deny plain HTTP', () => {
    // GIVEN a BackoffQueue with a customer managed key
    const stack = newStack();
    const encryptionKey = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const { template } = synthBackoffQueue({ encryptionKey }, stack);
    const key = onlyLogicalIdOf(template, 'AWS::KMS::Key');
    // THEN both queues name the key, not SSE-SQS, and keep the TLS-only policy
    const queues = queuesOf(template);
    expect(queues).toHaveLength(2);
    for (const queue of queues) {
      const properties = template.toJSON().Resources[queue].Properties;
      expect(properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [key, 'Arn'] });
      expect(properties.SqsManagedSseEnabled).toBeUndefined();
      expectTlsOnly(template, queue);
    }
  }, SYNTH_TIMEOUT_MS);

  it('with FIFO queues: both queues use SSE-SQS and deny plain HTTP', () => {
    // GIVEN a FIFO BackoffQueue
    const { template } = synthBackoffQueue({ queueProps: { fifo: true } });
    // THEN both queues are FIFO, encrypted and TLS-only
    const queues = queuesOf(template);
    expect(queues).toHaveLength(2);
    for (const queue of queues) {
      const properties = template.toJSON().Resources[queue].Properties;
      expect(properties).toMatchObject({ FifoQueue: true, SqsManagedSseEnabled: true });
      expectTlsOnly(template, queue);
    }
  }, SYNTH_TIMEOUT_MS);
});

describe('least privilege across the example app', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(demoApp());
  }, SYNTH_TIMEOUT_MS);

  it('grants no `*` or `service:*` action in any identity policy, including the processed-queue grant', () => {
    expect(iamStatements(template).length).toBeGreaterThan(0);
    expect(wildcardActions(template)).toEqual([]);
  });

  it('has only Allow statements in identity policies', () => {
    expect(iamStatements(template).filter((statement) => statement.Effect !== 'Allow')).toEqual([]);
  });

  it('lets the sweep see a wildcard when there is one (the check is live)', () => {
    // GIVEN a stack where a queue grants every SQS action
    const stack = newStack();
    const backoff = buildBackoffQueue({}, stack);
    backoff.queue.grant(backoff.consumer, 'sqs:*');
    // THEN the sweep reports it
    expect(wildcardActions(Template.fromStack(stack))).toEqual(['sqs:*']);
  }, SYNTH_TIMEOUT_MS);
});

/** Every acknowledgement recorded with `Validations.of(x).acknowledge()` in a construct tree. */
function acknowledgementsOf(root: IConstruct): Array<{ path: string; rule: string; reason: unknown }> {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, unknown>).map(([rule, reason]) => ({ path: construct.node.path, rule, reason })),
      ),
  );
}

/** cdk-nag's older suppression mechanism: `cdk_nag.rules_to_suppress` in resource metadata. */
function nagSuppressionsOf(root: IConstruct): Array<{ path: string; id: unknown; reason: unknown }> {
  return root.node.findAll().flatMap((construct) => {
    const cfn = (construct as { cfnOptions?: { metadata?: Record<string, any> } }).cfnOptions;
    const rules: Array<{ id?: unknown; reason?: unknown }> = cfn?.metadata?.cdk_nag?.rules_to_suppress ?? [];
    return rules.map((rule) => ({ path: construct.node.path, id: rule.id, reason: rule.reason }));
  });
}

describe('cdk-nag acknowledgements in the example app', () => {
  it('each names an AwsSolutions or ServerlessChecks rule and gives a reason of at least a sentence', () => {
    // GIVEN the example app, which AwsSolutionsChecks finds clean (cdk-nag.test.ts)
    const stack = demoApp();
    // WHEN its acknowledgements are collected
    const acknowledgements = acknowledgementsOf(stack);
    // THEN exactly these rules are acknowledged, each where it applies, each with a reason
    // (The mapping's ID ends in the queue's unique ID, a hash: left out.)
    expect(acknowledgements.map(({ path, rule }) => `${rule} at ${path.replace(/SqsEventSource:.*$/, 'SqsEventSource')}`).sort()).toEqual([
      'Annotation::AwsSolutions-IAM5[Resource::*] at SqsBackoffDemo/Demo/ConsumerRole',
      'Annotation::AwsSolutions-IAM5[Resource::*] at SqsBackoffDemo/Demo/RetryStateMachine/Resource/Role',
      'Annotation::AwsSolutions-L1 at SqsBackoffDemo/Demo/Consumer',
      'Annotation::AwsSolutions-SQS3 at SqsBackoffDemo/ProcessedQueue',
      'Annotation::Serverless-LambdaDLQ at SqsBackoffDemo/Demo/Consumer',
      'Annotation::Serverless-LambdaEventSourceMappingDestination at SqsBackoffDemo/Demo/Consumer/SqsEventSource',
      'Annotation::Serverless-LambdaLatestVersion at SqsBackoffDemo/Demo/Consumer',
      'Annotation::Serverless-SQSRedrivePolicy at SqsBackoffDemo/Demo/DeadLetterQueue',
    ]);
    for (const { reason } of acknowledgements) {
      expect(typeof reason).toBe('string');
      expect((reason as string).trim().length).toBeGreaterThanOrEqual(40);
    }
  }, SYNTH_TIMEOUT_MS);

  it('carries no cdk-nag v2 rules_to_suppress metadata: every exception is an acknowledgement listed above', () => {
    // GIVEN the example app WHEN cdk-nag's own suppression metadata is collected THEN there is none
    expect(nagSuppressionsOf(demoApp())).toEqual([]);
  }, SYNTH_TIMEOUT_MS);

  it('would see rules_to_suppress metadata, so "none" above means none', () => {
    // GIVEN a queue carrying a cdk-nag v2 style suppression (cdk-nag 3 has no NagSuppressions;
    // its WriteNagSuppressionsToCloudFormationAspect still writes this shape)
    const stack = newStack();
    const queue = new sqs.Queue(stack, 'Suppressed');
    (queue.node.defaultChild as CfnResource).addMetadata('cdk_nag', {
      rules_to_suppress: [{ id: 'AwsSolutions-SQS3', reason: 'a test fixture that needs no dead-letter queue at all' }],
    });
    // WHEN collected THEN it is found with its rule and reason
    expect(nagSuppressionsOf(stack)).toEqual([
      { path: 'TestStack/Suppressed/Resource', id: 'AwsSolutions-SQS3', reason: 'a test fixture that needs no dead-letter queue at all' },
    ]);
  });

  it('reports an unencrypted queue without DLQ or TLS policy (SQS2, SQS3, SQS4), so a clean example app means something', () => {
    // GIVEN a bare queue nobody acknowledged anything for
    const stack = newStack();
    new sqs.Queue(stack, 'Bare', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    // WHEN the AwsSolutions pack validates it
    const report = new AwsSolutionsChecks(stack.node.root).validateScope(stack);
    // THEN it reports the missing encryption, DLQ and TLS policy
    expect(report.violations.map((violation) => violation.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS2', 'AwsSolutions-SQS3', 'AwsSolutions-SQS4']),
    );
  });
});
