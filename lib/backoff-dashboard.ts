import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { TRANSPORT_NAMES } from '../lambda/contract';
import { RUNTIME_DEAD_LETTER_REASONS } from './backoff-alarms';
import { RuntimeMetrics } from './backoff-runtime-metrics';

/** What the widgets draw: the queues, the consumer, the state machine and the runtime's metrics. */
export interface BackoffWidgetSources {
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly consumer: lambda.IFunction;
  /**
   * The retry state machine, whose executions get a widget.
   *
   * @default - no state machine widget: the transport has none
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
   */
  readonly stateMachine?: sfn.IStateMachine;
  readonly runtime: RuntimeMetrics;
}

/** The fallback causes the runtime writes (`FallbackCause`). */
const FALLBACK_CAUSES = ['too-large-for-step-functions', 'step-functions-throttled', 'step-functions-failed'];
const WIDTH = 8;
const HEIGHT = 6;
const MINUTE = Duration.minutes(1);

/**
 * The widgets of a backoff queue's dashboard, in reading order: the work queue, the dead-letter
 * queue, retries, fallbacks, time to success, the consumer and (with one) the state machine.
 */
export function backoffWidgets(sources: BackoffWidgetSources): cloudwatch.IWidget[] {
  const { queue, deadLetterQueue, consumer, stateMachine, runtime } = sources;
  const max = { statistic: 'Maximum', period: MINUTE };
  const sum = { statistic: 'Sum', period: MINUTE };
  const transports = TRANSPORT_NAMES.filter((name) => name !== 'auto');
  const widgets: cloudwatch.IWidget[] = [
    graph('Work queue: depth, in flight, oldest age (s)', [
      queue.metricApproximateNumberOfMessagesVisible({ ...max, label: 'waiting' }),
      queue.metricApproximateNumberOfMessagesNotVisible({ ...max, label: 'in flight' }),
    ], [queue.metricApproximateAgeOfOldestMessage({ ...max, label: 'oldest age (s)' })]),
    graph('Dead-letter queue: depth and arrivals by reason', [
      deadLetterQueue.metricApproximateNumberOfMessagesVisible({ ...max, label: 'depth' }),
      deadLetterQueue.metricNumberOfMessagesSent({ ...sum, label: 'arrivals' }),
      ...RUNTIME_DEAD_LETTER_REASONS.map((reason) => runtime.deadLettered(reason, { label: reason })),
    ]),
    graph('Retries by transport', transports.map((name) => runtime.parked(name, { label: name })), [
      runtime.attempt({ statistic: 'p50', label: 'attempt p50' }),
      runtime.attempt({ statistic: 'p99', label: 'attempt p99' }),
    ]),
    graph('Fallbacks and failed parks', [
      ...FALLBACK_CAUSES.map((cause) => runtime.fallbacks(cause, { label: cause })),
      runtime.parkFailed({ label: 'park failed' }),
      runtime.deadLetterFailed({ label: 'dead-letter failed' }),
    ]),
    graph('Time to success (ms)', ['p50', 'p90', 'p99'].map((statistic) => runtime.timeToSuccess({ statistic, label: statistic }))),
    graph('Consumer: errors, throttles, duration (ms)', [
      consumer.metricErrors({ ...sum, label: 'errors' }),
      consumer.metricThrottles({ ...sum, label: 'throttles' }),
    ], [
      consumer.metricDuration({ statistic: 'p50', period: MINUTE, label: 'duration p50' }),
      consumer.metricDuration({ statistic: 'p99', period: MINUTE, label: 'duration p99' }),
    ]),
  ];
  if (stateMachine !== undefined) {
    widgets.push(graph('Retry state machine: started, failed, throttled, timed out', [
      stateMachine.metricStarted({ ...sum, label: 'started' }),
      stateMachine.metricFailed({ ...sum, label: 'failed' }),
      // Built by name: the metric is ExecutionThrottled (singular), which some aws-cdk-lib versions misname.
      stateMachine.metric('ExecutionThrottled', { ...sum, label: 'throttled' }),
      stateMachine.metricTimedOut({ ...sum, label: 'timed out' }),
    ]));
  }
  return widgets;
}

function graph(title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left, right, width: WIDTH, height: HEIGHT });
}
