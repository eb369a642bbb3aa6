import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/** What a transport is bound to: the queues of one `BackoffQueue`. */
export interface RetryTransportBindOptions {
  /** The work queue retried messages return to. */
  readonly queue: sqs.IQueue;
  /** Where a message goes when its requeue keeps failing. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Whether both queues are FIFO queues. */
  readonly fifo: boolean;
  /** How long the log groups of resources the transport creates keep their events. */
  readonly logRetention: logs.RetentionDays;
  /** What happens to resources the transport creates when they leave the stack. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * The key that encrypts the log groups of resources the transport creates.
   *
   * @default - encrypted by CloudWatch Logs with its own key
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
   */
  readonly logGroupEncryptionKey?: kms.IKey;
}

/** What a bound transport made, and what the consumer needs to use it. */
export interface RetryTransportConfig {
  /** The transport that carries retries (`auto` on a FIFO queue binds as `visibility-timeout`). */
  readonly transportName: string;
  /**
   * The retry state machine the consumer starts executions of.
   *
   * @default - none: this transport needs no Step Functions
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html
   */
  readonly stateMachine?: sfn.StateMachine;
  /**
   * A queue the consumer sends delayed copies to (`sqs:SendMessage`).
   *
   * @default - none: this transport sends no copies itself
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
   */
  readonly requeueQueue?: sqs.IQueue;
  /** Variables the consumer runtime reads to pick and drive this transport. */
  readonly environment: Record<string, string>;
}
