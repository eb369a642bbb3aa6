import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { DIMENSION, METRIC } from '../lambda/metricNames';

/**
 * The consumer runtime's metrics (Embedded Metric Format, lambda/runtime/metrics.ts) for one
 * queue: the names, namespace and dimensions the runtime writes, as `cloudwatch.Metric`s.
 * Counts are summed per minute; distributions default to their p50.
 */
export class RuntimeMetrics {
  constructor(
    private readonly namespace: string,
    /** The work queue's name: the runtime's `QueueName` dimension. */
    private readonly queueName: string,
  ) {}

  public metric(metricName: string, extra: Record<string, string> = {}, statistic = 'Sum', props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.namespace,
      metricName,
      dimensionsMap: { [DIMENSION.queue]: this.queueName, ...extra },
      statistic,
      period: Duration.minutes(1),
      ...props,
    });
  }

  public processed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.processed, {}, 'Sum', props);
  }

  public recovered(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.recovered, {}, 'Sum', props);
  }

  public attempt(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.attempt, {}, 'p50', props);
  }

  public timeToSuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.timeToSuccess, {}, 'p50', props);
  }

  public parked(transport?: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.parked, transport === undefined ? {} : { [DIMENSION.transport]: transport }, 'Sum', props);
  }

  public parkDelay(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.parkDelay, {}, 'p50', props);
  }

  public fallbacks(cause?: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.fallback, cause === undefined ? {} : { [DIMENSION.fallbackCause]: cause }, 'Sum', props);
  }

  public parkFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.parkFailed, {}, 'Sum', props);
  }

  public deadLettered(reason?: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.deadLettered, reason === undefined ? {} : { [DIMENSION.reason]: reason }, 'Sum', props);
  }

  public deadLetterFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.deadLetterFailed, {}, 'Sum', props);
  }
}
