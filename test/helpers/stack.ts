/**
 * CDK-side test helpers: a stack with a fixed environment, a `BackoffQueue` around the tiny
 * fixture consumer, and readers that turn CloudFormation intrinsics into plain values so
 * assertions never depend on logical IDs.
 */
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BackoffConsumer, BackoffQueue, BackoffQueueProps } from '../../lib';

/** Bundles in milliseconds: no dependencies, never invoked. */
export const FIXTURE_ENTRY = path.join(__dirname, '..', 'fixtures', 'consumer.ts');

export const TEST_ENV = Object.freeze({ account: '123456789012', region: 'us-east-1' });

/**
 * `bundle: false` (the default) skips esbuild: the template is the same apart from the asset
 * hash, and a synth takes a fraction of the time. The bundling test turns it on.
 */
export function newStack(options: { readonly id?: string; readonly bundle?: boolean } = {}): Stack {
  const context = options.bundle === true ? {} : { 'aws:cdk:bundling-stacks': [] };
  return new Stack(new App({ context }), options.id ?? 'TestStack', { env: TEST_ENV });
}

export interface SynthesizedBackoffQueue {
  readonly stack: Stack;
  readonly backoff: BackoffQueue;
  readonly template: Template;
}

/** A `BackoffQueue` with the fixture consumer, `overrides` merged over `{ consumer: BackoffConsumer.nodejs({ entry }) }`. */
export function synthBackoffQueue(
  overrides: Partial<BackoffQueueProps> = {},
  stack: Stack = newStack(),
): SynthesizedBackoffQueue {
  const backoff = new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }), ...overrides });
  return { stack, backoff, template: Template.fromStack(stack) };
}

/** Builds without synthesizing, for validation tests that expect the constructor to throw. */
export function buildBackoffQueue(overrides: Partial<BackoffQueueProps> = {}, stack: Stack = newStack()): BackoffQueue {
  return new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }), ...overrides });
}

export type Resources = Record<string, { Type: string; Properties?: Record<string, any>; [key: string]: any }>;

/** The logical IDs of resources of a type whose properties contain `properties` (deep-equal subset). */
export function logicalIdsOf(template: Template, type: string, properties: Record<string, unknown> = {}): string[] {
  // A resource without properties (an SNS topic) has no Properties key to match.
  const filter = Object.keys(properties).length === 0 ? undefined : { Properties: properties };
  return Object.keys(template.findResources(type, filter));
}

/** The single logical ID of a type, failing loudly when there are several. */
export function onlyLogicalIdOf(template: Template, type: string, properties: Record<string, unknown> = {}): string {
  const ids = logicalIdsOf(template, type, properties);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}: ${ids.join(', ')}`);
  return ids[0];
}

/**
 * Flattens `Fn::Join`, `Ref` and `Fn::GetAtt` into a string with `${LogicalId}` /
 * `${LogicalId.Attr}` placeholders (`AWS::Partition` becomes `aws`; `Fn::Select`/`Fn::Split`
 * become `select(i,split(sep,…))`), enough to parse a state
 * machine definition or compare an IAM resource.
 */
export function renderIntrinsic(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  const record = value as Record<string, any>;
  if ('Fn::Join' in record) {
    const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
    return parts.map(renderIntrinsic).join(separator);
  }
  if ('Ref' in record) return record.Ref === 'AWS::Partition' ? 'aws' : `\${${record.Ref}}`;
  if ('Fn::GetAtt' in record) return `\${${(record['Fn::GetAtt'] as string[]).join('.')}}`;
  if ('Fn::Select' in record) {
    const [index, list] = record['Fn::Select'] as [number, unknown];
    return `select(${index},${renderIntrinsic(list)})`;
  }
  if ('Fn::Split' in record) {
    const [separator, source] = record['Fn::Split'] as [string, unknown];
    return `split(${separator},${renderIntrinsic(source)})`;
  }
  throw new Error(`cannot render intrinsic ${JSON.stringify(value)}`);
}

/** The parsed ASL of the only state machine in the template. */
export function stateMachineDefinition(template: Template): AslDefinition {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  if (machines.length !== 1) throw new Error(`expected one state machine, found ${machines.length}`);
  return JSON.parse(renderIntrinsic(machines[0].Properties.DefinitionString)) as AslDefinition;
}

export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Record<string, Record<string, any>>;
  readonly [key: string]: unknown;
}

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly [key: string]: unknown;
}

/** Every statement of every `AWS::IAM::Policy`, tagged with the roles it is attached to. */
export function iamStatements(template: Template): Array<PolicyStatement & { roles: string[] }> {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) => {
    const roles = (policy.Properties.Roles ?? []).map((role: { Ref: string }) => role.Ref);
    return (policy.Properties.PolicyDocument.Statement as PolicyStatement[]).map((statement) => ({ ...statement, roles }));
  });
}

export function asList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/** The role a Lambda function or state machine runs as (its logical ID). */
export function roleOf(template: Template, type: string, logicalId: string): string {
  const resource = template.toJSON().Resources[logicalId];
  if (resource?.Type !== type) throw new Error(`${logicalId} is not a ${type}`);
  // Lambda names it Role, Step Functions RoleArn.
  return (resource.Properties.Role ?? resource.Properties.RoleArn)['Fn::GetAtt'][0];
}

/** Statements granted to a role, as `{ action → rendered resources }` pairs. */
export function grantsOf(template: Template, role: string): Array<{ actions: string[]; resources: string[] }> {
  return iamStatements(template)
    .filter((statement) => statement.roles.includes(role))
    .map((statement) => ({
      actions: asList(statement.Action),
      resources: asList(statement.Resource as unknown).map(renderIntrinsic),
    }));
}

/**
 * Hook timeout for a `beforeAll` that synthesizes: the first synth of a worker loads
 * aws-cdk-lib, which can take longer than vitest's 10-second default.
 */
export const SYNTH_TIMEOUT_MS = 60_000;
