import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { BackoffEventSourceOptions, NodejsConsumerProps, PythonConsumerProps } from './backoff-consumer-props';
import { ConsumerSource } from './consumer-source';
import { ExistingConsumerSource } from './existing-consumer';
import { NodejsConsumerSource } from './nodejs-consumer';
import { PythonConsumerSource } from './python-consumer';
import { pythonRuntimeLayer } from './python-layer';

/** Marks a `BackoffConsumer` from any copy of this package (two copies' classes differ). */
const BACKOFF_CONSUMER = Symbol.for('sqs-backoff.BackoffConsumer');

/**
 * The function that processes a `BackoffQueue`'s messages: one the construct builds, in
 * Node.js (`nodejs`) or Python (`python`), or one you bring (`fromFunction`). Each gets the
 * `BACKOFF_*` environment, the grants, the timeout checks and the SQS event source alike.
 */
export class BackoffConsumer {
  /**
   * A Node.js consumer built from a TypeScript or JavaScript entry file exporting
   * `withBackoff(...)` from `sqs-backoff/runtime`.
   *
   * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html
   */
  public static nodejs(props: NodejsConsumerProps): BackoffConsumer {
    return new BackoffConsumer(new NodejsConsumerSource(props));
  }

  /**
   * A Python consumer: your code, whose handler uses `with_backoff` from `sqs_backoff`, which
   * the construct attaches as a layer it builds from this package.
   *
   * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-python.html
   */
  public static python(props: PythonConsumerProps): BackoffConsumer {
    return new BackoffConsumer(new PythonConsumerSource(props));
  }

  /**
   * A function you made. A `lambda.Function` of this app gets the `BACKOFF_*` environment (and,
   * on a Python runtime, the `sqs_backoff` layer); an imported one cannot be changed, so a synth
   * warning says what its owner must set.
   *
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
   */
  public static fromFunction(fn: lambda.IFunction, options: BackoffEventSourceOptions = {}): BackoffConsumer {
    return new BackoffConsumer(new ExistingConsumerSource(fn, options));
  }

  /**
   * The `sqs_backoff` layer of `scope`'s stack (one per stack, made on first use), for a Python
   * function the construct cannot attach it to: an imported consumer, or a producer that reads
   * `x-backoff` with it.
   *
   * @see https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html
   */
  public static pythonLayer(scope: IConstruct): lambda.ILayerVersion {
    return pythonRuntimeLayer(scope);
  }

  /** Whether `x` is a `BackoffConsumer`, from this copy of the package or another. */
  public static isBackoffConsumer(x: unknown): x is BackoffConsumer {
    return typeof x === 'object' && x !== null && BACKOFF_CONSUMER in x;
  }

  /** @internal */
  public readonly _source: ConsumerSource;

  private constructor(source: ConsumerSource) {
    this._source = source;
    Object.defineProperty(this, BACKOFF_CONSUMER, { value: true });
  }
}
