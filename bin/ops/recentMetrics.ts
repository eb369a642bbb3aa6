/**
 * `status`'s "last 15 minutes": the runtime's own metrics (lambda/runtime/metrics.ts) read back
 * with one GetMetricData call: retries by transport, dead letters by reason, time to success.
 */
import { CloudWatchClient, GetMetricDataCommand, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { TRANSPORT_NAMES } from '../../lambda/contract';
import { DEFAULT_METRICS_NAMESPACE, DIMENSION, METRIC, queueNameOf } from '../../lambda/metricNames';

export const RECENT_MINUTES = 15;
/** The reasons the runtime dead-letters with (the state machine's requeue-failed writes no metric). */
const REASONS = ['exhausted', 'non-retryable', 'elapsed', 'too-large', 'redelivered'];
const TRANSPORTS = TRANSPORT_NAMES.filter((name) => name !== 'auto');

export interface RecentMetrics {
  readonly minutes: number;
  /** Retries by transport, only those with datapoints. */
  readonly parkedByTransport: Readonly<Record<string, number>>;
  readonly deadLetteredByReason: Readonly<Record<string, number>>;
  /** Milliseconds; undefined without datapoints. */
  readonly timeToSuccessP50?: number;
  readonly timeToSuccessP99?: number;
  /** Failing records outage protection held without counting an attempt; undefined without datapoints. */
  readonly held?: number;
  /** Whether the endpoint answered with any datapoint at all. */
  readonly hasData: boolean;
}

export async function recentMetrics(cloudwatch: CloudWatchClient, queueUrl: string, now: Date, namespace = DEFAULT_METRICS_NAMESPACE): Promise<RecentMetrics> {
  const queueName = queueNameOf(queueUrl);
  const period = RECENT_MINUTES * 60;
  const query = (id: string, metricName: string, stat: string, extra?: [string, string]): MetricDataQuery => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: namespace, MetricName: metricName, Dimensions: [{ Name: DIMENSION.queue, Value: queueName }, ...(extra ? [{ Name: extra[0], Value: extra[1] }] : [])] },
      Period: period,
      Stat: stat,
    },
  });
  const queries = [
    ...TRANSPORTS.map((transport, i) => query(`parked${i}`, METRIC.parked, 'Sum', [DIMENSION.transport, transport])),
    ...REASONS.map((reason, i) => query(`dead${i}`, METRIC.deadLettered, 'Sum', [DIMENSION.reason, reason])),
    query('tts50', METRIC.timeToSuccess, 'p50'),
    query('tts99', METRIC.timeToSuccess, 'p99'),
    query('held', METRIC.held, 'Sum'),
  ];
  const answer = await cloudwatch.send(
    new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(now.getTime() - period * 1000), EndTime: now }),
  );
  const values = new Map((answer.MetricDataResults ?? []).map((result) => [result.Id!, result.Values ?? []]));
  const sum = (id: string) => (values.get(id) ?? []).reduce((a, b) => a + b, 0);
  const present = (id: string) => (values.get(id) ?? []).length > 0;
  const byName = (names: string[], prefix: string) => Object.fromEntries(names.map((name, i) => [name, `${prefix}${i}`] as const).filter(([, id]) => present(id)).map(([name, id]) => [name, sum(id)]));
  return {
    minutes: RECENT_MINUTES,
    parkedByTransport: byName(TRANSPORTS, 'parked'),
    deadLetteredByReason: byName(REASONS, 'dead'),
    timeToSuccessP50: present('tts50') ? values.get('tts50')![0] : undefined,
    timeToSuccessP99: present('tts99') ? values.get('tts99')![0] : undefined,
    held: present('held') ? sum('held') : undefined,
    hasData: queries.some((q) => present(q.Id!)),
  };
}

/** The table rows of the recent metrics; one row when the endpoint has none. */
export function recentRows(recent: RecentMetrics): Array<[string, string | number, string]> {
  const label = `last ${recent.minutes} min`;
  if (!recent.hasData) return [[`${label}: metrics`, '-', 'no datapoints: the endpoint has none for this queue (MiniStack keeps no EMF metrics)']];
  const counts = (c: Readonly<Record<string, number>>) => Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const ms = (v: number | undefined) => (v === undefined ? 'n/a' : `${Math.round(v)} ms`);
  return [
    [`${label}: retries`, Object.values(recent.parkedByTransport).reduce((a, b) => a + b, 0), `by transport: ${counts(recent.parkedByTransport)}`],
    [`${label}: dead letters`, Object.values(recent.deadLetteredByReason).reduce((a, b) => a + b, 0), `by reason: ${counts(recent.deadLetteredByReason)}`],
    [`${label}: time to success`, ms(recent.timeToSuccessP50), `p50; p99 ${ms(recent.timeToSuccessP99)}`],
    // Only when outage protection held something: a row that is always 0 would say nothing.
    ...(recent.held ? [[`${label}: outage holds`, recent.held, 'failing records held for a probe interval, attempts not counted (outage protection)'] as [string, number, string]] : []),
  ];
}
