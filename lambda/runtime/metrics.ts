import { DIMENSION, EMF_LIMITS, METRIC, MetricName } from '../metricNames';

/** The dimension a metric is split by besides the queue name, if any. */
type Split = 'queue' | 'transport' | 'reason' | 'fallbackCause';

/** Where each metric goes, its unit and whether it is a count (a sum) or a distribution (values and counts). */
const LAYOUT: ReadonlyArray<{ readonly name: MetricName; readonly split: Split; readonly unit: string; readonly distribution: boolean }> = [
  { name: METRIC.processed, split: 'queue', unit: 'Count', distribution: false },
  { name: METRIC.recovered, split: 'queue', unit: 'Count', distribution: false },
  { name: METRIC.attempt, split: 'queue', unit: 'None', distribution: true },
  { name: METRIC.timeToSuccess, split: 'queue', unit: 'Milliseconds', distribution: true },
  { name: METRIC.parkFailed, split: 'queue', unit: 'Count', distribution: false },
  { name: METRIC.deadLetterFailed, split: 'queue', unit: 'Count', distribution: false },
  { name: METRIC.held, split: 'queue', unit: 'Count', distribution: false },
  { name: METRIC.parked, split: 'transport', unit: 'Count', distribution: false },
  { name: METRIC.parkDelay, split: 'transport', unit: 'Seconds', distribution: true },
  { name: METRIC.deadLettered, split: 'reason', unit: 'Count', distribution: false },
  { name: METRIC.fallback, split: 'fallbackCause', unit: 'Count', distribution: false },
];

const SPLITS: readonly Split[] = ['queue', 'transport', 'reason', 'fallbackCause'];
const DIMENSION_OF: Record<Exclude<Split, 'queue'>, string> = { transport: DIMENSION.transport, reason: DIMENSION.reason, fallbackCause: DIMENSION.fallbackCause };
/** Counts always written for the queue, zeros included: an alarm then sees a datapoint, not missing data. */
const ALWAYS: readonly MetricName[] = [METRIC.processed, METRIC.recovered, METRIC.parkFailed, METRIC.deadLetterFailed];

/** One metric's samples: a count, or how often each value was seen. */
type Samples = number | Map<number, number>;

/** Where the lines go and what they say besides the metrics. */
export interface MetricsContext {
  readonly namespace: string;
  readonly queueName: string;
  readonly requestId?: string;
  readonly traceId?: string;
  /** ms since the epoch: the metrics' timestamp. */
  readonly timestamp: number;
}

/** A distribution as EMF takes it: distinct values with how often each occurred, and their statistics. */
interface Histogram {
  Values: number[];
  Counts: number[];
  Max: number;
  Min: number;
  Count: number;
  Sum: number;
}

/**
 * What one invocation did, aggregated for CloudWatch: fed by the record processor's outcomes and
 * written at the end of the invocation as Embedded Metric Format lines (`emfLines`). Counting
 * is a map update per outcome; nothing is serialized until the end.
 */
export class InvocationMetrics {
  /** split → dimension value ('' for the queue) → metric → samples. */
  private readonly data = new Map<Split, Map<string, Map<MetricName, Samples>>>();

  /** A message the handler processed on its `attempt`-th attempt; `sinceFirstMs` from its first receipt, for a retried one. */
  processed(attempt: number, sinceFirstMs: number): void {
    this.count('queue', '', METRIC.processed);
    this.observe('queue', '', METRIC.attempt, attempt);
    if (attempt <= 1) return;
    this.count('queue', '', METRIC.recovered);
    this.observe('queue', '', METRIC.timeToSuccess, Math.max(0, Math.round(sinceFirstMs)));
  }

  /** A retry arranged by `transport` after `delaySeconds`; `fallback` when it went there because Step Functions could not take it. */
  parked(transport: string, delaySeconds: number, fallback: string | undefined): void {
    this.count('transport', transport, METRIC.parked);
    this.observe('transport', transport, METRIC.parkDelay, delaySeconds);
    if (fallback !== undefined) this.count('fallbackCause', fallback, METRIC.fallback);
  }

  /** A failed message nothing could park: left for SQS redelivery. */
  /** A failing record outage protection held (parked without counting the attempt). */
  held(): void {
    this.count('queue', '', METRIC.held);
  }

  parkFailed(): void {
    this.count('queue', '', METRIC.parkFailed);
  }

  deadLettered(reason: string): void {
    this.count('reason', reason, METRIC.deadLettered);
  }

  /** A message that should have been dead-lettered but whose send failed: left for SQS redelivery. */
  deadLetterFailed(): void {
    this.count('queue', '', METRIC.deadLetterFailed);
  }

  /** Whether anything was recorded. */
  get empty(): boolean {
    return this.data.size === 0;
  }

