/**
 * The example app with `-c language=python`: the same stack around the Python example consumer
 * (lambda/demo/demo_consumer.py), which gets the sqs_backoff layer and the same wiring.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OUTPUTS, DemoStack, PROCESSED_QUEUE_URL_ENV, buildDemoApp } from '../../../bin/demo-stack';
import { BackoffValidationError } from '../../../lib';
import { SYNTH_TIMEOUT_MS, grantsOf, onlyLogicalIdOf, roleOf } from '../../helpers/stack';

function demoApp(context: Record<string, string> = {}): DemoStack {
  return buildDemoApp(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }));
}

describe('demo app with language=python', () => {
  let stack: DemoStack;
  let template: Template;
  let consumerId: string;

  beforeAll(() => {
    stack = demoApp({ language: 'python' });
    template = Template.fromStack(stack);
    consumerId = onlyLogicalIdOf(template, 'AWS::Lambda::Function');
  }, SYNTH_TIMEOUT_MS);

  it('runs demo_consumer.handler on python3.13 with the sqs_backoff layer', () => {
    template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({
      Runtime: 'python3.13',
      Handler: 'demo_consumer.handler',
      Layers: [{ Ref: onlyLogicalIdOf(template, 'AWS::Lambda::LayerVersion') }],
      Timeout: 5,
    }));
  });

  it('tells the consumer where the processed queue is and lets it send there', () => {
    const processed = onlyLogicalIdOf(template, 'AWS::SQS::Queue', { MessageRetentionPeriod: 86_400 });
    const variables = template.toJSON().Resources[consumerId].Properties.Environment.Variables;
    expect(variables[PROCESSED_QUEUE_URL_ENV]).toEqual({ Ref: processed });
    const grants = grantsOf(template, roleOf(template, 'AWS::Lambda::Function', consumerId));
    expect(grants.some((grant) => grant.actions.includes('sqs:SendMessage') && grant.resources.includes(`\${${processed}.Arn}`))).toBe(true);
  });

  it('has every output of the Node.js demo', () => {
    const outputs = Object.keys(template.toJSON().Outputs);
    expect(outputs.sort()).toEqual(Object.keys(Template.fromStack(demoApp()).toJSON().Outputs).sort());
    expect(outputs).toContain(DEMO_OUTPUTS.consumerFunctionName);
  }, SYNTH_TIMEOUT_MS);

  it('ships demo_consumer.py alone as the function code', () => {
    const assembly = (stack.node.root as App).synth();
    const hash = String(template.toJSON().Resources[consumerId].Properties.Code.S3Key).replace(/\.zip$/, '');
    expect(fs.readdirSync(path.join(assembly.directory, `asset.${hash}`))).toEqual(['demo_consumer.py']);
  });
});

describe('context language', () => {
  it('defaults to nodejs', () => {
    Template.fromStack(demoApp()).hasResourceProperties('AWS::Lambda::Function', Match.objectLike({ Runtime: 'nodejs22.x' }));
  }, SYNTH_TIMEOUT_MS);

  it('rejects another language, naming the key and the allowed values', () => {
    const build = () => demoApp({ language: 'ruby' });
    expect(build).toThrow(BackoffValidationError);
    expect(build).toThrow('context language must be one of nodejs, python (given "ruby")');
  });
});
