import { lineItem, lineItemPerUnit, type LineItem } from './line-item';
import type { Prices } from './prices';
import type { CostScenario } from './scenario';
import type { RetryVolumes } from './volumes';

/** The consumer's extra attempts: identical in every design, so marked shared. */
export function lambdaItems(scenario: CostScenario, volumes: RetryVolumes, prices: Prices): LineItem[] {
  const gbSeconds = volumes.retries * (scenario.lambda.durationMs / 1000) * (scenario.lambda.memoryMb / 1024);
  return [
    lineItem('Lambda', 'invocations of the extra attempts', volumes.retries / scenario.batchSize, 'requests', prices.lambdaPerMillionRequests, true),
    lineItemPerUnit(
      'Lambda',
      `duration of the extra attempts (${scenario.lambda.memoryMb} MB × ${scenario.lambda.durationMs} ms each)`,
      gbSeconds,
      'GB-s',
      prices.lambdaPerGbSecond,
      true,
    ),
  ];
}
