/**
 * Vectors of the EMF lines (lambda/runtime/metrics.ts): a feed of outcomes in → the invocation's
 * lines out, byte for byte. Feeds are drawn from a seeded random source so that they reach what
 * the scenarios rarely do: several transports, reasons and fallback causes in one invocation,
 * distributions past 100 distinct values, fractional and huge delays, non-ASCII names and ids.
 */
import { seededRandom } from '../../lambda/backoff';
import { InvocationMetrics, type MetricsContext } from '../../lambda/runtime/metrics';
import { invocationIds } from '../../lambda/runtime/invocationIds';
import type { Json } from './encode';

/** One call on InvocationMetrics, as data both languages replay: `[method, ...arguments]`. */
type Op = ['processed', number, number] | ['parked', string, number, string | null] | ['parkFailed'] | ['deadLettered', string] | ['held'] | ['deadLetterFailed'];

const TRANSPORTS = ['step-functions', 'visibility-timeout', 'sqs-delay'];
const REASONS = ['exhausted', 'elapsed', 'non-retryable', 'poison', 'too-large', 'redelivered', 'malformed-body'];
const FALLBACKS = ['throttled', 'too-large', 'execution-limit', 'unavailable', 'état-ß', '𝄞-cause'];
const DELAYS = [0, 1, 2, 0.5, 1.5, 3.25, 899, 900, 0.1 + 0.2, 1e-7, 31_532_400, 2 ** 53, 1e21, 123.456];
const CONTEXTS: MetricsContext[] = [
  { namespace: 'SqsBackoff', queueName: 'orders', requestId: 'req-1', traceId: '1-5759e988-bd862e3fe1be46a994272793', timestamp: 1_765_144_800_000 },
  { namespace: 'SqsBackoff', queueName: 'orders.fifo', timestamp: 1_765_144_800_123 },
  { namespace: 'Team/Orders #2', queueName: 'commandes-été', requestId: 'rëq "quoted" \\ \n', timestamp: 0 },
  { namespace: 'x', queueName: '𝄞'.repeat(3), traceId: 'Root=x', timestamp: 1.5 },
];

function feed(random: () => number, size: number, spread: number): Op[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const ops: Op[] = [];
  for (let i = 0; i < size; i++) {
    const r = random();
    if (r < 0.45) ops.push(['processed', random() < 0.5 ? 1 : 1 + Math.floor(random() * spread), Math.floor(random() * 1000 * spread) + (random() < 0.2 ? 0.5 : 0)]);
    else if (r < 0.75) ops.push(['parked', pick(TRANSPORTS), random() < 0.5 ? pick(DELAYS) : Math.floor(random() * 10 * spread), random() < 0.3 ? pick(FALLBACKS) : null]);
    else if (r < 0.88) ops.push(['deadLettered', pick(REASONS)]);
    else if (r < 0.93) ops.push(['parkFailed']);
    else if (r < 0.97) ops.push(['held']);
    else ops.push(['deadLetterFailed']);
  }
  return ops;
}

function replay(ops: readonly Op[], context: MetricsContext): string[] {
  const metrics = new InvocationMetrics();
  for (const op of ops) {
    if (op[0] === 'processed') metrics.processed(op[1], op[2]);
    else if (op[0] === 'parked') metrics.parked(op[1], op[2], op[3] ?? undefined);
    else if (op[0] === 'deadLettered') metrics.deadLettered(op[1]);
    else metrics[op[0]]();
  }
  return metrics.lines(context);
}

const FIXED: Op[][] = [
  [['processed', 1, 0]],
  [['processed', 2, 1234.5]],
  [['processed', 3, -5]],
  [['parked', 'step-functions', 2, null]],
  [['parked', 'visibility-timeout', 0.5, 'throttled']],
  [['deadLettered', 'exhausted'], ['deadLettered', 'poison'], ['deadLettered', 'exhausted']],
  [['held'], ['held']],
  [['parkFailed'], ['deadLetterFailed']],
  Array.from({ length: 250 }, (_v, i): Op => ['processed', 2, i]),
  Array.from({ length: 201 }, (_v, i): Op => ['parked', i % 2 === 0 ? 'sqs-delay' : 'step-functions', i, i % 3 === 0 ? 'throttled' : null]),
];

export function metricsCases(): Json[] {
  const random = seededRandom(20261208);
  const feeds = [...FIXED];
  for (const [count, size, spread] of [[40, 12, 3], [12, 200, 40], [3, 500, 150]]) {
    for (let i = 0; i < count; i++) feeds.push(feed(random, size, spread));
  }
  return feeds.map((ops, i) => {
    const context = CONTEXTS[i % CONTEXTS.length];
    return { ops, context: { ...context }, lines: replay(ops, context) } as unknown as Json;
  });
}

const TRACE_HEADERS = [
  'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
  'Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0',
  'Parent=53995c3f42cd8ad8;Sampled=1;Root=1-5759e988-bd862e3fe1be46a994272793',
  'Root=1-5759e988-bd862e3fe1be46a994272793',
  'Root=;Parent=53995c3f42cd8ad8',
  'Parent=53995c3f42cd8ad8;Root=',
  'Self=1-abc;Root=1-def;Parent=x',
  'xRoot=1-abc',
  'root=1-abc',
  '1-5759e988-bd862e3fe1be46a994272793',
  'Root=1-é;Sampled=1',
  ';',
  '',
];

/** The ids a log and metrics line carries: the request id and the trace id from `_X_AMZN_TRACE_ID`. */
export function invocationIdCases(): Json[] {
  const out: Json[] = [];
  for (const requestId of ['req-1', '', undefined]) {
    for (const header of TRACE_HEADERS) out.push({ requestId: requestId ?? null, header, ids: { ...invocationIds(requestId, header) } });
  }
  return out;
}
