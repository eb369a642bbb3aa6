import { DIMENSION, EMF_LIMITS, METRIC, MetricName } from '../metricNames';
import { jsonString } from './parkInput';

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
   * distribution of more than 100 distinct values. Line `i` takes the `i`-th histogram of each
   * distribution and the `i`-th cell of each split; its directives and queue dimension come from a
   * head cached per shape (which metrics it holds).
   */
  lines(context: MetricsContext): string[] {
    const n = this.firstAttempts;
    const attempts = this.laterAttempts === undefined ? (n > 0 ? [histogram(1, n)] : []) : histograms(this.attempts());
    const times = this.times === undefined ? [] : histograms(this.times);
    const { splits } = this;
    // Fixed order (SPLITS'), no closure: this runs in every invocation that parked or dead-lettered.
    const cells = splits === undefined ? NO_CELLS : [splitCells('transport', splits.transport), splitCells('reason', splits.reason), splitCells('fallbackCause', splits.fallbackCause)];
    const idsJson = ids(context);
    const lines: string[] = [];
    for (let i = 0, more = true; more; i++) {
      let shape = 0;
      let metrics = '';
      let dimensions = '';
      if (i === 0) (shape = 1), (metrics = `,"Processed":${this.processedCount},"Recovered":${this.recoveredCount}`);
      if (i < attempts.length) (shape |= 2), (metrics += `,"Attempt":${attempts[i]}`);
      if (i < times.length) (shape |= 4), (metrics += `,"TimeToSuccess":${times[i]}`);
      if (i === 0) metrics += `,"ParkFailed":${this.parkFailedCount},"DeadLetterFailed":${this.deadLetterFailedCount}`;
      // Outage protection's holds are written only when there were any, so other lines keep their bytes.
      if (i === 0 && this.heldCount > 0) (shape |= HELD_SHAPE), (metrics += `,"Held":${this.heldCount}`);
      more = i + 1 < attempts.length || i + 1 < times.length;
      for (let s = 0; s < cells.length; s++) {
        const cell = cells[s][i];
        if (cell === undefined) continue;
        more ||= i + 1 < cells[s].length;
        const [countName, valuesName] = SPLIT_METRICS[SPLITS[s]];
        dimensions += cell.dimension;
        if (cell.count !== undefined) (shape |= 8 << (2 * s)), (metrics += `,"${countName}":${cell.count}`);
        if (cell.values !== undefined) (shape |= 16 << (2 * s)), (metrics += `,"${valuesName}":${cell.values}`);
      }
      lines.push(`{"_aws":{"Timestamp":${context.timestamp}${head(context, shape)}${dimensions}${idsJson}${metrics}}`);
    }
    return lines;
  }

  /** Every attempt number seen, first attempts included. */
  private attempts(): Histogram {
    const all: Histogram = new Map(this.firstAttempts > 0 ? [[1, this.firstAttempts]] : []);
    this.laterAttempts?.forEach((count, attempt) => all.set(attempt, (all.get(attempt) ?? 0) + count));
    return all;
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

/** One line's part of a split: its dimension member and the count and/or histogram of one of its values. */
interface Cell {
  readonly dimension: string;
  readonly count?: number;
  readonly values?: string;
}

const NO_CELLS: readonly (readonly Cell[])[] = [];
const NO_CELL: readonly Cell[] = [];

/** A split's cells in dimension-value order; a value with over 100 distinct delays takes several (its count in the first). */
function splitCells(split: Split, byValue: Map<string, SplitSamples> | undefined): readonly Cell[] {
  if (byValue === undefined) return NO_CELL;
  const cells: Cell[] = [];
  for (const value of byValue.size === 1 ? byValue.keys() : [...byValue.keys()].sort()) {
    const { count, values } = byValue.get(value)!;
    const dimension = `,"${DIMENSION_OF[split]}":${jsonString(value)}`;
    if (values === undefined) {
      cells.push({ dimension, count });
      continue;
    }
    const jsons = histograms(values);
    for (let i = 0; i < jsons.length; i++) cells.push({ dimension, count: i === 0 ? count : undefined, values: jsons[i] });
  }
  return cells;
}

function histogram(value: number, count: number): string {
  return `{"Values":[${value}],"Counts":[${count}],"Max":${value},"Min":${value},"Count":${count},"Sum":${value * count}}`;
}

/** A distribution as JSON histograms of at most 100 distinct values each, values ascending. */
function histograms(samples: Histogram): string[] {
  if (samples.size === 1) {
    for (const [value, count] of samples) return [histogram(value, count)];
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

/** The heads of one namespace and queue (one per function), by shape: the same few in every invocation. */
let heads: { namespace: string; queueName: string; readonly byShape: string[] } = { namespace: '', queueName: '', byShape: [] };

/**
 * A line's directives and queue dimension, by its `shape`: bit 0 the queue's counts, 1 Attempt,
 * 2 TimeToSuccess, then two per split (its count, its histogram).
 */
/** The shape bit of a line that writes `Held` (bits 1–256 are the queue's and the splits' metrics). */
const HELD_SHAPE = 512;

function head({ namespace, queueName }: MetricsContext, shape: number): string {
  if (heads.namespace !== namespace || heads.queueName !== queueName) heads = { namespace, queueName, byShape: [] };
  let json = heads.byShape[shape];
  if (json === undefined) {
    const queue: MetricName[] = [];
    if (shape & 1) queue.push(METRIC.processed, METRIC.recovered);
    if (shape & 2) queue.push(METRIC.attempt);
    if (shape & 4) queue.push(METRIC.timeToSuccess);
    if (shape & 1) queue.push(METRIC.parkFailed, METRIC.deadLetterFailed);
    if (shape & HELD_SHAPE) queue.push(METRIC.held);
    const parts = queue.length > 0 ? [directive(namespace, undefined, queue)] : [];
    SPLITS.forEach((split, s) => {
      const names = SPLIT_METRICS[split].filter((_name, i): _name is MetricName => (shape & (8 << (2 * s + i))) !== 0);
      if (names.length > 0) parts.push(directive(namespace, split, names));
    });
    json = heads.byShape[shape] = `,"CloudWatchMetrics":[${parts.join(',')}]},"${DIMENSION.queue}":${JSON.stringify(queueName)}`;
  }
  return json;
}

function ids(context: MetricsContext): string {
  return (
    (context.requestId === undefined ? '' : `,"requestId":${jsonString(context.requestId)}`) +
    (context.traceId === undefined ? '' : `,"traceId":${jsonString(context.traceId)}`)
  );
}

/** A directive's JSON. Split metrics are also written per queue alone: their totals, for alarms and `status`. */
function directive(namespace: string, split: Split | undefined, names: readonly MetricName[]): string {
  const dimensions = split === undefined ? [[DIMENSION.queue]] : [[DIMENSION.queue], [DIMENSION.queue, DIMENSION_OF[split]]];
  return JSON.stringify({ Namespace: namespace, Dimensions: dimensions, Metrics: names.map((name) => ({ Name: name, Unit: UNIT[name] })) });
}
