/**
 * cdk-nag's AwsSolutions and ServerlessChecks packs over the configurations of
 * scripts/checks/matrix.ts: nothing unacknowledged, every acknowledgement with its reason, no
 * wildcard action (partial ones like `kms:ReEncrypt*` included), exact KMS actions with a
 * customer key, and the event source mapping waiting for its grant on an imported role. Each
 * pack has a live control: a stack it must fault.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFIGURATIONS, USER_CHOICE, newCheckApp, synthConfiguration } from '../../../scripts/checks/matrix';
import { SYNTH_TIMEOUT_MS, asList, grantsOf, iamStatements, newStack, onlyLogicalIdOf, roleOf } from '../../helpers/stack';

const PACKS = [AwsSolutionsChecks, ServerlessChecks] as const;

function unacknowledged(Pack: (typeof PACKS)[number], scope: IConstruct): string[] {
  return new Pack(scope.node.root)
    .validateScope(scope)
    .violations.map((violation) => `${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

function acknowledgementsOf(root: IConstruct): Array<{ path: string; rule: string; reason: string }> {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([rule, reason]) => ({ path: construct.node.path, rule, reason })),
      ),
  );
}

/** Any action with a `*` anywhere: `*`, `sqs:*`, and partial ones such as `kms:ReEncrypt*`. */
export function wildcardActions(template: Template): string[] {
  return iamStatements(template)
    .flatMap((statement) => asList(statement.Action))
    .filter((action) => action.includes('*'));
}

describe.each(CONFIGURATIONS.map((configuration) => [configuration.name, configuration] as const))('configuration %s', (_name, configuration) => {
  let stack: Stack;

  beforeAll(() => {
    stack = synthConfiguration(configuration);
  }, SYNTH_TIMEOUT_MS);

  it.each(PACKS.map((Pack) => [Pack.name, Pack] as const))('%s finds nothing unacknowledged', (_pack, Pack) => {
    expect(unacknowledged(Pack, stack)).toEqual([]);
  });

  it('acknowledges with a reason of at least a sentence, and as the user\'s choice only outside the construct', () => {
    const acknowledgements = acknowledgementsOf(stack);
    for (const { path, rule, reason } of acknowledgements) {
      expect(reason.trim().length, `${rule} at ${path}`).toBeGreaterThanOrEqual(40);
      // The event source mapping is the construct's even though it lives under the user's function.
      const byConstruct = path.startsWith(`${stack.stackName}/Orders/`) || path.includes('/SqsEventSource:');
      if (byConstruct) expect(reason.startsWith(USER_CHOICE), `${rule} at ${path}`).toBe(false);
    }
  });

  it('grants no action with a wildcard, partial ones included', () => {
    const template = Template.fromStack(stack);
    expect(iamStatements(template).length).toBeGreaterThan(0);
    expect(wildcardActions(template)).toEqual([]);
  });
});

describe('with a customer managed key', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(synthConfiguration(CONFIGURATIONS.find((c) => c.name === 'CustomerKey')!));
  }, SYNTH_TIMEOUT_MS);

  const kmsActionsOf = (role: string) =>
    grantsOf(template, role)
      .flatMap((grant) => grant.actions)
      .filter((action) => action.startsWith('kms:'));

  it('grants the consumer kms:Decrypt to receive and kms:GenerateDataKey to dead-letter, nothing else on the key', () => {
    const fn = onlyLogicalIdOf(template, 'AWS::Lambda::Function');
    expect(new Set(kmsActionsOf(roleOf(template, 'AWS::Lambda::Function', fn)))).toEqual(new Set(['kms:Decrypt', 'kms:GenerateDataKey']));
  });

  it('grants the state machine kms:GenerateDataKey and kms:Decrypt to send, nothing else on the key', () => {
    const machine = onlyLogicalIdOf(template, 'AWS::StepFunctions::StateMachine');
    expect(new Set(kmsActionsOf(roleOf(template, 'AWS::StepFunctions::StateMachine', machine)))).toEqual(
      new Set(['kms:GenerateDataKey', 'kms:Decrypt']),
    );
  });
});

