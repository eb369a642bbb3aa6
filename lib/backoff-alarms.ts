import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BackoffValidationError } from './backoff-validation-error';

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
  /**
   * Messages sent to the dead-letter queue (`AWS/SQS NumberOfMessagesSent` of the DLQ).
   *
   * @default - no dead-letter-arrivals alarm
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
   */
  readonly deadLetterArrivals?: cloudwatch.IMetric;
  /**
   * Throttled consumer invocations (`AWS/Lambda Throttles`).
   *
   * @default - no consumer-throttles alarm
   * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
   */
  readonly consumerThrottles?: cloudwatch.IMetric;
  /**
   * Throttled retry executions (`AWS/States ExecutionThrottled`).
   *
   * @default - no executions-throttled alarm
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
   */
  readonly executionsThrottled?: cloudwatch.IMetric;
  /**
   * Timed-out retry executions (`AWS/States ExecutionsTimedOut`).
   *
   * @default - no executions-timed-out alarm
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
   */
  readonly executionsTimedOut?: cloudwatch.IMetric;
  /**
   * Retries the visibility-timeout fallback carried (the runtime's `Fallback`).
   *
   * @default - no fallbacks alarm
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format.html
   */
  readonly fallbacks?: cloudwatch.IMetric;
  /**
   * Dead letters of one reason (the runtime's `DeadLettered` by `Reason`), for each reason
   * named in `deadLettersByReason.reasons`.
   *
   * @default - no dead-letters-by-reason alarms
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format.html
   */
  readonly deadLettersOfReason?: IDeadLetterReasonMetrics;
}

/** The runtime's `DeadLettered` metric for one reason. */
export interface IDeadLetterReasonMetrics {
  /** `DeadLettered` with dimension `Reason` = `reason`. */
  metricDeadLettered(reason: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * How one alarm fires, in the manner of cdk-monitoring-constructs: every field defaults to the
 * alarm's own default (see the README's alarms table).
 */
export interface BackoffAlarmOptions {
  /**
   * Create the alarm at all.
   *
   * @default true
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
   */
  readonly enabled?: boolean;
  /**
   * The value the metric must reach (greater than or equal) to alarm.
   *
   * Valid range: ≥ 0.
   * @default - the alarm's own default (README, "Alarms")
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
   */
  readonly threshold?: number;
  /**
   * The period over which the metric is aggregated.
   *
   * Valid range: 10 seconds, 30 seconds, or a whole number of minutes up to 1 day.
   * @default - the alarm's own default (1 minute for most)
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
   */
  readonly period?: Duration;
  /**
   * The number of periods evaluated.
   *
   * Valid range: 1 to 100 (and at most one day of periods).
   * @default - the alarm's own default (1 for most)
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation
   */
  readonly evaluationPeriods?: number;
  /**
   * How many of the evaluated periods must breach ("M out of N").
   *
   * Valid range: 1 to `evaluationPeriods`.
   * @default - evaluationPeriods
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation
   */
  readonly datapointsToAlarm?: number;
  /**
   * What a period without data counts as.
   *
   * @default cloudwatch.TreatMissingData.NOT_BREACHING (an idle queue is healthy)
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
   */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
}

/** The dead-letters-by-reason alarms: one alarm per reason. */
export interface DeadLettersByReasonAlarmOptions extends BackoffAlarmOptions {
  /**
   * The dead-letter reasons (`x-backoff.reason`) that each get an alarm.
   *
   * Valid range: `exhausted`, `non-retryable`, `elapsed`, `too-large`, `redelivered`.
   * @default ['too-large', 'redelivered'] - the reasons that mean the pipeline, not the message, failed
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format.html
   */
  readonly reasons?: string[];
}

/** Which alarms get the actions. */
export enum AlarmNotification {
  /** Every alarm (and not the composite): one notification per alarm that fires. */
  EACH_ALARM = 'EACH_ALARM',
  /** Only the composite alarm: one notification however many alarms fire. */
  COMPOSITE_ONLY = 'COMPOSITE_ONLY',
}

/** Every alarm of a `BackoffQueue`, and where they notify. */
export interface BackoffAlarmsOptions {
  /**
   * Alarm: the dead-letter queue holds a visible message.
   *
   * @default - threshold 1, 1 minute, 1 of 1
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly deadLetterMessages?: BackoffAlarmOptions;
  /**
   * Alarm: the work queue’s oldest message is old (threshold in seconds).
   *
   * @default - threshold `oldestMessageAgeThreshold` (900 s), 1 minute, 1 of 1
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly oldestMessageAge?: BackoffAlarmOptions;
  /**
   * Alarm: a retry execution failed.
   *
   * @default - threshold 1, 1 minute, 1 of 1 (only with a state machine)
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly executionsFailed?: BackoffAlarmOptions;
  /**
   * Alarm: the consumer threw or timed out.
   *
   * @default - threshold 1, 1 minute, 1 of 1
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly consumerErrors?: BackoffAlarmOptions;
  /**
   * Alarm: messages were sent to the dead-letter queue.
   *
   * @default - threshold 1, 1 minute, 1 of 1
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly deadLetterArrivals?: BackoffAlarmOptions;
  /**
   * Alarm: the consumer is throttled.
   *
   * @default - threshold 1, 1 minute, 5 of 5 (throttling that lasts)
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly consumerThrottles?: BackoffAlarmOptions;
  /**
   * Alarm: StartExecution is throttled.
   *
   * @default - threshold 1, 1 minute, 1 of 1 (only with a state machine)
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly executionsThrottled?: BackoffAlarmOptions;
  /**
   * Alarm: a retry execution timed out.
   *
   * @default - threshold 1, 1 minute, 1 of 1 (only with a state machine)
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly executionsTimedOut?: BackoffAlarmOptions;
  /**
   * Alarm: retries went to the visibility-timeout fallback.
   *
   * @default - threshold 10, 5 minutes, 1 of 1
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format.html
   */
  readonly fallbacks?: BackoffAlarmOptions;
  /**
   * Alarm: dead letters of chosen reasons, one alarm per reason.
   *
   * @default - reasons too-large and redelivered, threshold 1, 1 minute, 1 of 1
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format.html
   */
  readonly deadLettersByReason?: DeadLettersByReasonAlarmOptions;

