import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { PythonConsumerProps } from './backoff-consumer-props';
import { acknowledgeBuiltConsumer } from './checker-acknowledgements';
import { pythonConsumerRuntime } from './consumer-runtime';
import { BuiltConsumerSource, ConsumerBindOptions, builtConsumerRoleAndLogs } from './consumer-source';
import { pythonRuntimeLayer } from './python-layer';

/** `BackoffConsumer.python`: the user's code on a Python runtime, with the `sqs_backoff` layer. */
export class PythonConsumerSource extends BuiltConsumerSource {
  constructor(private readonly props: PythonConsumerProps) {
    super(props);
  }

  public bind(scope: Construct, options: ConsumerBindOptions): lambda.IFunction {
    const { props } = this;
    const runtime = pythonConsumerRuntime(props.runtime);
    const { role, logGroup } = builtConsumerRoleAndLogs(scope, options.logGroup);
    const fn = new lambda.Function(scope, 'Consumer', {
      role,
      code: props.code,
      handler: props.handler,
      runtime,
      layers: [pythonRuntimeLayer(scope)],
      tracing: props.tracing ?? lambda.Tracing.ACTIVE,
      timeout: this.timeout,
      memorySize: this.memorySize,
      environment: { ...props.environment, ...options.environment },
      logGroup,
    });
    acknowledgeBuiltConsumer(fn, role, 'python');
    return fn;
  }
}
