import { TWELVE_HOURS_LIMIT } from '../../lambda/limits';
import { designCost, lineItem, type DesignCost } from './line-item';
import { lambdaItems } from './lambda-items';
import type { Prices } from './prices';
import { unitsPerMessage } from './request-units';
import type { CostScenario } from './scenario';
import type { RetryVolumes } from './volumes';

/**
 * Plain SQS redelivery: the consumer reports the failure in batchItemFailures after one
 * ChangeMessageVisibility that sets the backoff delay; SQS redelivers the same message when it
 * becomes visible again; the redrive policy moves it to the dead-letter queue (not billed as a
 * request). No new message, so no send and no extra delete — but each single delay is capped by
 * the visibility limit (12 hours from the receive, less the receive margin: `TWELVE_HOURS_LIMIT`)
 * and the message stays in flight meanwhile.
 *
 * @param worstDelays largest delay of each wait (seconds), for feasibility
 */
export function costVisibility(
  scenario: CostScenario,
  volumes: RetryVolumes,
  prices: Prices,
  worstDelays: readonly number[],
): DesignCost {
  const price = prices.sqsPerMillionRequests;
  const longest = Math.max(0, ...worstDelays.slice(0, volumes.retriesByWait.length));
  const feasible = longest <= TWELVE_HOURS_LIMIT.seconds;
  const notes = [
    'in-flight messages count against the 120,000 in-flight limit of a standard queue while they wait',
    'total wait is also bounded by the queue retention period (max 14 days), counted from the first send',
  ];
  if (!feasible) notes.unshift(`NOT DEPLOYABLE: the longest wait (${longest} s) passes the ${TWELVE_HOURS_LIMIT.seconds} s a visibility timeout carries (${TWELVE_HOURS_LIMIT.reason})`);
  return designCost(
    'visibility',
    'plain SQS redelivery (ChangeMessageVisibility)',
    [
      // One call per failed message: the failures of one batch are too few to count on batching them.
      lineItem('SQS', 'ChangeMessageVisibility (sets the delay)', volumes.retries, 'requests', price),
      lineItem(
        'SQS',
        'ReceiveMessage of the redelivery',
        volumes.retries * unitsPerMessage(scenario.messageBytes, scenario.batchSize, prices.sqsChunkBytes),
        'requests',
        price,
      ),
      ...lambdaItems(scenario, volumes, prices),
    ],
    notes,
    feasible,
  );
}
