import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FIFTEEN_MINUTES_LIMIT, ONE_YEAR_LIMIT, TWELVE_HOURS_LIMIT, WaitLimit } from '../lambda/limits';
import { ENV, TransportName } from '../lambda/contract';
import { BackoffValidationError } from './backoff-validation-error';
import { RetryStateMachine } from './retry-state-machine';
import { RetryTransportBindOptions, RetryTransportConfig } from './retry-transport-binding';

/** Options of {@link RetryTransport.stepFunctions}. */
export interface StepFunctionsTransportOptions {
  /**
   * Whether a park Step Functions cannot take goes back to the work queue hidden for the same
   * delay by `ChangeMessageVisibility` instead of being redelivered at once or dead-lettered: a
   * park input over 256 KiB, or a `StartExecution` still throttled or failing after the SDK's own
   * retries. Each fallback is logged with its reason. A delay longer than a visibility timeout
   * carries (12 hours from the receive less 20 minutes: 42,000 s) is never shortened: such a park
   * is dead-lettered `too-large` with its reason. With it on, the
   * message's receive count grows on those retries, so `maxReceiveCount` must exceed `maxAttempts`.
   *
   * @default true
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
   */
  readonly fallbackToVisibilityTimeout?: boolean;
}

/** Options of {@link RetryTransport.auto}. */
export interface AutoTransportOptions {
  /**
   * Whether a delay over 15 minutes that Step Functions cannot take falls back to a
   * visibility-timeout delay; see `StepFunctionsTransportOptions.fallbackToVisibilityTimeout`.
   *
   * @default true
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
   */
  readonly fallbackToVisibilityTimeout?: boolean;
}

/**
 * How a failed message waits out its backoff delay. Bound by `BackoffQueue`, which validates the
 * policy's longest delay against the transport's `maxDelay` at synth.
 *
 * - `stepFunctions()`: a Standard workflow execution per retry; recall and listing; up to a year
 *   less an hour (the requeue after the Wait must end within the execution's year).
 * - `visibilityTimeout()`: the same SQS message, hidden for the delay; up to 42,000 s (12 hours from the receive, less 20 minutes); keeps FIFO order.
 * - `sqsDelay()`: a new copy sent with `DelaySeconds`; up to 15 minutes; standard queues only.
 * - `auto()`: `sqsDelay` up to 15 minutes, Step Functions beyond; `visibilityTimeout` on FIFO queues.
 */
export abstract class RetryTransport {
  /**
   * Today's transport and the default for standard queues: every retry is one Step Functions
   * Standard execution that waits, then sends the message back. Delays up to one year less an
   * hour (31,532,400 s): an execution must end within the year, requeue included.
   *
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
   */
  public static stepFunctions(options: StepFunctionsTransportOptions = {}): RetryTransport {
    return new StepFunctionsTransport('step-functions', options.fallbackToVisibilityTimeout ?? true);
  }

  /**
   * The received message itself is hidden for the delay with `ChangeMessageVisibility` and
   * reported as a batch item failure. The default for FIFO queues: a failing message holds its
   * group, so order is kept. Delays up to 42,000 s (12 hours from the receive, less 20 minutes for
   * the longest batching window and Lambda timeout); no Step Functions.
   *
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
   */
  public static visibilityTimeout(): RetryTransport {
    return new VisibilityTimeoutTransport();
  }

  /**
   * A new copy with the next `x-backoff` is sent with `DelaySeconds`; the original is
   * acknowledged only once that send succeeded. Delays up to 15 minutes; standard queues only,
   * since FIFO queues take no per-message delay.
   *
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
   */
  public static sqsDelay(): RetryTransport {
    return new SqsDelayTransport();
  }

  /**
   * `sqsDelay` for delays up to 15 minutes, Step Functions (with its fallbacks) beyond; on a FIFO
   * queue, `visibilityTimeout`. Delays up to one year less an hour (42,000 s on FIFO queues).
   *
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
   */
  public static auto(options: AutoTransportOptions = {}): RetryTransport {
    return new AutoTransport(options.fallbackToVisibilityTimeout ?? true);
  }

  /** The default of `BackoffQueueProps.transport`. */
  public static defaultFor(fifo: boolean): RetryTransport {
    return fifo ? RetryTransport.visibilityTimeout() : RetryTransport.stepFunctions();
  }

  /** The name the consumer's `BACKOFF_TRANSPORT` carries. */
  public abstract readonly transportName: string;

