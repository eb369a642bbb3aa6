/**
 * Least privilege: no `*` action anywhere, `*` resources only where AWS allows nothing else,
 * each role scoped to these queues and this state machine; the grant helpers; the customer KMS
 * key path.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { BackoffConsumer, BackoffQueue, RetryTransport } from '../../../lib';
import {
  SYNTH_TIMEOUT_MS,
  asList,
  grantsOf,
  iamStatements,
  newStack,
  onlyLogicalIdOf,
  roleOf,
  synthBackoffQueue,
} from '../../helpers/stack';

/**
 * Step Functions log delivery and X-Ray have no resource-level permissions: these, and only
 * these, may name `*` as resource.
 */
const WILDCARD_RESOURCE_ACTIONS = new Set([
  'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups',
  'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets',
]);

const SEND = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
const CONSUME = ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'];

interface Ids {
  readonly queue: string;
  readonly deadLetterQueue: string;
  readonly stateMachine: string;
  readonly consumerRole: string;
  readonly stateMachineRole: string;
}

function idsOf(template: Template): Ids {
  const stateMachine = onlyLogicalIdOf(template, 'AWS::StepFunctions::StateMachine');
  return {
    queue: onlyLogicalIdOf(template, 'AWS::SQS::Queue', { RedrivePolicy: Match.anyValue() }),
    deadLetterQueue: onlyLogicalIdOf(template, 'AWS::SQS::Queue', { RedrivePolicy: Match.absent() }),
    stateMachine,
    consumerRole: roleOf(template, 'AWS::Lambda::Function', onlyLogicalIdOf(template, 'AWS::Lambda::Function')),
    stateMachineRole: roleOf(template, 'AWS::StepFunctions::StateMachine', stateMachine),
  };
}

describe('BackoffQueue IAM', () => {
  let template: Template;
  let ids: Ids;

  beforeAll(() => {
    ({ template } = synthBackoffQueue());
    ids = idsOf(template);
  }, SYNTH_TIMEOUT_MS);

  it('grants no wildcard action in any policy', () => {
    const actions = iamStatements(template).flatMap((statement) => asList(statement.Action));
    expect(actions.length).toBeGreaterThan(0);
    // Partial wildcards (`kms:ReEncrypt*`) count too.
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
  });

  it('names `*` as resource only for log delivery and X-Ray, which have no resource-level permissions', () => {
    const wildcard = iamStatements(template).filter((statement) => asList(statement.Resource).includes('*'));
    wildcard.flatMap((statement) => asList(statement.Action)).forEach((action) => expect(WILDCARD_RESOURCE_ACTIONS).toContain(action));
  });

  it('attaches no AWS managed policy to the consumer, whose basic execution role could write every log group', () => {
    const role = template.toJSON().Resources[ids.consumerRole];
    expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
  });

  it('allows only, never denies, in identity policies', () => {
    expect(new Set(iamStatements(template).map((statement) => statement.Effect))).toEqual(new Set(['Allow']));
  });

  it('lets the consumer write its own logs, consume the work queue, start this state machine and send to the dead-letter queue, nothing else', () => {
    const logGroup = onlyLogicalIdOf(template, 'AWS::Logs::LogGroup', { LogGroupName: Match.absent() });
    expect(grantsOf(template, ids.consumerRole)).toEqual([
      { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`\${${logGroup}.Arn}`] },
      // Tracing is active by default; X-Ray has no resource-level permissions.
      { actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] },
      { actions: CONSUME, resources: [`\${${ids.queue}.Arn}`] },
      { actions: ['states:StartExecution'], resources: [`\${${ids.stateMachine}}`] },
      { actions: SEND, resources: [`\${${ids.deadLetterQueue}.Arn}`] },
    ]);
  });

  it('lets the state machine send to the two queues, nothing else on SQS or Step Functions', () => {
    const scoped = grantsOf(template, ids.stateMachineRole).filter((grant) => !grant.resources.includes('*'));
    expect(scoped).toEqual([
      { actions: SEND, resources: [`\${${ids.queue}.Arn}`] },
      { actions: SEND, resources: [`\${${ids.deadLetterQueue}.Arn}`] },
    ]);
  });

  it('denies non-TLS access on both queues', () => {
    for (const queue of [ids.queue, ids.deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queue }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });
});

