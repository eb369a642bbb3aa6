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
 * string (the same bytes as `JSON.stringify` of the document). A line that fits alone (nearly
 * every one) is concatenated from a head cached per shape; only the rare further lines take the
 * general path.
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
  /** Per split, per dimension value; each created on the split's first park or dead letter. */
  private splits: Partial<Record<Split, Map<string, SplitSamples>>> | undefined;

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
    // Holds (rare) take the general path, the one line that writes Held.
    if (this.heldCount === 0 && this.fitsOneLine()) return [this.oneLine(context)];
    const queue = this.queueSlices();
    const bySplit = SPLITS.map((split) => splitSlices(split, this.splits?.[split]));
    const count = Math.max(queue.length, ...bySplit.map((slices) => slices.length));
    const lines: string[] = [];
    for (let i = 0; i < count; i++) lines.push(line(context, queue[i], bySplit.map((slices) => slices[i])));
    return lines;
  }

  /** At most one value per split and at most 100 distinct values per distribution (the first attempts' 1 counted). */
  private fitsOneLine(): boolean {
    const { splits, laterAttempts, times } = this;
    if ((laterAttempts?.size ?? 0) >= VALUES || (times?.size ?? 0) > VALUES) return false;
    if (splits === undefined) return true;
    const { transport, reason, fallbackCause } = splits;
    if (transport !== undefined && (transport.size > 1 || transport.values().next().value!.values!.size > VALUES)) return false;
    return (reason?.size ?? 0) <= 1 && (fallbackCause?.size ?? 0) <= 1;
  }

  /** The whole of what was recorded as one line: the general path's bytes, from a head cached per shape (which metrics and splits). */
  private oneLine(context: MetricsContext): string {
    const n = this.firstAttempts;
    const attempts =
      this.laterAttempts === undefined ? (n > 0 ? `{"Values":[1],"Counts":[${n}],"Max":1,"Min":1,"Count":${n},"Sum":${n}}` : '') : histograms(this.attempts())[0];
    const times = this.times === undefined ? '' : histograms(this.times)[0];
    let shape = (attempts ? 1 : 0) | (times ? 2 : 0);
    let dimensions = '';
    let metrics =
      `,"Processed":${this.processedCount},"Recovered":${this.recoveredCount}${attempts && `,"Attempt":${attempts}`}${times && `,"TimeToSuccess":${times}`}` +
      `,"ParkFailed":${this.parkFailedCount},"DeadLetterFailed":${this.deadLetterFailedCount}`;
    const { splits } = this;
    if (splits !== undefined) {
      for (let i = 0; i < SPLITS.length; i++) {
        const split = SPLITS[i];
        const byValue = splits[split];
        if (byValue === undefined) continue;
        shape |= 4 << i;
        const [[value, samples]] = byValue;
        const [countName, valuesName] = SPLIT_METRICS[split];
        dimensions += `,"${DIMENSION_OF[split]}":${JSON.stringify(value)}`;
        metrics += `,"${countName}":${samples.count}${samples.values ? `,"${valuesName}":${histograms(samples.values)[0]}` : ''}`;
      }
    }
    return `{"_aws":{"Timestamp":${context.timestamp}${oneLineHead(context, shape)}${dimensions}${ids(context)}${metrics}}`;
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
    const byValue = ((this.splits ??= {})[split] ??= new Map());
    let samples = byValue.get(value);
    if (samples === undefined) byValue.set(value, (samples = { count: 0 }));
    samples.count++;
    return samples;
  }
}

const VALUES = EMF_LIMITS.valuesPerMetric;

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
    const [[value, count]] = samples;
    return [`{"Values":[${value}],"Counts":[${count}],"Max":${value},"Min":${value},"Count":${count},"Sum":${value * count}}`];
  }
  const values = [...samples.keys()].sort((a, b) => a - b);
  const out: string[] = [];
  for (let start = 0; start < values.length; start += VALUES) {
    const chunk = values.slice(start, start + VALUES);
    const counts = chunk.map((value) => samples.get(value)!);
    let sum = 0;
    let count = 0;
    for (let i = 0; i < chunk.length; i++) (sum += chunk[i] * counts[i]), (count += counts[i]);
    out.push(`{"Values":[${chunk.join(',')}],"Counts":[${counts.join(',')}],"Max":${chunk[chunk.length - 1]},"Min":${chunk[0]},"Count":${count},"Sum":${sum}}`);
  }
  return out;
}

/** The one-line heads of one namespace and queue (one per function), by shape: the same few in every invocation. */
let heads: { namespace: string; queueName: string; readonly byShape: string[] } = { namespace: '', queueName: '', byShape: [] };

/** The directives and the queue's dimension of a one-line document of `shape` (bits: attempts, times, then one per split). */
function oneLineHead({ namespace, queueName }: MetricsContext, shape: number): string {
  if (heads.namespace !== namespace || heads.queueName !== queueName) heads = { namespace, queueName, byShape: [] };
  let head = heads.byShape[shape];
  if (head === undefined) {
    const queue: MetricName[] = [METRIC.processed, METRIC.recovered];
    if (shape & 1) queue.push(METRIC.attempt);
    if (shape & 2) queue.push(METRIC.timeToSuccess);
    queue.push(METRIC.parkFailed, METRIC.deadLetterFailed);
    const parts = [directive(namespace, undefined, queue)];
    SPLITS.forEach((split, i) => {
      if (shape & (4 << i)) parts.push(directive(namespace, split, SPLIT_METRICS[split].filter((name) => name !== undefined)));
    });
    head = heads.byShape[shape] = `,"CloudWatchMetrics":[${parts.join(',')}]},"${DIMENSION.queue}":${JSON.stringify(queueName)}`;
  }
  return head;
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

/** A directive's JSON. Split metrics are also written per queue alone: their totals, for alarms and `status`. */
function directive(namespace: string, split: Split | undefined, names: readonly MetricName[]): string {
  const dimensions = split === undefined ? [[DIMENSION.queue]] : [[DIMENSION.queue], [DIMENSION.queue, DIMENSION_OF[split]]];
  return JSON.stringify({ Namespace: namespace, Dimensions: dimensions, Metrics: names.map((name) => ({ Name: name, Unit: UNIT[name] })) });
}

/** One EMF document of the general path: `_aws` first, then the dimensions, the request and trace ids, then the metrics. */
function line(context: MetricsContext, queue: Slice | undefined, splits: ReadonlyArray<Slice | undefined>): string {
  const parts: string[] = [];
  let dimensions = `,"${DIMENSION.queue}":${JSON.stringify(context.queueName)}`;
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
