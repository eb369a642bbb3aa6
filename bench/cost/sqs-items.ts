import { lineItem, type LineItem } from './line-item';
import type { Prices } from './prices';
import { chunks, unitsPerMessage } from './request-units';
import type { CostScenario } from './scenario';
import type { RetryVolumes } from './volumes';

/**
 * The SQS requests of a design that puts a NEW copy of the message on the work queue for each
 * retry (ours, its Express variant, the Scheduler design): the SendMessage of the copy, its
 * receive and its delete by the event source mapping, and the SendMessage to the dead-letter
 * queue of each exhausted message.
 */
export function requeueSqsItems(scenario: CostScenario, volumes: RetryVolumes, prices: Prices, sender: string): LineItem[] {
  const price = prices.sqsPerMillionRequests;
  const sendUnits = chunks(scenario.messageBytes, prices.sqsChunkBytes);
  return [
    lineItem('SQS', `SendMessage of the requeued copy (by ${sender})`, volumes.retries * sendUnits, 'requests', price),
    lineItem(
      'SQS',
      'ReceiveMessage of the requeued copy',
      volumes.retries * unitsPerMessage(scenario.messageBytes, scenario.batchSize, prices.sqsChunkBytes),
      'requests',
      price,
    ),
    lineItem('SQS', 'DeleteMessage(Batch) of each attempt', volumes.retries / scenario.batchSize, 'requests', price),
    lineItem('SQS', 'SendMessage to the dead-letter queue (consumer)', volumes.deadLettered * sendUnits, 'requests', price),
  ];
}