  /**
   * Actions when an alarm goes to ALARM, besides `alarmTopic`.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-actions
   */
  readonly alarmActions?: cloudwatch.IAlarmAction[];
  /**
   * Actions when an alarm returns to OK.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-actions
   */
  readonly okActions?: cloudwatch.IAlarmAction[];
  /**
   * Create one composite alarm that is in ALARM while any alarm is.
   *
   * @default true
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html
   */
  readonly composite?: boolean;
  /**
   * Which alarms carry the actions.
   *
   * @default AlarmNotification.EACH_ALARM
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html
   */
  readonly notify?: AlarmNotification;
}

/** Properties of {@link BackoffAlarms}. */
export interface BackoffAlarmsProps extends BackoffAlarmsOptions {
  readonly metrics: BackoffAlarmMetrics;

  /**
   * Where alarms are sent when they go into ALARM (a shorthand for an `SnsAction` in `alarmActions`).
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

/** The alarms of a backoff queue; an alarm turned off (or without its metric) is undefined. */
export interface BackoffAlarmSet {
  /**
   * The dead-letter queue holds at least one visible message.
   *
   * @default - undefined when turned off with `alarms.deadLetterMessages.enabled: false`
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly deadLetterMessages?: cloudwatch.Alarm;
  /**
   * The work queue's oldest message is at least `oldestMessageAgeThreshold` old.
   *
   * @default - undefined when turned off with `alarms.oldestMessageAge.enabled: false`
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly oldestMessageAge?: cloudwatch.Alarm;
  /**
   * At least one retry execution failed (a requeue that ended in the dead-letter queue).
   *
   * @default - undefined when the transport has no state machine
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
   */
  readonly executionsFailed?: cloudwatch.Alarm;
  /**
   * The consumer function reported at least one error.
   *
   * @default - undefined when turned off with `alarms.consumerErrors.enabled: false`
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly consumerErrors?: cloudwatch.Alarm;
  /**
   * Messages arrived in the dead-letter queue.
   *
   * @default - undefined when turned off with `alarms.deadLetterArrivals.enabled: false`
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly deadLetterArrivals?: cloudwatch.Alarm;
  /**
   * The consumer was throttled.
   *
   * @default - undefined when turned off with `alarms.consumerThrottles.enabled: false`
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly consumerThrottles?: cloudwatch.Alarm;
  /**
   * StartExecution was throttled.
   *
   * @default - undefined when turned off with `alarms.executionsThrottled.enabled: false` (only with a state machine)
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly executionsThrottled?: cloudwatch.Alarm;
  /**
   * A retry execution timed out: its message, acknowledged when parked, may be lost.
   *
   * @default - undefined when turned off with `alarms.executionsTimedOut.enabled: false` (only with a state machine)
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly executionsTimedOut?: cloudwatch.Alarm;
  /**
   * Retries went to the visibility-timeout fallback (a StartExecution storm, or oversized inputs).
   *
   * @default - undefined when turned off with `alarms.fallbacks.enabled: false`
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
   */
  readonly fallbacks?: cloudwatch.Alarm;
  /** One alarm per reason of `deadLettersByReason.reasons`, in that order. */
  readonly deadLettersByReason: cloudwatch.Alarm[];
  /**
   * In ALARM while any of the others is.
   *
   * @default - undefined when `alarms.composite` is false
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html
   */
  readonly composite?: cloudwatch.CompositeAlarm;
}

/** The reasons the runtime dead-letters with (the state machine's `requeue-failed` writes no metric). */
export const RUNTIME_DEAD_LETTER_REASONS = Object.freeze(['exhausted', 'non-retryable', 'elapsed', 'too-large', 'redelivered']);

/** An alarm's defaults where they differ from threshold 1, 1 minute, 1 of 1, missing data not breaching. */
type AlarmDefaults = Pick<BackoffAlarmOptions, 'threshold' | 'period' | 'evaluationPeriods' | 'datapointsToAlarm'>;

/** The documented defaults of every alarm (the README table is generated from them). */
export const ALARM_DEFAULTS: Readonly<Record<Exclude<keyof BackoffAlarmSet, 'composite'>, AlarmDefaults & { readonly description: string }>> = Object.freeze({
  deadLetterMessages: { description: 'the dead-letter queue holds a visible message (AWS/SQS ApproximateNumberOfMessagesVisible, Maximum)' },
  oldestMessageAge: { threshold: 900, description: 'the work queue’s oldest message is this many seconds old (AWS/SQS ApproximateAgeOfOldestMessage, Maximum)' },
  executionsFailed: { description: 'a retry execution failed (AWS/States ExecutionsFailed, Sum); with a state machine' },
  consumerErrors: { description: 'the consumer threw or timed out (AWS/Lambda Errors, Sum)' },
  deadLetterArrivals: { description: 'messages were sent to the dead-letter queue (AWS/SQS NumberOfMessagesSent, Sum)' },
  consumerThrottles: { evaluationPeriods: 5, datapointsToAlarm: 5, description: 'the consumer was throttled for 5 minutes in a row (AWS/Lambda Throttles, Sum)' },
  executionsThrottled: { description: 'StartExecution was throttled (AWS/States ExecutionThrottled, Sum); with a state machine' },
  executionsTimedOut: { description: 'a retry execution timed out (AWS/States ExecutionsTimedOut, Sum); with a state machine' },
  fallbacks: { threshold: 10, period: Duration.minutes(5), description: 'retries went to the visibility-timeout fallback (Fallback, Sum)' },
  deadLettersByReason: { description: 'dead letters of a reason in `reasons` (DeadLettered by Reason, Sum; default too-large, redelivered)' },
});

const DEFAULT_DEAD_LETTER_ALARM_REASONS = ['too-large', 'redelivered'];

/**
 * CloudWatch alarms over a backoff queue, each tunable (threshold, period, evaluation periods,
 * datapoints, missing data) and switchable off, joined by one composite alarm. Missing data is
 * not breaching by default: an idle queue, or a state machine that never ran, is healthy.
 */
export class BackoffAlarms extends Construct {
  public readonly alarms: BackoffAlarmSet;

