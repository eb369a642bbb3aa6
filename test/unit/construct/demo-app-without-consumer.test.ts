/**
 * The example app with context `consumer=false`: everything but the consumer Lambda and its event
 * source mapping, for emulators that cannot run Lambda (the LocalStack test project deploys it).
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OUTPUTS, DemoStack, buildDemoApp } from '../../../bin/demo-stack';
import { BackoffValidationError } from '../../../lib';
import { SYNTH_TIMEOUT_MS } from '../../helpers/stack';

function demoApp(context: Record<string, string> = {}): DemoStack {
  return buildDemoApp(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }));
}

describe('demo app with consumer=false', () => {
  let template: Template;
  let withConsumer: Template;

  beforeAll(() => {
    template = Template.fromStack(demoApp({ consumer: 'false' }));
    withConsumer = Template.fromStack(demoApp());
  }, SYNTH_TIMEOUT_MS);

  it('has no Lambda function and no event source mapping', () => {
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
  });

  it('keeps the three queues, the state machine and the four alarms of the full app', () => {
    for (const type of ['AWS::SQS::Queue', 'AWS::SQS::QueuePolicy', 'AWS::StepFunctions::StateMachine', 'AWS::CloudWatch::Alarm']) {
      expect(Object.keys(template.findResources(type)).length, type).toBe(Object.keys(withConsumer.findResources(type)).length);
      expect(Object.keys(template.findResources(type)).length, type).toBeGreaterThan(0);
    }
    // maxReceiveCount defaults to maxAttempts (4) + 1 since a retry may stay in place as one more receive.
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }) });
  });

  it('outputs everything but ConsumerFunctionName', () => {
    const expected = Object.values(DEMO_OUTPUTS).filter((name) => name !== DEMO_OUTPUTS.consumerFunctionName);
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual(expected.sort());
  });

  it('consumer=true is the default app with its consumer', () => {
    Template.fromStack(demoApp({ consumer: 'true' })).resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
  });

  it('rejects a consumer value that is not true or false, naming the key', () => {
    expect(() => demoApp({ consumer: 'no' })).toThrow(BackoffValidationError);
    expect(() => demoApp({ consumer: 'no' })).toThrow('context consumer must be true or false (given "no")');
  });
});
