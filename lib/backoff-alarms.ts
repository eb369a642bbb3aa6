import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * The metrics a {@link BackoffAlarms} watches. `BackoffQueue`'s `metric*` methods produce them,
 * so a dashboard and the alarms read the same numbers.
 */
export interface BackoffAlarmMetrics {
  /** Visible messages in the dead-letter queue (`ApproximateNumberOfMessagesVisible`). */
  readonly deadLetterMessages: cloudwatch.IMetric;
  /** Age of the oldest message in the work queue (`ApproximateAgeOfOldestMessage`, seconds). */
  readonly oldestMessageAge: cloudwatch.IMetric;
  /**
   * Failed retry-state-machine executions (`ExecutionsFailed`).
   *
   * @default - no executions-failed alarm: the transport has no state machine
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
   */
  readonly executionsFailed?: cloudwatch.IMetric;
  /** Consumer invocations that threw or timed out (`Errors`). */
  readonly consumerErrors: cloudwatch.IMetric;
}

/** Properties of {@link BackoffAlarms}. */
export interface BackoffAlarmsProps {
  readonly metrics: BackoffAlarmMetrics;

  /**
   * Where alarms are sent when they go into ALARM.
   *
   * @default - no actions: the alarms only change state
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * The work queue's oldest message age that raises the alarm. Parked messages leave the queue,
   * so an old message means the consumer is not keeping up or is crash-looping.
   *
   * Valid range: 1 minute to the work queue's retention period.
   * @default Duration.minutes(15)
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
   */
  readonly oldestMessageAgeThreshold?: Duration;
}

/** The alarms of a backoff queue: four, or three when the transport has no state machine. */
export interface BackoffAlarmSet {
  /** The dead-letter queue holds at least one visible message. */
  readonly deadLetterMessages: cloudwatch.Alarm;
  /** The work queue's oldest message is at least `oldestMessageAgeThreshold` old. */
  readonly oldestMessageAge: cloudwatch.Alarm;
  /**
   * At least one retry execution failed (a requeue that ended in the dead-letter queue).
   *
   * @default - undefined when the transport has no state machine
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
   */
  readonly executionsFailed?: cloudwatch.Alarm;
  /** The consumer function reported at least one error. */
  readonly consumerErrors: cloudwatch.Alarm;
}

/**
 * CloudWatch alarms over a backoff queue. Missing data is not breaching: an idle queue, or a
 * state machine that never ran, is healthy.
 */
export class BackoffAlarms extends Construct {
  public readonly alarms: BackoffAlarmSet;

  constructor(scope: Construct, id: string, props: BackoffAlarmsProps) {
    super(scope, id);
    const threshold = props.oldestMessageAgeThreshold ?? Duration.minutes(15);
    const { metrics } = props;
    this.alarms = {
      deadLetterMessages: this.atLeast('DeadLetterMessages', metrics.deadLetterMessages, 1,
        'Messages are waiting in the dead-letter queue'),
      oldestMessageAge: this.atLeast('OldestMessageAge', metrics.oldestMessageAge, threshold.toSeconds(),
        `The oldest message in the work queue is at least ${describe(threshold)} old`),
      executionsFailed: metrics.executionsFailed === undefined ? undefined : this.atLeast('ExecutionsFailed', metrics.executionsFailed, 1,
        'A retry execution failed: a message could not be requeued and went to the dead-letter queue'),
      consumerErrors: this.atLeast('ConsumerErrors', metrics.consumerErrors, 1,
        'The consumer function threw or timed out; its batch will be redelivered'),
    };
    if (props.alarmTopic !== undefined) {
      const action = new actions.SnsAction(props.alarmTopic);
      Object.values(this.alarms).forEach((alarm: cloudwatch.Alarm | undefined) => alarm?.addAlarmAction(action));
    }
  }

  private atLeast(id: string, metric: cloudwatch.IMetric, threshold: number, description: string): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
  }
}

function describe(threshold: Duration): string {
  return threshold.isUnresolved() ? 'the configured threshold' : threshold.toHumanString();
}
