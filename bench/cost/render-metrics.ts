import Table from 'cli-table3';
import type { Prices } from './prices';
import type { CostScenario } from './scenario';
import { runtimeMetricsItems } from './observability-items';
import type { RetryVolumes } from './volumes';

/**
 * The cost of seeing: the runtime's metrics on every invocation of the consumer (first attempts
 * included), whatever the transport, so apart from the retry path above.
 */
export function renderRuntimeMetrics(scenario: CostScenario, volumes: RetryVolumes, prices: Prices): string {
  const items = runtimeMetricsItems(scenario, volumes, prices);
  if (items.length === 0) return 'Runtime metrics: left out (--no-metrics)';
  const table = new Table({ head: ['service', 'billed item', 'quantity/month', 'price', 'cost/month'], style: { head: [], border: [] } });
  for (const item of items) table.push([item.service, item.what, `${item.quantity.toLocaleString('en-US', { maximumSignificantDigits: 4 })} ${item.unit}`, item.priceLabel, `$${item.cost.toFixed(4)}`]);
  const sum = items.reduce((total, item) => total + item.cost, 0);
  const invocations = (scenario.messages + volumes.retries) / scenario.batchSize;
  return [
    `Runtime metrics (every invocation, ${invocations.toLocaleString('en-US')} a month at batch size ${scenario.batchSize}; EMF is billed as logs ingested and as custom metrics):`,
    table.toString(),
    `total $${sum.toFixed(2)}/month on every transport (the park line is step-functions'; the other transports' are a few bytes shorter); --no-metrics to leave it out`,
  ].join('\n');
}
