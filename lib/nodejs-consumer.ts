import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { NodejsConsumerProps } from './backoff-consumer-props';
import { acknowledgeBuiltConsumer } from './checker-acknowledgements';
import { bundlingTargetFor, consumerRuntime } from './consumer-runtime';
import { BuiltConsumerSource, ConsumerBindOptions, builtConsumerRoleAndLogs } from './consumer-source';

/** `BackoffConsumer.nodejs`: a `NodejsFunction` bundled locally by esbuild. */
export class NodejsConsumerSource extends BuiltConsumerSource {
  constructor(private readonly props: NodejsConsumerProps) {
    super(props);
  }

  public bind(scope: Construct, options: ConsumerBindOptions): lambda.IFunction {
    const { props } = this;
    const runtime = consumerRuntime(props.runtime);
    const { role, logGroup } = builtConsumerRoleAndLogs(scope, options.logGroup);
    const fn = new nodejs.NodejsFunction(scope, 'Consumer', {
      role,
      entry: props.entry,
      handler: props.handler ?? 'handler',
      runtime,
      tracing: props.tracing ?? lambda.Tracing.ACTIVE,
      timeout: this.timeout,
      memorySize: this.memorySize,
      environment: { ...sourceMapSupport(props.bundling), ...props.environment, ...options.environment },
      depsLockFilePath: props.depsLockFilePath,
      logGroup,
      bundling: {
        minify: true,
        // Error class names travel in x-backoff.lastError and the logs: minified ones say nothing.
        keepNames: true,
        sourceMap: true,
        target: bundlingTargetFor(runtime),
        // Node.js 22 and 24 runtimes ship AWS SDK v3; bundling it would only grow cold starts.
        externalModules: ['@aws-sdk/*'],
        ...props.bundling,
      },
    });
    acknowledgeBuiltConsumer(fn, role, 'nodejs');
    return fn;
  }
}

/** Source maps only shape stack traces when Node.js is told to read them. */
function sourceMapSupport(bundling: nodejs.BundlingOptions | undefined): Record<string, string> {
  return bundling?.sourceMap === false ? {} : { NODE_OPTIONS: '--enable-source-maps' };
}
