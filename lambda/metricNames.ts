/**
 * The runtime's CloudWatch metrics, by the names the consumer writes (Embedded Metric Format) and
 * the construct's alarms, dashboard and `status` read. Dependency-free: bundled into every consumer.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */

/** The namespace unless `BACKOFF_METRICS_NAMESPACE` (the construct's `metricsNamespace`) names another. */
export const DEFAULT_METRICS_NAMESPACE = 'SqsBackoff';

/** Metric names, each with the one unit it is written in. */
export const METRIC = Object.freeze({
  processed: 'Processed',
  recovered: 'Recovered',
  attempt: 'Attempt',
  timeToSuccess: 'TimeToSuccess',
  parked: 'Parked',
  parkDelay: 'ParkDelay',
  fallback: 'Fallback',
  parkFailed: 'ParkFailed',
  deadLettered: 'DeadLettered',
  deadLetterFailed: 'DeadLetterFailed',
  /** Failing records outage protection parked for a probe interval without counting the attempt. */
  held: 'Held',
} as const);

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** Dimension names: every metric has the queue's name; a few one more. A message id never is one. */
export const DIMENSION = Object.freeze({
  queue: 'QueueName',
  transport: 'Transport',
  reason: 'Reason',
  fallbackCause: 'FallbackCause',
} as const);

/**
 * EMF limits: a MetricDirective lists at most 100 metrics, a DimensionSet at most 30 dimensions
 * (CloudWatch's limit per metric), and a metric's value array at most 100 members.
 */
export const EMF_LIMITS = Object.freeze({ metricsPerDirective: 100, dimensionsPerSet: 30, valuesPerMetric: 100 });

/** CloudWatch namespaces: 1–255 ASCII characters of these, not starting with `:` nor `AWS/` (reserved). */
const NAMESPACE_PATTERN = /^[0-9A-Za-z._#:/ -]{1,255}$/;

/**
 * Why `namespace` cannot be a CloudWatch namespace, or undefined when it can.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Namespace
 */
export function namespaceProblem(namespace: string): string | undefined {
  if (!NAMESPACE_PATTERN.test(namespace) || namespace.trim() === '') {
    return 'must be 1 to 255 characters of 0-9 A-Z a-z . - _ / # : and space, not all spaces';
  }
  if (namespace.startsWith(':')) return 'must not start with a colon';
  if (namespace.startsWith('AWS/')) return 'must not start with AWS/ (reserved for AWS services)';
  return undefined;
}

/** The queue name a queue URL ends with: the `QueueName` dimension. */
export function queueNameOf(queueUrl: string): string {
  const slash = queueUrl.lastIndexOf('/');
  return slash < 0 ? queueUrl : queueUrl.slice(slash + 1);
}
