/**
 * The package as a user installs it: `npm pack`, the tarball installed into one app pinning the
 * oldest supported aws-cdk-lib (the peer range's floor) and one pinning the newest (the dev pin).
 * In each, a consumer the construct builds and the user's own NodejsFunction both get the
 * BACKOFF_* environment, their grants and the event source, and npm installs one aws-cdk-lib only;
 * the delay transports (auto, a FIFO queue's default, sqs-delay on the user's own function) get
 * their environment, their resources and nothing more, and their grants.
 * (Before peer dependencies, npm nested a second aws-cdk-lib and `instanceof lambda.Function`
 * failed across the copies: no environment, no warning.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { installApp, installedAwsCdkLibs, installedVersion, packTarball, supportedPins, synthApp } from './scratchApp';

const PINS = supportedPins();
const REQUIRED_ENV = ['BACKOFF_POLICY', 'BACKOFF_MAX_ATTEMPTS', 'BACKOFF_QUEUE_URL', 'BACKOFF_DEAD_LETTER_QUEUE_URL', 'BACKOFF_STATE_MACHINE_ARN'];

const apps: Record<string, { dir: string; templates: Record<string, any> }> = {};

beforeAll(async () => {
  const started = Date.now();
  const tarball = await packTarball();
  // The two apps are independent: installed and synthesized side by side.
  const [oldest, newest] = await Promise.all([installApp(PINS.oldest, tarball), installApp(PINS.newest, tarball)]);
  const [oldestTemplates, newestTemplates] = await Promise.all([synthApp(oldest), synthApp(newest)]);
  apps.oldest = { dir: oldest, templates: oldestTemplates };
  apps.newest = { dir: newest, templates: newestTemplates };
  console.log(
    `package test: aws-cdk-lib ${installedVersion(oldest, 'aws-cdk-lib')} (oldest, constructs ${installedVersion(oldest, 'constructs')}) and ` +
      `${installedVersion(newest, 'aws-cdk-lib')} (newest, constructs ${installedVersion(newest, 'constructs')}); pack+install+synth ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}, 600_000);

function resourcesOf(template: any, type: string): Array<[string, any]> {
  return Object.entries(template.Resources as Record<string, any>).filter(([, resource]) => resource.Type === type);
}

/** The consumer: the one function with an SQS event source mapping pointing at it. */
function consumerOf(template: any): [string, any] {
  const [[, mapping]] = resourcesOf(template, 'AWS::Lambda::EventSourceMapping');
  const id = mapping.Properties.FunctionName.Ref;
  return [id, template.Resources[id]];
}

function statementsGrantedTo(template: any, roleId: string): any[] {
  return resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties.Roles ?? []).some((role: any) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
}

function actionsGrantedTo(template: any, roleId: string): string[] {
  return statementsGrantedTo(template, roleId).flatMap((s: any) => [s.Action].flat());
}

/** The work queue: the one queue with a redrive policy. */
function workQueueOf(template: any): [string, any] {
  return resourcesOf(template, 'AWS::SQS::Queue').find(([, queue]) => queue.Properties.RedrivePolicy !== undefined)!;
}

/** Whether the consumer's role may call `action` on the work queue itself. */
function consumerMayOnWorkQueue(template: any, action: string): boolean {
  const [, fn] = consumerOf(template);
  const [queueId] = workQueueOf(template);
  return statementsGrantedTo(template, fn.Properties.Role['Fn::GetAtt'][0]).some(
    (s: any) =>
      s.Effect === 'Allow' &&
      [s.Action].flat().includes(action) &&
      [s.Resource].flat().some((resource: any) => JSON.stringify(resource) === JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] })),
  );
}

function environmentOf(template: any): Record<string, unknown> {
  return consumerOf(template)[1].Properties.Environment.Variables;
}

/** The consumer runs on `transport`, and nothing of Step Functions is there: no state machine, no ARN for it. */
function expectTransportWithoutStateMachine(template: any, transport: string): void {
  const environment = environmentOf(template);
  expect(environment.BACKOFF_TRANSPORT).toBe(transport);
  expect(environment).not.toHaveProperty('BACKOFF_STATE_MACHINE_ARN');
  expect(resourcesOf(template, 'AWS::StepFunctions::StateMachine')).toEqual([]);
}