  constructor(scope: Construct, id: string, props: BackoffAlarmsProps) {
    super(scope, id);
    validateOptions(props);
    const { metrics } = props;
    const ageThreshold = props.oldestMessageAgeThreshold ?? Duration.minutes(15);
    const byReason = props.deadLettersByReason ?? {};
    const reasons = byReason.enabled === false || metrics.deadLettersOfReason === undefined ? [] : (byReason.reasons ?? DEFAULT_DEAD_LETTER_ALARM_REASONS);
    const alarms: Omit<BackoffAlarmSet, 'composite'> = {
      deadLetterMessages: this.alarm('DeadLetterMessages', metrics.deadLetterMessages, props.deadLetterMessages, 'Messages are waiting in the dead-letter queue'),
      oldestMessageAge: this.alarm('OldestMessageAge', metrics.oldestMessageAge, { threshold: ageThreshold.toSeconds(), ...props.oldestMessageAge },
        `The oldest message in the work queue is at least ${describe(ageThreshold, props.oldestMessageAge?.threshold)} old`),
      executionsFailed: this.alarm('ExecutionsFailed', metrics.executionsFailed, props.executionsFailed,
        'A retry execution failed: a message could not be requeued and went to the dead-letter queue'),
      consumerErrors: this.alarm('ConsumerErrors', metrics.consumerErrors, props.consumerErrors, 'The consumer function threw or timed out; its batch will be redelivered'),
      deadLetterArrivals: this.alarm('DeadLetterArrivals', metrics.deadLetterArrivals, props.deadLetterArrivals, 'Messages were sent to the dead-letter queue'),
      consumerThrottles: this.alarm('ConsumerThrottles', metrics.consumerThrottles, { ...ALARM_DEFAULTS.consumerThrottles, ...props.consumerThrottles },
        'The consumer function is being throttled: messages wait in the queue'),
      executionsThrottled: this.alarm('ExecutionsThrottled', metrics.executionsThrottled, props.executionsThrottled,
        'StartExecution of the retry state machine was throttled; retries go to the visibility-timeout fallback'),
      executionsTimedOut: this.alarm('ExecutionsTimedOut', metrics.executionsTimedOut, props.executionsTimedOut,
        'A retry execution timed out: its message may not have been requeued'),
      fallbacks: this.alarm('Fallbacks', metrics.fallbacks, { ...ALARM_DEFAULTS.fallbacks, ...props.fallbacks },
        'Retries went to the visibility-timeout fallback: Step Functions was throttled, failing, or the message too large for it'),
      deadLettersByReason: reasons.map((reason) => this.alarm(`DeadLettered-${reason}`, metrics.deadLettersOfReason!.metricDeadLettered(reason), byReason,
        `Messages were dead-lettered with reason ${reason}`)!),
    };
    const all = [...Object.values(alarms).flat()].filter((alarm): alarm is cloudwatch.Alarm => alarm !== undefined);
    const composite = props.composite === false || all.length === 0 ? undefined : new cloudwatch.CompositeAlarm(this, 'Composite', {
      alarmRule: cloudwatch.AlarmRule.anyOf(...all),
      alarmDescription: 'Any alarm of this backoff queue is in ALARM',
    });
    this.alarms = { ...alarms, composite };
    this.addActions(props, props.notify === AlarmNotification.COMPOSITE_ONLY ? (composite ? [composite] : []) : all);
  }

