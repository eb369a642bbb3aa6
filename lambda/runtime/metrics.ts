import { DIMENSION, EMF_LIMITS, METRIC, MetricName } from '../metricNames';

/** The dimension a metric is split by besides the queue name. */
type Split = 'transport' | 'reason' | 'fallbackCause';

const UNIT: Record<MetricName, string> = {
  Processed: 'Count',
  Recovered: 'Count',
  Attempt: 'None',
  TimeToSuccess: 'Milliseconds',
  ParkFailed: 'Count',
  DeadLetterFailed: 'Count',
  Parked: 'Count',
  ParkDelay: 'Seconds',
  DeadLettered: 'Count',
  Fallback: 'Count',
  Held: 'Count',
};
const SPLITS: readonly Split[] = ['transport', 'reason', 'fallbackCause'];
const DIMENSION_OF: Record<Split, string> = { transport: DIMENSION.transport, reason: DIMENSION.reason, fallbackCause: DIMENSION.fallbackCause };
/** Each split's count and (for `transport`) its distribution, in the order the lines list them. */
const SPLIT_METRICS: Record<Split, readonly [MetricName, MetricName?]> = {
  transport: [METRIC.parked, METRIC.parkDelay],
  reason: [METRIC.deadLettered],
  fallbackCause: [METRIC.fallback],
};

/** How often each value was seen. */
type Histogram = Map<number, number>;

/** One split value's samples: a count and, for transports, the delays. */
interface SplitSamples {
  count: number;
  values?: Histogram;
}

/** Where the lines go and what they say besides the metrics. */
export interface MetricsContext {
  readonly namespace: string;
  readonly queueName: string;
  readonly requestId?: string;
  readonly traceId?: string;
  /** ms since the epoch: the metrics' timestamp. */
  readonly timestamp: number;
}

/** One line's part of a split: its dimension value, metric names and their JSON values. */
interface Slice {
  readonly value: string;
  readonly names: MetricName[];
  readonly values: string[];
}

/**
 * What one invocation did, aggregated for CloudWatch: fed by the record processor's outcomes and
 * written at the end of the invocation as Embedded Metric Format lines (`lines`). The queue's
 * counts are plain fields, as nearly every invocation has nothing else; each line is written as a
 * string (the same bytes as `JSON.stringify` of the document), its fixed parts cached.
 */
export class InvocationMetrics {
  private processedCount = 0;
  private recoveredCount = 0;
  private parkFailedCount = 0;
  private deadLetterFailedCount = 0;
  /** Outage protection's holds; written only when there were any, so other lines keep their bytes. */
  private heldCount = 0;
  /** Messages processed on their first attempt: nearly all, so a count rather than a map entry. */
  private firstAttempts = 0;
  /** Later attempts' numbers. */
  private laterAttempts: Histogram | undefined;
  private times: Histogram | undefined;
  /** Per split, per dimension value; created on the first park or dead letter. */
  private splits: Map<Split, Map<string, SplitSamples>> | undefined;

  /** A message the handler processed on its `attempt`-th attempt; `sinceFirstMs` from its first receipt, for a retried one. */
  processed(attempt: number, sinceFirstMs: number): void {
    this.processedCount++;
    if (attempt === 1) {
      this.firstAttempts++;
      return;
    }
    add((this.laterAttempts ??= new Map()), attempt);
    if (attempt < 1) return;
    this.recoveredCount++;
    add((this.times ??= new Map()), Math.max(0, Math.round(sinceFirstMs)));
  }

  /** A retry arranged by `transport` after `delaySeconds`; `fallback` when it went there because Step Functions could not take it. */
  parked(transport: string, delaySeconds: number, fallback: string | undefined): void {
    add((this.samples('transport', transport).values ??= new Map()), delaySeconds);
    if (fallback !== undefined) this.samples('fallbackCause', fallback);
  }

  /** A failed message nothing could park: left for SQS redelivery. */
  parkFailed(): void {
    this.parkFailedCount++;
  }

  deadLettered(reason: string): void {
    this.samples('reason', reason);
  }

  /** A failing record outage protection held (parked without counting the attempt). */
  held(): void {
    this.heldCount++;
  }

  /** A message that should have been dead-lettered but whose send failed: left for SQS redelivery. */
  deadLetterFailed(): void {
    this.deadLetterFailedCount++;
  }

  /** Whether anything was recorded. */
  get empty(): boolean {
    return this.processedCount === 0 && this.splits === undefined && this.parkFailedCount === 0 && this.deadLetterFailedCount === 0 && this.heldCount === 0;
  }