describe.each(['oldest', 'newest'])('installed into an app pinning the %s aws-cdk-lib', (name) => {
  it('installs exactly one aws-cdk-lib, the app\'s own pin', async () => {
    const pinned = name === 'oldest' ? PINS.oldest.awsCdkLib : PINS.newest.awsCdkLib;
    expect(await installedAwsCdkLibs(apps[name].dir)).toEqual([`node_modules/aws-cdk-lib@${pinned}`]);
  });

  describe.each(['Built', 'Users'])('%s consumer', (stack) => {
    it('has the BACKOFF_* environment', () => {
      const [, fn] = consumerOf(apps[name].templates[stack]);
      expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(expect.arrayContaining(REQUIRED_ENV));
    });

    it('is granted to receive from the work queue, start the retry state machine and send to the dead-letter queue', () => {
      const template = apps[name].templates[stack];
      const [, fn] = consumerOf(template);
      const actions = actionsGrantedTo(template, fn.Properties.Role['Fn::GetAtt'][0]);
      expect(actions).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'states:StartExecution', 'sqs:SendMessage']));
    });

    it('is fed by the work queue with partial batch responses', () => {
      const template = apps[name].templates[stack];
      const [, mapping] = resourcesOf(template, 'AWS::Lambda::EventSourceMapping')[0];
      const [queueId] = workQueueOf(template);
      expect(mapping.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    });
  });

  describe('a Python consumer', () => {
    it('runs python3.13 with the sqs_backoff layer, the BACKOFF_* environment and the grants of a Node.js one', () => {
      const template = apps[name].templates.Python;
      const [, fn] = consumerOf(template);
      const [[layerId]] = resourcesOf(template, 'AWS::Lambda::LayerVersion');
      expect(fn.Properties).toMatchObject({ Runtime: 'python3.13', Handler: 'handler.handler', Layers: [{ Ref: layerId }] });
      expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(expect.arrayContaining(REQUIRED_ENV));
      expect(actionsGrantedTo(template, fn.Properties.Role['Fn::GetAtt'][0])).toEqual(
        expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'states:StartExecution', 'sqs:SendMessage']),
      );
    });

    it('gets its layer built from the installed package: python/sqs_backoff, no Docker', () => {
      const template = apps[name].templates.Python;
      const [[, layer]] = resourcesOf(template, 'AWS::Lambda::LayerVersion');
      const staged = path.join(apps[name].dir, 'cdk.out', `asset.${String(layer.Properties.Content.S3Key).replace(/\.zip$/, '')}`);
      expect(fs.readdirSync(staged)).toEqual(['python']);
      expect(fs.existsSync(path.join(staged, 'python', 'sqs_backoff', 'with_backoff.py'))).toBe(true);
      expect(fs.existsSync(path.join(staged, 'python', 'sqs_backoff', 'transports'))).toBe(true);
    });
  });

  describe('delay transports, as a user picks them', () => {
    it('RetryTransport.auto(): BACKOFF_TRANSPORT auto, a retry state machine to start, and the work queue to send delayed copies to', () => {
      const template = apps[name].templates.Auto;
      expect(environmentOf(template)).toMatchObject({ BACKOFF_TRANSPORT: 'auto', BACKOFF_STATE_MACHINE_ARN: expect.anything() });
      expect(resourcesOf(template, 'AWS::StepFunctions::StateMachine')).toHaveLength(1);
      const [, fn] = consumerOf(template);
      expect(actionsGrantedTo(template, fn.Properties.Role['Fn::GetAtt'][0])).toContain('states:StartExecution');
      expect(consumerMayOnWorkQueue(template, 'sqs:SendMessage')).toBe(true);
    });

    it('a FIFO queue with no transport: visibility-timeout, no state machine, ChangeMessageVisibility on the work queue', () => {
      const template = apps[name].templates.Fifo;
      expectTransportWithoutStateMachine(template, 'visibility-timeout');
      const [, fn] = consumerOf(template);
      expect(actionsGrantedTo(template, fn.Properties.Role['Fn::GetAtt'][0]).filter((action) => action.startsWith('states:'))).toEqual([]);
      expect(consumerMayOnWorkQueue(template, 'sqs:ChangeMessageVisibility')).toBe(true);
    });

    it('a FIFO queue with no transport: SQS redrive leaves room for every attempt (maxReceiveCount ≥ maxAttempts, each attempt one receipt)', () => {
      const template = apps[name].templates.Fifo;
      const [, queue] = workQueueOf(template);
      expect(queue.Properties.FifoQueue).toBe(true);
      expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(Number(environmentOf(template).BACKOFF_MAX_ATTEMPTS));
    });

    it("the user's own NodejsFunction on RetryTransport.sqsDelay(): BACKOFF_TRANSPORT sqs-delay, SendMessage on the work queue, no state machine", () => {
      const template = apps[name].templates.UsersSqsDelay;
      expectTransportWithoutStateMachine(template, 'sqs-delay');
      expect(consumerMayOnWorkQueue(template, 'sqs:SendMessage')).toBe(true);
    });
  });
});