  private addActions(props: BackoffAlarmsProps, targets: ReadonlyArray<cloudwatch.AlarmBase>): void {
    const onAlarm = [...(props.alarmTopic === undefined ? [] : [new actions.SnsAction(props.alarmTopic)]), ...(props.alarmActions ?? [])];
    for (const alarm of targets) {
      if (onAlarm.length > 0) alarm.addAlarmAction(...onAlarm);
      if ((props.okActions ?? []).length > 0) alarm.addOkAction(...props.okActions!);
    }
  }

  private alarm(id: string, metric: cloudwatch.IMetric | undefined, options: BackoffAlarmOptions | undefined, description: string): cloudwatch.Alarm | undefined {
    if (metric === undefined || options?.enabled === false) return undefined;
    const withPeriod = options?.period === undefined ? metric : (metric as cloudwatch.Metric).with({ period: options.period });
    return new cloudwatch.Alarm(this, id, {
      metric: withPeriod,
      threshold: options?.threshold ?? 1,
      evaluationPeriods: options?.evaluationPeriods ?? 1,
      datapointsToAlarm: options?.datapointsToAlarm,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options?.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
  }
}

const OPTION_KEYS = ['deadLetterMessages', 'oldestMessageAge', 'executionsFailed', 'consumerErrors', 'deadLetterArrivals', 'consumerThrottles',
  'executionsThrottled', 'executionsTimedOut', 'fallbacks', 'deadLettersByReason'] as const;

/** Ranges PutMetricAlarm enforces, checked at synth with the option's name. */
function validateOptions(props: BackoffAlarmsOptions): void {
  for (const key of OPTION_KEYS) {
    const options = props[key];
    if (options === undefined) continue;
    const name = `alarms.${key}`;
    const known = (n: number | undefined): n is number => n !== undefined && !Token.isUnresolved(n);
    if (known(options.threshold) && !(options.threshold >= 0)) {
      throw new BackoffValidationError(`${name}.threshold must be 0 or more (given ${options.threshold})`);
    }
    const evaluation = options.evaluationPeriods ?? ALARM_DEFAULTS[key].evaluationPeriods ?? 1;
    if (known(options.evaluationPeriods) && !(Number.isInteger(evaluation) && evaluation >= 1 && evaluation <= 100)) {
      throw new BackoffValidationError(`${name}.evaluationPeriods must be a whole number between 1 and 100 (given ${evaluation})`);
    }
    if (known(options.datapointsToAlarm) && !Token.isUnresolved(evaluation) && !(Number.isInteger(options.datapointsToAlarm) && options.datapointsToAlarm >= 1 && options.datapointsToAlarm <= evaluation)) {
      throw new BackoffValidationError(`${name}.datapointsToAlarm must be a whole number between 1 and evaluationPeriods ${evaluation} (given ${options.datapointsToAlarm})`);
    }
    const period = options.period;
    if (period !== undefined && !period.isUnresolved()) {
      const seconds = period.toSeconds({ integral: false });
      if (!(seconds === 10 || seconds === 30 || (seconds % 60 === 0 && seconds >= 60 && seconds <= 86_400))) {
        throw new BackoffValidationError(`${name}.period must be 10 seconds, 30 seconds or a whole number of minutes up to 1 day (given ${seconds} seconds)`);
      }
      if (seconds * evaluation > 86_400) {
        throw new BackoffValidationError(`${name}.period × evaluationPeriods must be at most 1 day (given ${seconds} s × ${evaluation})`);
      }
    }
  }
  for (const reason of props.deadLettersByReason?.reasons ?? []) {
    if (!RUNTIME_DEAD_LETTER_REASONS.includes(reason)) {
      throw new BackoffValidationError(`alarms.deadLettersByReason.reasons must each be one of ${RUNTIME_DEAD_LETTER_REASONS.join(', ')} (given ${JSON.stringify(reason)})`);
    }
  }
}

function describe(threshold: Duration, overrideSeconds: number | undefined): string {
  if (overrideSeconds !== undefined) return Token.isUnresolved(overrideSeconds) ? 'the configured threshold' : `${overrideSeconds} seconds`;
  return threshold.isUnresolved() ? 'the configured threshold' : threshold.toHumanString();
}
