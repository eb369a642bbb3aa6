/**
 * The configurations of `BackoffQueue` that real stacks use, each synthesized in a stack of its
 * own for the independent checkers (cdk-nag AwsSolutions and ServerlessChecks, cfn-lint). Shared
 * by the checker tests and `npm run docs:checks`, so that the docs table shows what was checked.
 *
 * A configuration brings the user's own resources (a queue, a function, a topic): findings on
 * those are the user's choice, acknowledged here with `USER_CHOICE` and listed in the docs.
 */
import * as path from 'node:path';
import { App, ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IConstruct } from 'constructs';
import { BackoffConsumer, BackoffQueue, BackoffQueueProps, RetryTransport } from '../../lib';

export const FIXTURE_ENTRY = path.join(__dirname, '..', '..', 'test', 'fixtures', 'consumer.ts');
const PYTHON_FIXTURE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'python');

/** Prefix of the reason of every acknowledgement on a resource the user brings. */
export const USER_CHOICE = "User's choice, not the construct's:";

export interface CheckedConfiguration {
  /** Stable name, also the stack name. */
  readonly name: string;
  /** What it sets, for the docs table. */
  readonly description: string;
  readonly props: (stack: Stack) => BackoffQueueProps;
}

export const CONFIGURATIONS: readonly CheckedConfiguration[] = Object.freeze<CheckedConfiguration[]>([
  {
    name: 'Default',
    description: '`{ consumer: BackoffConsumer.nodejs({ entry }) }`',
    props: () => ({ consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }) }),
  },
  {
    name: 'Fifo',
    description: '`queueProps: { fifo: true }` (default transport for FIFO: visibility timeout, no state machine)',
    props: () => ({ consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }), queueProps: { fifo: true } }),
  },
  {
    name: 'CustomerKey',
    description: '`encryptionKey` and `logGroupEncryptionKey`: one customer managed key',
    props: (stack) => {
      const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
      return { consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }), encryptionKey: key, logGroupEncryptionKey: key };
    },
  },
  {
    name: 'ExistingQueueAndFunction',
    description: 'the user\'s `queue` (SSE-SQS, TLS only) and `lambda.Function` as `consumer`',
    props: (stack) => ({ queue: usersQueue(stack), consumer: BackoffConsumer.fromFunction(usersFunction(stack), { batchSize: 5 }) }),
  },
  {
    name: 'AlarmTopicAndMaxElapsed',
    description: '`alarmTopic` (the user\'s topic) and `maxElapsed: Duration.hours(1)`',
    props: (stack) => ({ consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }), alarmTopic: usersTopic(stack), maxElapsed: Duration.hours(1) }),
  },
  {
    name: 'FifoStepFunctions',
    description: '`queueProps: { fifo: true }` with `transport: RetryTransport.stepFunctions()`',
    props: () => ({ consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }), queueProps: { fifo: true }, transport: RetryTransport.stepFunctions() }),
  },
  {
    name: 'SqsDelay',
    description: '`transport: RetryTransport.sqsDelay()`',
    props: () => ({ consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }), transport: RetryTransport.sqsDelay() }),
  },
  {
    name: 'AutoCustomerKey',
    description: '`transport: RetryTransport.auto()` with `encryptionKey`: delayed copies and requeues sent to a queue under a customer managed key',
    props: (stack) => ({
      consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }),
      transport: RetryTransport.auto(),
      encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
    }),
  },
  {
    name: 'Python',
    description: '`BackoffConsumer.python({ code, handler })`: a Python 3.13 consumer with the `sqs_backoff` layer',
    props: () => ({ consumer: BackoffConsumer.python({ code: lambda.Code.fromAsset(PYTHON_FIXTURE), handler: 'consumer.handler' }) }),
  },
  {
    name: 'ImportedFunctionAndRole',
    description: '`lambda.Function.fromFunctionAttributes` with an imported `role`',
    props: (stack) => ({
      consumer: BackoffConsumer.fromFunction(lambda.Function.fromFunctionAttributes(stack, 'ImportedConsumer', {
        functionArn: stack.formatArn({ service: 'lambda', resource: 'function', resourceName: 'orders-consumer', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        role: iam.Role.fromRoleArn(stack, 'ImportedRole', stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'orders-consumer' })),
        sameEnvironment: true,
      })),
      queueProps: { visibilityTimeout: Duration.minutes(3) },
    }),
  },
]);

export const CHECK_ENV = Object.freeze({ account: '123456789012', region: 'us-east-1' });

/** A stack holding one configuration; bundling is skipped (the template is the same but for the asset hash). */
export function synthConfiguration(configuration: CheckedConfiguration, app: App = newCheckApp()): Stack {
  const stack = new Stack(app, configuration.name, { env: CHECK_ENV });
  new BackoffQueue(stack, 'Orders', configuration.props(stack));
  return stack;
}

export function newCheckApp(outdir?: string): App {
  return new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
}

function usersQueue(stack: Stack): sqs.Queue {
  const queue = new sqs.Queue(stack, 'UsersQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout: Duration.minutes(3),
  });
  acknowledge(queue, 'AwsSolutions-SQS3', 'the existing queue gets its redrive policy from its owner (warning sqs-backoff:existingQueueRedrive)');
  acknowledge(queue, 'Serverless-SQSRedrivePolicy', 'the existing queue gets its redrive policy from its owner (warning sqs-backoff:existingQueueRedrive)');
  return queue;
}

function usersFunction(stack: Stack): lambda.Function {
  const fn = new lambda.Function(stack, 'UsersFunction', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
    timeout: Duration.seconds(30),
    memorySize: 256,
    tracing: lambda.Tracing.ACTIVE,
  });
  for (const [id, reason] of USERS_FUNCTION_CHOICES) acknowledge(fn, id, reason);
  for (const [id, reason] of USERS_FUNCTION_ROLE_CHOICES) acknowledge(fn.role!, id, reason);
  return fn;
}

const USERS_FUNCTION_CHOICES: ReadonlyArray<[string, string]> = [
  ['AwsSolutions-L1', 'the function keeps the Node.js runtime its owner tests on'],
  ['Serverless-LambdaDLQ', 'the function keeps its own failure handling; the construct dead-letters SQS records itself'],
  ['Serverless-LambdaLatestVersion', 'the function keeps the Node.js runtime its owner tests on'],
];

const USERS_FUNCTION_ROLE_CHOICES: ReadonlyArray<[string, string]> = [
  ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'the function keeps the role its owner gave it'],
  ['AwsSolutions-IAM5[Resource::*]', 'the function keeps the role its owner gave it, with X-Ray tracing that has no resource-level permissions'],
];

function usersTopic(stack: Stack): sns.Topic {
  return new sns.Topic(stack, 'UsersAlarmTopic', {
    enforceSSL: true,
    masterKey: kms.Alias.fromAliasName(stack, 'SnsKey', 'alias/aws/sns'),
  });
}

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason: `${USER_CHOICE} ${reason}` });
}