  /**
   * The EMF lines for what was recorded: one in the common case. A line holds the queue's metrics
   * and at most one value of each further dimension (a dimension is one root member), so further
   * lines appear only for a second transport, reason or fallback cause in one invocation, or for a
   * distribution of more than 100 distinct values.
   */
  lines(context: MetricsContext): string[] {
    const slicesBySplit = SPLITS.map((split) => slicesOf(split, this.data.get(split)));
    const lineCount = Math.max(1, ...slicesBySplit.map((slices) => slices.length));
    const lines: string[] = [];
    for (let i = 0; i < lineCount; i++) {
      const present = SPLITS.map((split, s) => ({ split, slice: slicesBySplit[s][i] })).filter((entry) => entry.slice !== undefined);
      lines.push(JSON.stringify(document(context, present as Array<{ split: Split; slice: Slice }>)));
    }
    return lines;
  }

  private bucket(split: Split, value: string): Map<MetricName, Samples> {
    let byValue = this.data.get(split);
    if (byValue === undefined) this.data.set(split, (byValue = new Map()));
    let metrics = byValue.get(value);
    if (metrics === undefined) byValue.set(value, (metrics = new Map()));
    return metrics;
  }

  private count(split: Split, value: string, name: MetricName): void {
    const metrics = this.bucket(split, value);
    metrics.set(name, ((metrics.get(name) as number | undefined) ?? 0) + 1);
  }

  private observe(split: Split, value: string, name: MetricName, sample: number): void {
    const metrics = this.bucket(split, value);
    let histogram = metrics.get(name) as Map<number, number> | undefined;
    if (histogram === undefined) metrics.set(name, (histogram = new Map()));
    histogram.set(sample, (histogram.get(sample) ?? 0) + 1);
  }
}

/** One dimension value's metrics as one line carries them. */
interface Slice {
  readonly value: string;
  readonly metrics: Array<[MetricName, number | Histogram]>;
}

/**
 * The slices of one split, in dimension-value order: a value whose distributions hold more than
 * 100 distinct values takes several slices (its counts go with the first).
 */
function slicesOf(split: Split, byValue: Map<string, Map<MetricName, Samples>> | undefined): Slice[] {
  if (split === 'queue') byValue ??= new Map([['', new Map()]]);
  if (byValue === undefined) return [];
  const slices: Slice[] = [];
  for (const value of [...byValue.keys()].sort()) {
    const samples = byValue.get(value)!;
    const chunks: Slice[] = [{ value, metrics: [] }];
    for (const { name, split: of, distribution } of LAYOUT) {
      if (of !== split) continue;
      const sample = samples.get(name);
      if (!distribution) {
        if (sample !== undefined || (split === 'queue' && ALWAYS.includes(name))) chunks[0].metrics.push([name, (sample as number | undefined) ?? 0]);
        continue;
      }
      if (sample === undefined) continue;
      histogramsOf(sample as Map<number, number>).forEach((histogram, i) => (chunks[i] ??= { value, metrics: [] }).metrics.push([name, histogram]));
    }
    slices.push(...chunks);
  }
  return slices;
}

/** A distribution as histograms of at most 100 distinct values each, values ascending. */
function histogramsOf(samples: Map<number, number>): Histogram[] {
  const values = [...samples.keys()].sort((a, b) => a - b);
  const histograms: Histogram[] = [];
  for (let start = 0; start < values.length; start += EMF_LIMITS.valuesPerMetric) {
    const chunk = values.slice(start, start + EMF_LIMITS.valuesPerMetric);
    const counts = chunk.map((value) => samples.get(value)!);
    let sum = 0;
    chunk.forEach((value, i) => (sum += value * counts[i]));
    histograms.push({ Values: chunk, Counts: counts, Max: chunk[chunk.length - 1], Min: chunk[0], Count: counts.reduce((a, b) => a + b, 0), Sum: sum });
  }
  return histograms;
}

/** One EMF document: `_aws` first, then the dimensions, the request and trace ids, then the metrics. */
function document(context: MetricsContext, present: Array<{ split: Split; slice: Slice }>): Record<string, unknown> {
  const directives = present.map(({ split, slice }) => ({
    Namespace: context.namespace,
    // Split metrics are also written per queue alone: their totals, for alarms and `status`.
    Dimensions: split === 'queue' ? [[DIMENSION.queue]] : [[DIMENSION.queue], [DIMENSION.queue, DIMENSION_OF[split]]],
    Metrics: slice.metrics.map(([name]) => ({ Name: name, Unit: unitOf(name) })),
  }));
  const root: Record<string, unknown> = { _aws: { Timestamp: context.timestamp, CloudWatchMetrics: directives.filter((d) => d.Metrics.length > 0) } };
  root[DIMENSION.queue] = context.queueName;
  for (const { split, slice } of present) if (split !== 'queue') root[DIMENSION_OF[split]] = slice.value;
  if (context.requestId !== undefined) root.requestId = context.requestId;
  if (context.traceId !== undefined) root.traceId = context.traceId;
  for (const { slice } of present) for (const [name, value] of slice.metrics) root[name] = value;
  return root;
}

function unitOf(name: MetricName): string {
  return LAYOUT.find((entry) => entry.name === name)!.unit;
}