  /** The longest single delay this transport carries. */
  public abstract readonly maxDelay: Duration;

  /**
   * Whether a retry may hide the received message by visibility timeout, which grows its SQS
   * receive count: SQS redrive must then leave room for every attempt.
   */
  public abstract readonly delaysByVisibility: boolean;

  /** How a validation message names `maxDelay`: `one-year Step Functions`, `12-hour ChangeMessageVisibility`, … */
  public abstract readonly maxDelayReason: string;

  /**
   * The transport that really serves a queue of this kind: itself, unless FIFO changes it.
   * Throws a `BackoffValidationError` when it cannot serve a FIFO queue.
   */
  public forQueue(_fifo: boolean): RetryTransport {
    return this;
  }

  /**
   * `maxDelay` and `maxDelayReason` as the too-long-wait message takes them, with why the limit
   * is not a round figure when it is not.
   * @internal
   */
  public _maxDelayLimit(): WaitLimit {
    return { seconds: this.maxDelay.toSeconds(), description: this.maxDelayReason };
  }

  /** Creates what the transport needs beside the queues. Called once per `BackoffQueue`. */
  public abstract bind(scope: Construct, options: RetryTransportBindOptions): RetryTransportConfig;
}

/** A built-in transport: `maxDelay`, its name and why it is what it is all come from one `lambda/limits.ts` limit. */
abstract class LimitedTransport extends RetryTransport {
  public readonly maxDelay: Duration;
  public readonly maxDelayReason: string;

  constructor(private readonly limit: WaitLimit) {
    super();
    this.maxDelay = Duration.seconds(limit.seconds);
    this.maxDelayReason = limit.description;
  }

  /** @internal */
  public _maxDelayLimit(): WaitLimit {
    return this.limit;
  }
}

class StepFunctionsTransport extends LimitedTransport {
  public readonly delaysByVisibility: boolean;

  constructor(public readonly transportName: TransportName, private readonly fallback: boolean) {
    super(ONE_YEAR_LIMIT);
    this.delaysByVisibility = fallback;
  }

  public bind(scope: Construct, options: RetryTransportBindOptions): RetryTransportConfig {
    const stateMachine = new RetryStateMachine(scope, 'RetryStateMachine', {
      queue: options.queue,
      deadLetterQueue: options.deadLetterQueue,
      fifo: options.fifo,
      logRetention: options.logRetention,
      logGroupEncryptionKey: options.logGroupEncryptionKey,
      removalPolicy: options.removalPolicy,
    }).stateMachine;
    return {
      transportName: this.transportName,
      stateMachine,
      requeueQueue: this.transportName === 'auto' ? options.queue : undefined,
      environment: {
        [ENV.transport]: this.transportName,
        [ENV.visibilityFallback]: String(this.fallback),
        [ENV.stateMachineArn]: stateMachine.stateMachineArn,
      },
    };
  }
}

class AutoTransport extends StepFunctionsTransport {
  constructor(fallback: boolean) {
    super('auto', fallback);
  }

  public forQueue(fifo: boolean): RetryTransport {
    return fifo ? RetryTransport.visibilityTimeout() : this;
  }
}

class VisibilityTimeoutTransport extends LimitedTransport {
  public readonly transportName: TransportName = 'visibility-timeout';
  public readonly delaysByVisibility = true;

  constructor() {
    super(TWELVE_HOURS_LIMIT);
  }

  public bind(_scope: Construct, _options: RetryTransportBindOptions): RetryTransportConfig {
    return { transportName: this.transportName, environment: { [ENV.transport]: this.transportName } };
  }
}

class SqsDelayTransport extends LimitedTransport {
  public readonly transportName: TransportName = 'sqs-delay';
  public readonly delaysByVisibility = false;

  constructor() {
    super(FIFTEEN_MINUTES_LIMIT);
  }

  public forQueue(fifo: boolean): RetryTransport {
    if (fifo) {
      throw new BackoffValidationError(
        'transport must be stepFunctions, visibilityTimeout or auto for a FIFO queue, which takes no per-message DelaySeconds (given sqsDelay)',
      );
    }
    return this;
  }

  public bind(_scope: Construct, options: RetryTransportBindOptions): RetryTransportConfig {
    return {
      transportName: this.transportName,
      requeueQueue: options.queue,
      environment: { [ENV.transport]: this.transportName },
    };
  }
}
