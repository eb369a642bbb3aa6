import { Duration, Fn, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { grantSendToQueue } from './kms-grants';

/** Properties of a {@link RetryStateMachine}. */
export interface RetryStateMachineProps {
  /**
   * The work queue parked messages return to. The state machine may send to it and to the
   * dead-letter queue only.
   */
  readonly queue: sqs.IQueue;

  /** Where a message goes when its requeue keeps failing. */
  readonly deadLetterQueue: sqs.IQueue;

  /**
   * Whether both queues are FIFO queues. The sends then take `MessageGroupId` and
   * `MessageDeduplicationId` from the input's `messageGroupId` and `messageDeduplicationId`.
   *
   * @default false
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues.html
   */
  readonly fifo?: boolean;

  /**
   * How long the execution log group keeps its events.
   *
   * @default logs.RetentionDays.ONE_MONTH
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * A customer managed key for the execution log group. Its key policy must let CloudWatch
   * Logs use it (`BackoffQueue` adds that statement).
   *
   * @default - encrypted by CloudWatch Logs with its own key
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
   */
  readonly logGroupEncryptionKey?: kms.IKey;

  /**
   * What happens to the execution log group when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The names of the states, part of the contract with operators reading execution histories.
 */
export const RETRY_STATE_NAMES = Object.freeze({
  wait: 'WaitForBackoff',
  requeue: 'Requeue',
  deadLetter: 'DeadLetter',
  failed: 'RequeueFailed',
});

/** The error a requeue that ended in the dead-letter queue fails its execution with. */
export const REQUEUE_FAILED_ERROR = 'Backoff.RequeueFailed';

/**
 * Retries of the SendMessage steps themselves. SQS throttling and 5xx answers are transient;
 * full jitter spreads the retries of many parked messages that all woke up together.
 */
const SEND_RETRY: sfn.RetryProps = {
  errors: [sfn.Errors.ALL],
  interval: Duration.seconds(1),
  maxAttempts: 6,
  backoffRate: 2,
  maxDelay: Duration.seconds(30),
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * A Standard workflow that holds a failed message for its backoff delay, then sends it back to
 * the work queue:
 *
 * `WaitForBackoff` (`SecondsPath: $.delaySeconds`) → `Requeue` (`sqs:sendMessage` of `$.body`
 * with `$.attributes` to `$.queueUrl`); should the requeue still fail after its own retries,
 * `DeadLetter` sends `$.body` with `$.deadLetterAttributes` to the dead-letter queue and the
 * execution ends in `RequeueFailed`, so the executions-failed alarm fires even though the
 * message is safe. Logs every state transition (level ALL, without execution data) and traces
 * with X-Ray.
 *
 * Its input is the wire contract's `ParkInput` (`lambda/contract.ts`).
 */
export class RetryStateMachine extends Construct {
  /** The Wait state's name, as execution histories show it (`RETRY_STATE_NAMES.wait`). */
  public static readonly WAIT_STATE_NAME: string = RETRY_STATE_NAMES.wait;
  /** The state that sends the message back to the work queue. */
  public static readonly REQUEUE_STATE_NAME: string = RETRY_STATE_NAMES.requeue;
  /** The state that sends the message to the dead-letter queue when the requeue keeps failing. */
  public static readonly DEAD_LETTER_STATE_NAME: string = RETRY_STATE_NAMES.deadLetter;
  /** The Fail state an execution ends in after `DEAD_LETTER_STATE_NAME`. */
  public static readonly FAILED_STATE_NAME: string = RETRY_STATE_NAMES.failed;
  /** The error of that Fail state, for alarms and history filters (`REQUEUE_FAILED_ERROR`). */
  public static readonly REQUEUE_FAILED_ERROR: string = REQUEUE_FAILED_ERROR;

  public readonly stateMachine: sfn.StateMachine;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RetryStateMachineProps) {
    super(scope, id);
    const fifo = props.fifo ?? false;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: vendedLogGroupName(this),
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      encryptionKey: props.logGroupEncryptionKey,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.stateMachine = new sfn.StateMachine(this, 'Resource', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(this.definition(props, fifo)),
      comment: 'Waits out a backoff delay, then returns the message to its SQS queue',
      // Every state transition, so an operator can follow a retry; never execution data,
      // because message bodies may hold personal data.
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'CloudWatch Logs delivery and X-Ray tracing have no resource-level permissions; every SQS and Step Functions grant is scoped',
    });

    grantSendToQueue(props.queue, this.stateMachine);
    grantSendToQueue(props.deadLetterQueue, this.stateMachine);
  }

  private definition(props: RetryStateMachineProps, fifo: boolean): sfn.IChainable {
    const wait = new sfn.Wait(this, RETRY_STATE_NAMES.wait, {
      time: sfn.WaitTime.secondsPath('$.delaySeconds'),
    });
    const requeue = sendMessage(this, RETRY_STATE_NAMES.requeue, {
      'QueueUrl.$': '$.queueUrl',
      'MessageAttributes.$': '$.attributes',
      ...fifoParameters(fifo),
    });
    const deadLetter = sendMessage(this, RETRY_STATE_NAMES.deadLetter, {
      QueueUrl: props.deadLetterQueue.queueUrl,
      'MessageAttributes.$': '$.deadLetterAttributes',
      ...fifoParameters(fifo),
    });
    const failed = new sfn.Fail(this, RETRY_STATE_NAMES.failed, {
      error: REQUEUE_FAILED_ERROR,
      cause: 'The message could not be returned to its queue and was sent to the dead-letter queue',
    });
    // The error goes beside the input, not over it: DeadLetter still needs $.body.
    requeue.addCatch(deadLetter.next(failed), { errors: [sfn.Errors.ALL], resultPath: '$.requeueError' });
    return wait.next(requeue);
  }
}

/**
 * How long one SendMessage attempt may take. A Task has no timeout of its own otherwise, and the
 * Wait is only as long as it is (`ONE_YEAR_LIMIT`) because what follows it is bounded.
 */
const SEND_TIMEOUT_SECONDS = 60;

/**
 * The optimized SQS integration. `MessageBody.$` takes the body string as is; passing an object
 * would make Step Functions JSON-encode it a second time.
 */
function sendMessage(scope: Construct, id: string, parameters: Record<string, unknown>): sfn.CustomState {
  return new sfn.CustomState(scope, id, {
    stateJson: {
      Type: 'Task',
      Resource: `arn:${Stack.of(scope).partition}:states:::sqs:sendMessage`,
      Parameters: { 'MessageBody.$': '$.body', ...parameters },
      TimeoutSeconds: SEND_TIMEOUT_SECONDS,
    },
  }).addRetry(SEND_RETRY);
}

/**
 * FIFO sends need a group and a deduplication id; the runtime puts both in the input (the
 * message's own group, and an id unique to this park) so that a retried send is deduplicated
 * instead of delivered twice.
 */
function fifoParameters(fifo: boolean): Record<string, string> {
  if (!fifo) return {};
  return {
    'MessageGroupId.$': '$.messageGroupId',
    'MessageDeduplicationId.$': '$.messageDeduplicationId',
  };
}

/**
 * Step Functions log delivery asks for the `/aws/vendedlogs/` prefix, so that the account's
 * CloudWatch Logs resource policy does not grow with every state machine. A fixed name would
 * collide with the group a deleted stack retained, so the stack's UUID ends it.
 */
function vendedLogGroupName(scope: Construct): string {
  const stackUuid = Fn.select(2, Fn.split('/', Stack.of(scope).stackId));
  return `/aws/vendedlogs/states/${Names.uniqueResourceName(scope, { maxLength: 400 })}-${stackUuid}`;
}
