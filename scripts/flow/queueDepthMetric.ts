import { CloudWatchClient, GetMetricStatisticsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { SQSClient } from '@aws-sdk/client-sqs';
import { queueDepth as readQueueDepth } from '../../bin/ops/status';

export interface QueueDepthReading {
  /** The metric's latest Maximum over the last five minutes. */
  readonly metricValue: number | undefined;
  /** The depth SQS itself reports right now. */
  readonly queueDepth: number;
  /** `aws` when the datapoint came from SQS; `stand-in` when this function published it. */
  readonly source: 'aws' | 'stand-in';
}

/**
 * Reads `AWS/SQS ApproximateNumberOfMessagesVisible` for a queue, the metric the DLQ alarm
 * watches. Emulators publish no AWS/SQS metrics: with `standIn` the queue's real depth (from
 * GetQueueAttributes) is first published under the same namespace, name and dimension, standing
 * in for SQS's own publisher, so the alarm is evaluated on real data. Never use `standIn` against
 * AWS, where SQS publishes the metric itself (and `AWS/` namespaces are reserved).
 */
export async function readQueueDepthMetric(
  cloudwatch: CloudWatchClient,
  sqs: SQSClient,
  queueUrl: string,
  options: { readonly standIn: boolean },
): Promise<QueueDepthReading> {
  const queueName = queueUrl.split('/').pop()!;
  const queueDepth = (await readQueueDepth(sqs, queueUrl)).visible;
  if (options.standIn) {
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/SQS',
        MetricData: [
          {
            MetricName: 'ApproximateNumberOfMessagesVisible',
            Dimensions: [{ Name: 'QueueName', Value: queueName }],
            Value: queueDepth,
            Unit: 'Count',
            Timestamp: new Date(),
          },
        ],
      }),
    );
  }
  return { metricValue: await latestMaximum(cloudwatch, queueName), queueDepth, source: options.standIn ? 'stand-in' : 'aws' };
}

/** Emulators listen on loopback; AWS never does. */
export function isLocalEndpoint(endpoint: string | undefined): boolean {
  return endpoint !== undefined && /^https?:\/\/(127\.|localhost|\[::1\])/.test(endpoint);
}

async function latestMaximum(cloudwatch: CloudWatchClient, queueName: string): Promise<number | undefined> {
  const now = Date.now();
  const { Datapoints = [] } = await cloudwatch.send(
    new GetMetricStatisticsCommand({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: queueName }],
      StartTime: new Date(now - 5 * 60_000),
      EndTime: new Date(now + 60_000),
      Period: 60,
      Statistics: ['Maximum'],
    }),
  );
  const latest = Datapoints.sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0))[0];
  return latest?.Maximum;
}
