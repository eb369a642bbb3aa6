import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { BackoffEventSourceOptions } from './backoff-consumer-props';
import { CONSUMER_DEFAULTS } from './consumer-defaults';
import { pythonConsumerRuntime } from './consumer-runtime';
import { ConsumerBindOptions, ConsumerSource, eventSourceOf } from './consumer-source';
import { isOwnedFunction, runtimeNameOf } from './construct-identity';
import { pythonRuntimeLayer } from './python-layer';

/**
 * `BackoffConsumer.fromFunction`: the user's function. One of this app gets the `BACKOFF_*`
 * environment, and the `sqs_backoff` layer when it runs Python; an imported one cannot be
 * changed, so `BackoffQueue` warns what its owner must set.
 */
export class ExistingConsumerSource implements ConsumerSource {
  public readonly eventSource: BackoffEventSourceOptions;
  public readonly timeout: Duration | undefined;
  public readonly memorySize = undefined;
  public readonly environment = undefined;

  constructor(private readonly fn: lambda.IFunction, options: BackoffEventSourceOptions) {
    this.eventSource = eventSourceOf(options);
    this.timeout = isOwnedFunction(fn) ? fn.timeout ?? CONSUMER_DEFAULTS.lambdaTimeout : undefined;
  }

  public bind(_scope: Construct, options: ConsumerBindOptions): lambda.IFunction {
    const { fn } = this;
    if (!isOwnedFunction(fn)) return fn;
    Object.entries(options.environment).forEach(([name, value]) => fn.addEnvironment(name, value));
    if (runtimeNameOf(fn)?.startsWith('python') === true) {
      pythonConsumerRuntime(fn.runtime, 'the consumer function\'s runtime');
      // In the function's own stack, which may not be the queue's.
      fn.addLayers(pythonRuntimeLayer(fn));
    }
    return fn;
  }
}