  /**
   * The EMF lines for what was recorded: one in the common case. A line holds the queue's metrics
   * and at most one value of each further dimension (a dimension is one root member), so further
   * lines appear only for a second transport, reason or fallback cause in one invocation, or for a
   * distribution of more than 100 distinct values.
   */
  lines(context: MetricsContext): string[] {
    if (this.splits === undefined && this.laterAttempts === undefined && this.heldCount === 0) return [this.queueOnlyLine(context)];
    const queue = this.queueSlices();
    const bySplit = SPLITS.map((split) => splitSlices(split, this.splits?.get(split)));
    const count = Math.max(queue.length, ...bySplit.map((slices) => slices.length));
    const lines: string[] = [];
    for (let i = 0; i < count; i++) lines.push(line(context, queue[i], bySplit.map((slices) => slices[i])));
    return lines;
  }

  /**
   * The line of nearly every invocation (only first attempts processed, nothing parked or
   * dead-lettered), from a cached head: the same bytes as the general path, a fraction of its cost.
   */
  private queueOnlyLine(context: MetricsContext): string {
    const n = this.firstAttempts;
    const head = queueOnlyHead(context.namespace, context.queueName, n > 0);
    const attempts = n > 0 ? `,"Attempt":{"Values":[1],"Counts":[${n}],"Max":1,"Min":1,"Count":${n},"Sum":${n}}` : '';
    return (
      `{"_aws":{"Timestamp":${context.timestamp}${head}${ids(context)},"Processed":${this.processedCount},"Recovered":${this.recoveredCount}` +
      `${attempts},"ParkFailed":${this.parkFailedCount},"DeadLetterFailed":${this.deadLetterFailedCount}}`
    );
  }

  /** Every attempt number seen, first attempts included. */
  private attempts(): Histogram {
    const all: Histogram = new Map(this.firstAttempts > 0 ? [[1, this.firstAttempts]] : []);
    this.laterAttempts?.forEach((count, attempt) => all.set(attempt, (all.get(attempt) ?? 0) + count));
    return all;
  }

  /** The queue's metrics: the counts always (zeros included, so an alarm sees a datapoint), the distributions when seen. */
  private queueSlices(): Slice[] {
    const first: Slice = {
      value: '',
      names: [METRIC.processed, METRIC.recovered],
      values: [String(this.processedCount), String(this.recoveredCount)],
    };
    const attempts = histograms(this.attempts());
    const times = this.times === undefined ? [] : histograms(this.times);
    const slices = [first];
    for (let i = 0; i < Math.max(attempts.length, times.length); i++) {
      const slice = (slices[i] ??= { value: '', names: [], values: [] });
      if (i < attempts.length) slice.names.push(METRIC.attempt), slice.values.push(attempts[i]);
      if (i < times.length) slice.names.push(METRIC.timeToSuccess), slice.values.push(times[i]);
    }
    first.names.push(METRIC.parkFailed, METRIC.deadLetterFailed);
    first.values.push(String(this.parkFailedCount), String(this.deadLetterFailedCount));
    if (this.heldCount > 0) first.names.push(METRIC.held), first.values.push(String(this.heldCount));
    return slices;
  }

  private samples(split: Split, value: string): SplitSamples {
    const byValue = (this.splits ??= new Map()).get(split) ?? new Map<string, SplitSamples>();
    this.splits.set(split, byValue);
    let samples = byValue.get(value);
    if (samples === undefined) byValue.set(value, (samples = { count: 0 }));
    samples.count++;
    return samples;
  }
}

function add(histogram: Histogram, sample: number): void {
  histogram.set(sample, (histogram.get(sample) ?? 0) + 1);
}

/** A split's slices in dimension-value order; a value with over 100 distinct delays takes several (its count in the first). */
function splitSlices(split: Split, byValue: Map<string, SplitSamples> | undefined): Slice[] {
  if (byValue === undefined) return [];
  const [countName, valuesName] = SPLIT_METRICS[split];
  const slices: Slice[] = [];
  for (const value of [...byValue.keys()].sort()) {
    const samples = byValue.get(value)!;
    slices.push({ value, names: [countName], values: [String(samples.count)] });
    if (valuesName === undefined || samples.values === undefined) continue;
    histograms(samples.values).forEach((histogram, i) => {
      if (i > 0) slices.push({ value, names: [], values: [] });
      const slice = slices[slices.length - 1];
      slice.names.push(valuesName);
      slice.values.push(histogram);
    });
  }
  return slices;
}

