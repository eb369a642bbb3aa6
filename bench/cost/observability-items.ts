import { lineItem, lineItemPerUnit, type LineItem } from './line-item';
import type { Prices } from './prices';
import type { CostScenario } from './scenario';
import type { RetryVolumes } from './volumes';

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
