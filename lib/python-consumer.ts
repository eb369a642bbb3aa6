import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { BackoffEventSourceOptions, PythonConsumerProps } from './backoff-consumer-props';
import { acknowledgeBuiltConsumer } from './checker-acknowledgements';
import { CONSUMER_DEFAULTS } from './consumer-defaults';
import { pythonConsumerRuntime } from './consumer-runtime';
import { ConsumerBindOptions, ConsumerSource, builtConsumerRoleAndLogs, eventSourceOf } from './consumer-source';
import { pythonRuntimeLayer } from './python-layer';

/** `BackoffConsumer.python`: the user's code on a Python runtime, with the `sqs_backoff` layer. */
export class PythonConsumerSource implements ConsumerSource {
  public readonly eventSource: BackoffEventSourceOptions;
  public readonly timeout: Duration;
  public readonly memorySize: number;
  public readonly environment: Record<string, string> | undefined;

  constructor(private readonly props: PythonConsumerProps) {
    this.eventSource = eventSourceOf(props);
    this.timeout = props.timeout ?? CONSUMER_DEFAULTS.timeout;
    this.memorySize = props.memorySize ?? CONSUMER_DEFAULTS.memorySize;
    this.environment = props.environment;
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