/** A distribution as JSON histograms of at most 100 distinct values each, values ascending. */
function histograms(samples: Histogram): string[] {
  if (samples.size === 1) {
    // Nearly every invocation: all its messages on their first attempt.
    const [[value, count]] = samples;
    return [`{"Values":[${value}],"Counts":[${count}],"Max":${value},"Min":${value},"Count":${count},"Sum":${value * count}}`];
  }
  const values = [...samples.keys()].sort((a, b) => a - b);
  const out: string[] = [];
  for (let start = 0; start < values.length; start += EMF_LIMITS.valuesPerMetric) {
    const chunk = values.slice(start, start + EMF_LIMITS.valuesPerMetric);
    const counts = chunk.map((value) => samples.get(value)!);
    let sum = 0;
    let count = 0;
    for (let i = 0; i < chunk.length; i++) (sum += chunk[i] * counts[i]), (count += counts[i]);
    out.push(`{"Values":[${chunk.join(',')}],"Counts":[${counts.join(',')}],"Max":${chunk[chunk.length - 1]},"Min":${chunk[0]},"Count":${count},"Sum":${sum}}`);
  }
  return out;
}

/** The fixed part of the last queue-only line: one queue per function, so one entry is enough. */
let lastHead: { readonly namespace: string; readonly queueName: string; readonly withAttempts: boolean; readonly json: string } | undefined;

function queueOnlyHead(namespace: string, queueName: string, withAttempts: boolean): string {
  if (lastHead?.namespace !== namespace || lastHead.queueName !== queueName || lastHead.withAttempts !== withAttempts) {
    const names: MetricName[] = withAttempts
      ? [METRIC.processed, METRIC.recovered, METRIC.attempt, METRIC.parkFailed, METRIC.deadLetterFailed]
      : [METRIC.processed, METRIC.recovered, METRIC.parkFailed, METRIC.deadLetterFailed];
    const json = `,"CloudWatchMetrics":[${directive(namespace, undefined, names)}]},"${DIMENSION.queue}":${JSON.stringify(queueName)}`;
    lastHead = { namespace, queueName, withAttempts, json };
  }
  return lastHead.json;
}

function ids(context: MetricsContext): string {
  return (
    (context.requestId === undefined ? '' : `,"requestId":${JSON.stringify(context.requestId)}`) +
    (context.traceId === undefined ? '' : `,"traceId":${JSON.stringify(context.traceId)}`)
  );
}

/** A slice's metrics as JSON members, each after a comma. */
function members(slice: Slice): string {
  let json = '';
  for (let i = 0; i < slice.names.length; i++) json += `,"${slice.names[i]}":${slice.values[i]}`;
  return json;
}

/** A bit per metric name: a directive's names as one number, its cache key. */
const BIT = Object.fromEntries(Object.keys(UNIT).map((name, i) => [name, 1 << i])) as Record<MetricName, number>;
/** The directives' JSON of one namespace (one per function), by split and names: the same few in every invocation. */
let directives: { namespace: string; readonly json: Map<number, string> } = { namespace: '', json: new Map() };

function directive(namespace: string, split: Split | undefined, names: readonly MetricName[]): string {
  if (directives.namespace !== namespace) directives = { namespace, json: new Map() };
  let key = (split === undefined ? 0 : SPLITS.indexOf(split) + 1) << 16;
  for (let i = 0; i < names.length; i++) key |= BIT[names[i]];
  let json = directives.json.get(key);
  if (json === undefined) {
    // Split metrics are also written per queue alone: their totals, for alarms and `status`.
    const dimensions = split === undefined ? [[DIMENSION.queue]] : [[DIMENSION.queue], [DIMENSION.queue, DIMENSION_OF[split]]];
    json = JSON.stringify({ Namespace: namespace, Dimensions: dimensions, Metrics: names.map((name) => ({ Name: name, Unit: UNIT[name] })) });
    directives.json.set(key, json);
  }
  return json;
}

/** One EMF document: `_aws` first, then the dimensions, the request and trace ids, then the metrics. */
function line(context: MetricsContext, queue: Slice | undefined, splits: ReadonlyArray<Slice | undefined>): string {
  const parts: string[] = [];
  let dimensions = `,${JSON.stringify(DIMENSION.queue)}:${JSON.stringify(context.queueName)}`;
  let metrics = '';
  if (queue !== undefined) {
    parts.push(directive(context.namespace, undefined, queue.names));
    metrics += members(queue);
  }
  for (let i = 0; i < splits.length; i++) {
    const slice = splits[i];
    if (slice === undefined) continue;
    if (slice.names.length > 0) parts.push(directive(context.namespace, SPLITS[i], slice.names));
    dimensions += `,"${DIMENSION_OF[SPLITS[i]]}":${JSON.stringify(slice.value)}`;
    metrics += members(slice);
  }
  return `{"_aws":{"Timestamp":${context.timestamp},"CloudWatchMetrics":[${parts.join(',')}]}${dimensions}${ids(context)}${metrics}}`;
}
