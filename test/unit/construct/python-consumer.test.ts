/**
 * Python consumers: `BackoffConsumer.python` builds a `lambda.Function` with the `sqs_backoff`
 * layer (one per stack, built at synth without Docker), and gets the environment, grants,
 * tracing, timeout checks and event source exactly as a Node.js consumer; a user's own Python
 * function gets the layer too, an imported one a warning.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { BackoffConsumer, BackoffQueue, BackoffQueueProps, BackoffValidationError } from '../../../lib';
import { PYTHON_LAYER_ID } from '../../../lib/python-layer';
import { FIXTURE_ENTRY, SYNTH_TIMEOUT_MS, grantsOf, logicalIdsOf, newStack, onlyLogicalIdOf, roleOf } from '../../helpers/stack';

const PYTHON_FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'python');
const python = (props: Partial<Parameters<typeof BackoffConsumer.python>[0]> = {}) =>
  BackoffConsumer.python({ code: lambda.Code.fromAsset(PYTHON_FIXTURE), handler: 'consumer.handler', ...props });

function synth(props: Partial<BackoffQueueProps>, stack: Stack = newStack()): { stack: Stack; template: Template } {
  new BackoffQueue(stack, 'Orders', { consumer: python(), ...props });
  return { stack, template: Template.fromStack(stack) };
}

const layerRef = (template: Template) => ({ Ref: onlyLogicalIdOf(template, 'AWS::Lambda::LayerVersion') });

function consumerOf(template: Template): { id: string; properties: Record<string, any> } {
  const [mapping] = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
  const id = mapping.Properties.FunctionName.Ref as string;
  return { id, properties: template.toJSON().Resources[id].Properties };
}

describe('BackoffConsumer.python', () => {
  let template: Template;

  beforeAll(() => {
    ({ template } = synth({}));
  }, SYNTH_TIMEOUT_MS);

  it('builds a python3.13 function with the handler and the sqs_backoff layer', () => {
    template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({
      Runtime: 'python3.13',
      Handler: 'consumer.handler',
      Layers: [layerRef(template)],
    }));
  });

  it('traces with X-Ray, times out at 30 s with 256 MiB, and the work queue hides messages 6 × that', () => {
    template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({ TracingConfig: { Mode: 'Active' }, Timeout: 30, MemorySize: 256 }));
    template.hasResourceProperties('AWS::SQS::Queue', Match.objectLike({ VisibilityTimeout: 180, RedrivePolicy: Match.anyValue() }));
  });

  it('is fed by the work queue with ReportBatchItemFailures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', Match.objectLike({
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FunctionName: { Ref: consumerOf(template).id },
    }));
  });

  it('gets the BACKOFF_* environment and no NODE_OPTIONS', () => {
    const variables = consumerOf(template).properties.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(variables).filter((name) => !name.startsWith('BACKOFF_'))).toEqual([]);
    expect(variables).toMatchObject({ BACKOFF_MAX_ATTEMPTS: '5', BACKOFF_TRANSPORT: 'step-functions' });
  });

  it('declares the layer for python3.12 to python3.14', () => {
    template.hasResourceProperties('AWS::Lambda::LayerVersion', Match.objectLike({
      CompatibleRuntimes: ['python3.12', 'python3.13', 'python3.14'],
      LicenseInfo: 'MIT',
    }));
  });
});

describe('a Python consumer is wired exactly as a Node.js one', () => {
  const nodeTemplate = () => {
    const stack = newStack();
    new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }) });
    return Template.fromStack(stack);
  };
  const grantsOfConsumer = (t: Template) =>
    grantsOf(t, roleOf(t, 'AWS::Lambda::Function', consumerOf(t).id)).map((grant) => ({ ...grant, actions: [...grant.actions].sort() }));
  const mapping = (t: Template) => Object.values(t.findResources('AWS::Lambda::EventSourceMapping'))[0].Properties;

  it('the same grants on the same resources, the same environment but NODE_OPTIONS, the same event source', () => {
    // GIVEN the same queue props with each language WHEN both synthesize
    const node = nodeTemplate();
    const { template: py } = synth({});
    // THEN only the language differs
    expect(grantsOfConsumer(py)).toEqual(grantsOfConsumer(node));
    const { NODE_OPTIONS, ...nodeVariables } = consumerOf(node).properties.Environment.Variables;
    expect(NODE_OPTIONS).toBe('--enable-source-maps');
    expect(consumerOf(py).properties.Environment.Variables).toEqual(nodeVariables);
    expect(mapping(py)).toEqual(mapping(node));
  }, SYNTH_TIMEOUT_MS);
});

describe('BackoffConsumer.python props', () => {
  it.each([
    [lambda.Runtime.PYTHON_3_12, 'python3.12'],
    [lambda.Runtime.PYTHON_3_14, 'python3.14'],
  ])('runtime: takes %s', (runtime, name) => {
    const { template } = synth({ consumer: python({ runtime }) });
    template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({ Runtime: name }));
  });

  it.each([
    [lambda.Runtime.PYTHON_3_11, 'python3.11'],
    [lambda.Runtime.NODEJS_22_X, 'nodejs22.x'],
  ])('runtime: rejects %s, naming the prop, the value and the allowed ones', (runtime, name) => {
    const build = () => synth({ consumer: python({ runtime }) });
    expect(build).toThrow(BackoffValidationError);
    expect(build).toThrow(`consumer.runtime must be one of python3.12, python3.13, python3.14 (given ${name})`);
  });

  it('timeout: sets the function timeout and six times it as the visibility timeout', () => {
    const { template } = synth({ consumer: python({ timeout: Duration.minutes(1) }) });
    template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({ Timeout: 60 }));
    template.hasResourceProperties('AWS::SQS::Queue', Match.objectLike({ VisibilityTimeout: 360 }));
  });

  it('timeout: is checked against the visibility timeout as for Node.js', () => {
    expect(() => synth({ consumer: python({ timeout: Duration.minutes(2) }), queueProps: { visibilityTimeout: Duration.minutes(11) } })).toThrow(
      'queueProps.visibilityTimeout must be between 12 minutes (6 × consumer.timeout) and 12 hours (given 11 minutes)',
    );
  });

  it('memorySize: sets the function memory, and is range-checked', () => {
    synth({ consumer: python({ memorySize: 1024 }) }).template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({ MemorySize: 1024 }));
    expect(() => synth({ consumer: python({ memorySize: 64 }) })).toThrow('consumer.memorySize must be');
  });

  it('tracing: can be turned off', () => {
    synth({ consumer: python({ tracing: lambda.Tracing.DISABLED }) }).template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({
      TracingConfig: Match.absent(),
    }));
  });

  it('environment: adds variables beside the BACKOFF_* ones, which it may not set', () => {
    const { template } = synth({ consumer: python({ environment: { STAGE: 'test' } }) });
    expect(consumerOf(template).properties.Environment.Variables).toMatchObject({ STAGE: 'test', BACKOFF_MAX_ATTEMPTS: '5' });
    expect(() => synth({ consumer: python({ environment: { BACKOFF_MAX_ATTEMPTS: '9' } }) })).toThrow(
      'consumer.environment must not set BACKOFF_MAX_ATTEMPTS',
    );
  });

  it('batchSize, maxBatchingWindow, maxConcurrency: configure the event source mapping', () => {
    const { template } = synth({ consumer: python({ batchSize: 100, maxBatchingWindow: Duration.seconds(2), maxConcurrency: 5 }) });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', Match.objectLike({
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 2,
      ScalingConfig: { MaximumConcurrency: 5 },
    }));
  });
});

describe('the sqs_backoff layer', () => {
  it('is made once per stack, however many Python consumers it has', () => {
    const stack = newStack();
    new BackoffQueue(stack, 'Orders', { consumer: python() });
    new BackoffQueue(stack, 'Invoices', { consumer: python() });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::LayerVersion', 1);
    const layers = Object.values(template.findResources('AWS::Lambda::Function')).map((fn) => fn.Properties.Layers);
    expect(layers).toEqual([[layerRef(template)], [layerRef(template)]]);
  });

  it('is not made for a Node.js consumer', () => {
    const stack = newStack();
    new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.nodejs({ entry: FIXTURE_ENTRY }) });
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::LayerVersion', 0);
  });

  it('holds sqs_backoff at python/sqs_backoff, built locally at synth, without byte code', () => {
    // GIVEN a stack that really bundles WHEN it synthesizes
    const stack = newStack({ bundle: true });
    new BackoffQueue(stack, 'Orders', { consumer: python() });
    const assembly = (stack.node.root as import('aws-cdk-lib').App).synth();
    // THEN the layer's asset is a python/ folder with the package and only .py and py.typed files
    const layer = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::LayerVersion'))[0];
    const hash = String(layer.Properties.Content.S3Key).replace(/\.zip$/, '');
    const staged = path.join(assembly.directory, `asset.${hash}`);
    expect(fs.readdirSync(staged)).toEqual(['python']);
    const files = fs.readdirSync(path.join(staged, 'python'), { recursive: true }).map(String);
    expect(files).toContain(path.join('sqs_backoff', '__init__.py'));
    expect(files).toContain(path.join('sqs_backoff', 'transports'));
    expect(files.filter((file) => /__pycache__|\.pyc$/.test(file))).toEqual([]);
    expect(files.filter((file) => !fs.statSync(path.join(staged, 'python', file)).isDirectory() && !/\.py$|py\.typed$/.test(file))).toEqual([]);
  }, SYNTH_TIMEOUT_MS);

  it('is available to attach by hand from BackoffConsumer.pythonLayer, the same one per stack', () => {
    const stack = newStack();
    expect(BackoffConsumer.pythonLayer(stack)).toBe(BackoffConsumer.pythonLayer(stack));
    expect(stack.node.findChild(PYTHON_LAYER_ID)).toBe(BackoffConsumer.pythonLayer(stack));
  });
});

describe('BackoffConsumer.fromFunction with a Python function', () => {
  const usersFunction = (stack: Stack, runtime: lambda.Runtime) =>
    new lambda.Function(stack, 'UsersFunction', { runtime, handler: 'consumer.handler', code: lambda.Code.fromAsset(PYTHON_FIXTURE) });

  it('a Python lambda.Function of this app gets the layer and the environment', () => {
    const stack = newStack();
    new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.fromFunction(usersFunction(stack, lambda.Runtime.PYTHON_3_12)) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({
      Layers: [layerRef(template)],
      Environment: { Variables: Match.objectLike({ BACKOFF_MAX_ATTEMPTS: '5' }) },
    }));
  });

  it('a Node.js function gets no layer', () => {
    const stack = newStack();
    new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.fromFunction(usersFunction(stack, lambda.Runtime.NODEJS_22_X)) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::LayerVersion', 0);
    expect(logicalIdsOf(template, 'AWS::Lambda::Function', { Layers: Match.anyValue() })).toEqual([]);
  });

  it('a Python runtime the layer is not built for is a BackoffValidationError', () => {
    const build = () => {
      const stack = newStack();
      return new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.fromFunction(usersFunction(stack, lambda.Runtime.PYTHON_3_11)) });
    };
    expect(build).toThrow(BackoffValidationError);
    expect(build).toThrow("the consumer function's runtime must be one of python3.12, python3.13, python3.14 (given python3.11)");
  });

  it('an imported function gets a warning saying which layer to attach', () => {
    const stack = newStack();
    new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.fromFunction(lambda.Function.fromFunctionName(stack, 'Imported', 'orders-consumer')) });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Orders',
      Match.stringLikeRegexp(
        'an imported consumer cannot be given layers: if it runs Python, attach the sqs_backoff layer to it yourself, BackoffConsumer.pythonLayer\\(stack\\).layerVersionArn.*\\[ack: sqs-backoff:importedConsumerLayer\\]',
      ),
    );
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::LayerVersion', 0);
  });
});
