import { designCost, lineItem, lineItemPerUnit, type DesignCost } from './line-item';
import { stateMachineObservabilityItems } from './observability-items';
import { lambdaItems } from './lambda-items';
import type { Prices } from './prices';
import type { CostScenario } from './scenario';
import { requeueSqsItems } from './sqs-items';
import type { RetryVolumes } from './volumes';

/**
 * For reference: the same state machine as an Express workflow. Billed per execution plus its
 * duration, which is mostly the Wait; memory is one 64 MB chunk; an execution may not run past
 * 5 minutes, so this only works while every delay stays below that.
 *
 * @param meanDelays mean delay of each wait (seconds), for the billed duration
 * @param worstDelays largest delay of each wait (seconds), for feasibility
 */
export function costExpress(
  scenario: CostScenario,
  volumes: RetryVolumes,
  prices: Prices,
  meanDelays: readonly number[],
  worstDelays: readonly number[],
): DesignCost {
  const step = prices.sfnExpressDurationStepMs;
  const gb = prices.sfnExpressMemoryMb / 1024;
  const gbSeconds = volumes.retriesByWait.reduce((sum, count, i) => {
    const billedMs = Math.ceil((meanDelays[i] * 1000 + scenario.sendTaskMs) / step - 1e-9) * step;
    return sum + count * (billedMs / 1000) * gb;
  }, 0);
  const longest = Math.max(0, ...worstDelays.slice(0, volumes.retriesByWait.length)) + scenario.sendTaskMs / 1000;
  const feasible = longest <= prices.sfnExpressMaxSeconds;
  const notes = ['duration = mean Wait + SendMessage task, rounded up to 100 ms, 64 MB; first price tier only'];
  if (!feasible) {
    notes.push(`NOT DEPLOYABLE: the longest wait (${longest} s) passes the 5-minute Express limit`);
  }
  return designCost(
    'express',
    'same state machine on Step Functions Express (reference)',
    [
      lineItem('Step Functions', 'Express requests (executions)', volumes.retries, 'requests', prices.sfnExpressPerMillionRequests),
      lineItemPerUnit('Step Functions', 'Express duration (the Wait is billed)', gbSeconds, 'GB-s', prices.sfnExpressPerGbSecond),
      ...stateMachineObservabilityItems(scenario, volumes, prices),
      ...requeueSqsItems(scenario, volumes, prices, 'the state machine'),
      ...lambdaItems(scenario, volumes, prices),
    ],
    notes,
    feasible,
  );
}
