import { MAX_EXECUTION_INPUT_BYTES } from '../../lambda/contract';
import { designCost, lineItem, type DesignCost } from './line-item';
import { lambdaItems } from './lambda-items';
import { stateMachineObservabilityItems } from './observability-items';
import type { Prices } from './prices';
import type { CostScenario } from './scenario';
import { requeueSqsItems } from './sqs-items';
import type { RetryVolumes } from './volumes';

/**
 * sqs-backoff: the consumer parks each failure with StartExecution on a Standard state machine
 * (`WaitForBackoff` → `Requeue`, an sqs:sendMessage task). StartExecution itself is not billed;
 * every state entered is one transition (`transitionsPerRetry`, 2). The Requeue task's own
 * retries and its Catch (`DeadLetter` → `RequeueFailed`) add transitions only when SQS refuses
 * the send, which the model takes as never. The state machine is traced with X-Ray.
 */
export function costOurs(scenario: CostScenario, volumes: RetryVolumes, prices: Prices): DesignCost {
  const notes = [
    `${scenario.transitionsPerRetry} state transitions per retry (WaitForBackoff + Requeue); StartExecution is not billed`,
  ];
  if (scenario.xrayTracing) {
    notes.push('X-Ray: every execution counted as a recorded trace (upper bound; default sampling is 1/s + 5 %); --no-xray to leave it out');
  }
  if (scenario.logBytesPerRetry > 0) {
    notes.push(
      `execution log (level ALL, no execution data): ${scenario.logBytesPerRetry} B per execution ingested into CloudWatch Logs ` +
        '(estimate: ~10 events × ~350 B); --log-bytes-per-retry 0 to leave it out',
    );
  }
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
      ...stateMachineObservabilityItems(scenario, volumes, prices),
      ...requeueSqsItems(scenario, volumes, prices, 'the state machine'),
      ...lambdaItems(scenario, volumes, prices),
    ],
    notes,
    feasible,
  );
}