describe('BackoffQueue grant helpers', () => {
  let template: Template;
  let ids: Ids;
  const granted: Record<string, string> = {};

  beforeAll(() => {
    // GIVEN one role per helper
    const stack = newStack();
    const backoff = new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.nodejs({ entry: require.resolve('../../fixtures/consumer.ts') }) });
    for (const helper of ['grantSendMessages', 'grantConsumeDeadLetters', 'grantRedrive', 'grantOperate'] as const) {
      const role = new iam.Role(stack, helper, { assumedBy: new iam.AccountRootPrincipal() });
      backoff[helper](role);
      granted[helper] = stack.getLogicalId(role.node.defaultChild as iam.CfnRole);
    }
    template = Template.fromStack(stack);
    ids = idsOf(template);
  }, SYNTH_TIMEOUT_MS);

  const actionsOn = (helper: string, resource: string) =>
    grantsOf(template, granted[helper])
      .filter((grant) => grant.resources.includes(resource))
      .flatMap((grant) => grant.actions)
      .sort();

  it('grantSendMessages: send to the work queue only', () => {
    expect(grantsOf(template, granted.grantSendMessages)).toEqual([{ actions: SEND, resources: [`\${${ids.queue}.Arn}`] }]);
  });

  it('grantConsumeDeadLetters: receive and delete on the dead-letter queue only', () => {
    expect(grantsOf(template, granted.grantConsumeDeadLetters)).toEqual([
      { actions: CONSUME, resources: [`\${${ids.deadLetterQueue}.Arn}`] },
    ]);
  });

  it('grantRedrive: consume the dead-letter queue, run message move tasks from it, send to the work queue', () => {
    expect(actionsOn('grantRedrive', `\${${ids.deadLetterQueue}.Arn}`)).toEqual(
      [...CONSUME, 'sqs:StartMessageMoveTask', 'sqs:ListMessageMoveTasks', 'sqs:CancelMessageMoveTask'].sort(),
    );
    expect(actionsOn('grantRedrive', `\${${ids.queue}.Arn}`)).toEqual([...SEND].sort());
  });

  it('grantOperate: redrive, recall to and purge the dead-letter queue, list/describe/stop executions, describe the alarms', () => {
    expect(new Set(actionsOn('grantOperate', `\${${ids.deadLetterQueue}.Arn}`))).toEqual(
      new Set([...CONSUME, ...SEND, 'sqs:PurgeQueue', 'sqs:StartMessageMoveTask', 'sqs:ListMessageMoveTasks', 'sqs:CancelMessageMoveTask']),
    );
    expect(actionsOn('grantOperate', `\${${ids.stateMachine}}`)).toEqual(['states:ListExecutions']);
    const executions = grantsOf(template, granted.grantOperate).find((grant) => grant.actions.includes('states:StopExecution'))!;
    expect(executions.actions.sort()).toEqual(['states:DescribeExecution', 'states:GetExecutionHistory', 'states:StopExecution']);
    // The state machine's name is the seventh field of its ARN.
    expect(executions.resources).toEqual([`arn:aws:states:us-east-1:123456789012:execution:select(6,split(:,\${${ids.stateMachine}})):*`]);
    const alarms = grantsOf(template, granted.grantOperate).find((grant) => grant.actions.includes('cloudwatch:DescribeAlarms'))!;
    // Eleven metric alarms and the composite alarm.
    expect(alarms.resources).toHaveLength(12);
  });
});

