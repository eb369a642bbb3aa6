import { designCost, lineItem, type DesignCost } from './line-item';
import { lambdaItems } from './lambda-items';
import type { Prices } from './prices';
import { chunks } from './request-units';
import type { CostScenario } from './scenario';
import { requeueSqsItems } from './sqs-items';
import type { RetryVolumes } from './volumes';

/**
 * The AWS Architecture Blog's "serverless custom retry mechanism for stateless queue consumers":
 * on failure the consumer creates a one-time EventBridge Scheduler schedule (`at(...)`) whose
 * target sends the message back to the queue. Creating and deleting schedules is not billed;
 * each invocation is, per 64 KB chunk of payload.
 */
export function costScheduler(scenario: CostScenario, volumes: RetryVolumes, prices: Prices): DesignCost {
  return designCost(
    'scheduler',
    'EventBridge Scheduler one-time schedule per retry',
    [
      lineItem(
        'EventBridge Scheduler',
        'invocations (one per retry, per 64 KB chunk)',
        volumes.retries * chunks(scenario.messageBytes, prices.schedulerChunkBytes),
        'invocations',
        prices.schedulerPerMillionInvocations,
      ),
      ...requeueSqsItems(scenario, volumes, prices, 'the schedule'),
      ...lambdaItems(scenario, volumes, prices),
    ],
    ['CreateSchedule/DeleteSchedule calls are not billed; free tier (14 M invocations/month) not subtracted'],
  );
}
