import { InvocationMetrics } from '../../lambda/runtime/metrics';
import { lineItem, lineItemPerUnit, type LineItem } from './line-item';
import type { Prices } from './prices';
import type { CostScenario } from './scenario';
import type { RetryVolumes } from './volumes';

/** What an invocation's one failing record (if any) became: its EMF line then carries that split too. */
export type EmfLineKind = 'processed' | 'parked' | 'dead-lettered';

/**
 * Bytes of the runtime's EMF line for an invocation of `batchSize` records, first-attempt
 * successes but for one parked (by step-functions, the default transport) or dead-lettered
 * (exhausted) record when `kind` says so: the real line (lambda/runtime/metrics.ts) with a
 * 36-character queue name, request and trace ids, plus the newline and Lambda's 26-byte event
 * overhead CloudWatch Logs bills.
 */
export function emfLineBytes(batchSize: number, kind: EmfLineKind = 'processed'): number {
  const metrics = new InvocationMetrics();
  const successes = kind === 'processed' ? batchSize : batchSize - 1;
  for (let i = 0; i < successes; i++) metrics.processed(1, 0);
  if (kind === 'parked') metrics.parked('step-functions', 4, undefined);
  if (kind === 'dead-lettered') metrics.deadLettered('exhausted');
  const [line] = metrics.lines({
    namespace: 'SqsBackoff',
    queueName: 'SqsBackoffDemo-DemoQueue38BCB43D-ABCDEFGH',
    requestId: '3f1c0d5e-8b2a-4c7e-9d41-6a5b2c3d4e5f',
    traceId: '1-67891233-abcdef012345678912345678',
    timestamp: 1_767_225_600_000,
  });
  return Buffer.byteLength(line, 'utf8') + 1 + 26;
}

/**
 * The custom metrics a queue's runtime publishes in a month where every retry waits on one
 * transport and dead letters have one reason: six per queue, Parked and ParkDelay per queue and
 * per transport, DeadLettered per queue and per reason.
 */
export const RUNTIME_CUSTOM_METRICS = 6 + 2 * 2 + 2;

/**
 * What the runtime's own metrics cost (EMF is billed as logs ingested, and as custom metrics):
 * one line per invocation of the consumer, first attempts included.
 */
export function runtimeMetricsItems(scenario: CostScenario, volumes: RetryVolumes, prices: Prices): LineItem[] {
  if (!scenario.runtimeMetrics) return [];
  const invocations = (scenario.messages + volumes.retries) / scenario.batchSize;
  // Every failed attempt parks (one per retry) or is dead-lettered; at most one of each per
  // invocation is counted as growing its line (an upper bound when failures share invocations).
  const parking = Math.min(volumes.retries, invocations);
  const deadLettering = Math.min(volumes.deadLettered, invocations - parking);
  const [plain, parked, deadLettered] = (['processed', 'parked', 'dead-lettered'] as const).map((kind) => emfLineBytes(scenario.batchSize, kind));
  const bytes = (invocations - parking - deadLettering) * plain + parking * parked + deadLettering * deadLettered;
  return [
    lineItemPerUnit(
      'CloudWatch Logs',
      `runtime metrics (EMF) ingested: ${plain} B per invocation, ${parked} B with a park, ${deadLettered} B with a dead letter`,
      bytes / 2 ** 30,
      'GB',
      prices.cloudWatchLogsPerGbIngested,
    ),
    lineItemPerUnit('CloudWatch', 'runtime metrics (EMF): custom metrics', RUNTIME_CUSTOM_METRICS, 'metric-month', prices.cloudWatchCustomMetricPerMonth),
  ];
}

/**
 * What the retry state machine's observability adds per execution: an X-Ray trace (the construct
 * sets `tracingEnabled`) and its execution log in CloudWatch Logs (level ALL).
 */
export function stateMachineObservabilityItems(scenario: CostScenario, volumes: RetryVolumes, prices: Prices): LineItem[] {
  const items: LineItem[] = [];
  if (scenario.xrayTracing) {
    items.push(lineItem('X-Ray', 'traces of the retry executions (all sampled)', volumes.retries, 'traces', prices.xrayPerMillionTracesRecorded));
  }
  if (scenario.logBytesPerRetry > 0) {
    items.push(
      lineItemPerUnit(
        'CloudWatch Logs',
        'execution log ingestion (level ALL)',
        (volumes.retries * scenario.logBytesPerRetry) / 2 ** 30,
        'GB',
        prices.cloudWatchLogsPerGbIngested,
      ),
    );
  }
  return items;
}