describe('BackoffQueue with a customer managed KMS key', () => {
  let template: Template;
  let ids: Ids;
  let keyId: string;

  beforeAll(() => {
    const stack = newStack();
    const encryptionKey = new kms.Key(stack, 'Key');
    ({ template } = synthBackoffQueue({ encryptionKey }, stack));
    ids = idsOf(template);
    keyId = onlyLogicalIdOf(template, 'AWS::KMS::Key');
  }, SYNTH_TIMEOUT_MS);

  it('encrypts both queues with the key instead of SSE-SQS', () => {
    for (const queue of [ids.queue, ids.deadLetterQueue]) {
      const props = template.toJSON().Resources[queue].Properties;
      expect(props.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(props).not.toHaveProperty('SqsManagedSseEnabled');
    }
  });

  it('lets the consumer decrypt what it receives and encrypt what it dead-letters, on this key only', () => {
    const kmsGrants = grantsOf(template, ids.consumerRole).filter((grant) => grant.actions.some((a) => a.startsWith('kms:')));
    expect(kmsGrants.flatMap((grant) => grant.resources)).toEqual(kmsGrants.map(() => `\${${keyId}.Arn}`));
    // Decrypt to receive; GenerateDataKey and Decrypt to send to an SSE-KMS queue (SQS key management docs).
    expect(new Set(kmsGrants.flatMap((grant) => grant.actions))).toEqual(new Set(['kms:Decrypt', 'kms:GenerateDataKey']));
  });

  it('lets the state machine encrypt what it sends, on this key only', () => {
    const kmsGrants = grantsOf(template, ids.stateMachineRole).filter((grant) => grant.actions.some((a) => a.startsWith('kms:')));
    expect(kmsGrants.length).toBeGreaterThan(0);
    kmsGrants.forEach((grant) => expect(grant.resources).toEqual([`\${${keyId}.Arn}`]));
    expect(new Set(kmsGrants.flatMap((grant) => grant.actions))).toEqual(new Set(['kms:GenerateDataKey', 'kms:Decrypt']));
  });
});

describe('the consumer\'s send grant to the work queue under a customer managed key', () => {
  // GIVEN a BackoffQueue under one customer managed key whose consumer sends delayed copies to its work queue
  const TRANSPORTS = [
    ['sqsDelay', () => RetryTransport.sqsDelay()],
    ['auto', () => RetryTransport.auto()],
  ] as const;
  const synthesized = new Map<string, { grants: ReturnType<typeof grantsOf>; workQueue: string }>();
  beforeAll(() => {
    for (const [name, transport] of TRANSPORTS) {
      const stack = newStack();
      const encryptionKey = new kms.Key(stack, 'Key');
      const { template } = synthBackoffQueue({ encryptionKey, transport: transport() }, stack);
      const consumerRole = roleOf(template, 'AWS::Lambda::Function', onlyLogicalIdOf(template, 'AWS::Lambda::Function'));
      const workQueue = onlyLogicalIdOf(template, 'AWS::SQS::Queue', { RedrivePolicy: Match.anyValue() });
      synthesized.set(name, { grants: grantsOf(template, consumerRole), workQueue });
    }
  }, 2 * SYNTH_TIMEOUT_MS);

  it.each(['sqsDelay', 'auto'])('lets the consumer (%s) send its delayed copies to the work queue', (name) => {
    const { grants, workQueue } = synthesized.get(name)!;
    const sends = grants.filter((grant) => grant.resources.includes(`\${${workQueue}.Arn}`)).flatMap((grant) => grant.actions);
    expect(sends).toEqual(expect.arrayContaining(['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']));
  });

  // The consumer also holds kms:Decrypt on the same key to receive, so only a statement-by-statement
  // look tells whether the send grant itself carries it (SQS needs it to reuse a cached data key).
  it.each(['sqsDelay', 'auto'])('the consumer\'s send grant to the work queue (%s) carries kms:Decrypt by itself, beside kms:GenerateDataKey', (name) => {
    // WHEN its grants are read statement by statement
    const encrypting = synthesized.get(name)!.grants.filter((grant) => grant.actions.includes('kms:GenerateDataKey'));
    // THEN every statement that lets it encrypt for sending lets it decrypt too
    expect(encrypting.length).toBeGreaterThan(0);
    for (const grant of encrypting) expect(grant.actions).toEqual(expect.arrayContaining(['kms:GenerateDataKey', 'kms:Decrypt']));
  });
});
