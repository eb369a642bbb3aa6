import { MAX_EXECUTION_INPUT_BYTES } from '../../lambda/contract';
import { designCost, lineItem, type DesignCost } from './line-item';
import { lambdaItems } from './lambda-items';
import type { Prices } from './prices';
import type { CostScenario } from './scenario';
import { requeueSqsItems } from './sqs-items';
import type { RetryVolumes } from './volumes';

/**
 * sqs-backoff: the consumer parks each failure with StartExecution on a Standard state machine
 * (Wait → sqs:sendMessage). StartExecution itself is not billed; every state entered is one
 * transition (`transitionsPerRetry`, 2 for Wait + SendMessage). The SendMessage task's own
 * retries and the Catch → dead-letter path add transitions only when SQS refuses the send, which
 * the model takes as never.
 */
export function costOurs(scenario: CostScenario, volumes: RetryVolumes, prices: Prices): DesignCost {
  const notes = [
    `${scenario.transitionsPerRetry} state transitions per retry (Wait + SendMessage); StartExecution is not billed`,
  ];
  const feasible = scenario.messageBytes <= MAX_EXECUTION_INPUT_BYTES;
  if (!feasible) {
    notes.push(`messages over ${MAX_EXECUTION_INPUT_BYTES} B cannot be parked (Step Functions input limit); the runtime falls back`);
  }
  return designCost(
    'ours',
    'sqs-backoff (Step Functions Standard)',
    [
      lineItem(
        'Step Functions',
        'Standard state transitions',
        volumes.retries * scenario.transitionsPerRetry,
        'transitions',
        prices.sfnStandardPerMillionTransitions,
      ),
      ...requeueSqsItems(scenario, volumes, prices, 'the state machine'),
      ...lambdaItems(scenario, volumes, prices),
    ],
    notes,
    feasible,
  );
}