describe('auto with a customer managed key', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(synthConfiguration(CONFIGURATIONS.find((c) => c.name === 'AutoCustomerKey')!));
  }, SYNTH_TIMEOUT_MS);

  it('lets the consumer send its delayed copies to the work queue, and use the key the way a sender must (kms:GenerateDataKey and kms:Decrypt), nothing else on the key', () => {
    // GIVEN the work queue (the one with a redrive policy) and the consumer's role
    const queue = workQueueLogicalId(template);
    const role = roleOf(template, 'AWS::Lambda::Function', onlyLogicalIdOf(template, 'AWS::Lambda::Function'));
    const grants = grantsOf(template, role);
    // THEN SendMessage on that queue, and the key actions AWS documents for a sender to an SSE-KMS queue
    expect(grants.some((grant) => grant.actions.includes('sqs:SendMessage') && grant.resources.includes(`\${${queue}.Arn}`))).toBe(true);
    const kmsActions = grants.flatMap((grant) => grant.actions).filter((action) => action.startsWith('kms:'));
    expect(new Set(kmsActions)).toEqual(new Set(['kms:Decrypt', 'kms:GenerateDataKey']));
  });
});

function workQueueLogicalId(template: Template): string {
  const queues = Object.entries(template.findResources('AWS::SQS::Queue')).filter(([, queue]) => queue.Properties.RedrivePolicy !== undefined);
  expect(queues).toHaveLength(1);
  return queues[0][0];
}

describe('with an imported function and an imported role', () => {
  it('makes the event source mapping depend on the policy that lets the role receive from the work queue', () => {
    // GIVEN the configuration whose grants go to a policy of their own on the imported role
    const template = Template.fromStack(synthConfiguration(CONFIGURATIONS.find((c) => c.name === 'ImportedFunctionAndRole')!));
    const receivePolicies = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([, policy]) =>
        (policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>).some((statement) =>
          asList(statement.Action).includes('sqs:ReceiveMessage'),
        ),
      )
      .map(([id]) => id);
    expect(receivePolicies).toHaveLength(1);
    // THEN CloudFormation creates that policy before the mapping
    const [mapping] = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(asList(mapping.DependsOn ?? [])).toContain(receivePolicies[0]);
  }, SYNTH_TIMEOUT_MS);
});

describe('live controls: each pack faults a stack built to fail it', () => {
  let stack: Stack;

  beforeAll(() => {
    stack = newStack();
    new sqs.Queue(stack, 'Bare', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const fn = new lambda.Function(stack, 'Bare Function', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
    });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:ReEncrypt*'], resources: ['*'] }));
  }, SYNTH_TIMEOUT_MS);

  it('AwsSolutions reports the unencrypted queue without DLQ or TLS and the partial wildcard action', () => {
    const rules = unacknowledged(AwsSolutionsChecks, stack).map((line) => line.split(' at ')[0]);
    expect(rules).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS2', 'AwsSolutions-SQS3', 'AwsSolutions-SQS4', 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]']),
    );
  });

  it('ServerlessChecks reports the queue without redrive policy and the untraced function', () => {
    const rules = unacknowledged(ServerlessChecks, stack).map((line) => line.split(' at ')[0]);
    expect(rules).toEqual(expect.arrayContaining(['Serverless-SQSRedrivePolicy', 'Serverless-LambdaTracing']));
  });

  it('the wildcard sweep reports the partial wildcard', () => {
    expect(wildcardActions(Template.fromStack(stack))).toEqual(['kms:ReEncrypt*']);
  });
});

describe('the matrix', () => {
  it('has the six configurations of issue 11 and three more transport setups, in separate stacks of one app', () => {
    const app = newCheckApp();
    CONFIGURATIONS.forEach((configuration) => synthConfiguration(configuration, app));
    expect(app.node.children.map((child) => child.node.id)).toEqual([
      'Default',
      'Fifo',
      'CustomerKey',
      'ExistingQueueAndFunction',
      'AlarmTopicAndMaxElapsed',
      'FifoStepFunctions',
      'SqsDelay',
      'AutoCustomerKey',
      'Python',
      'ImportedFunctionAndRole',
    ]);
  }, SYNTH_TIMEOUT_MS);
});
