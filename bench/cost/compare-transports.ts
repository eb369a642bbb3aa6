import { MAX_SQS_DELAY_SECONDS, TRANSPORT_NAMES, type TransportName } from '../../lambda/contract';
import { costTransport, type TransportCost } from './cost-transport';
import { shareWithin } from './delay-split';
import type { Prices } from './prices';
import type { CostScenario } from './scenario';
import type { RetryVolumes } from './volumes';

export interface TransportComparison {
  /** One per transport, in `TRANSPORT_NAMES` order. */
  readonly costs: readonly TransportCost[];
  /** Each transport's monthly total in USD (its own items plus the consumer's extra attempts). */
  readonly totals: Readonly<Record<TransportName, number>>;
  /** Per wait, the share of delays ≤ 900 s: what `auto` sends by sqs-delay. */
  readonly sqsDelayShare: readonly number[];
}

/** Every delay transport priced on the same scenario. */
export function compareTransports(scenario: CostScenario, volumes: RetryVolumes, prices: Prices, worstDelays: readonly number[]): TransportComparison {
  const sqsDelayShare = shareWithin(scenario.policy, scenario.maxAttempts, MAX_SQS_DELAY_SECONDS);
  const inputs = { scenario, volumes, prices, worstDelays, sqsDelayShare };
  const costs = TRANSPORT_NAMES.map((name) => costTransport(name, inputs));
  const totals = Object.fromEntries(costs.map((c) => [c.design, c.total])) as Record<TransportName, number>;
  return { costs, totals, sqsDelayShare };
}

/** `auto ÷ step-functions` on the transports' own items and on their totals (the issue's target: ≤ 0.05). */
export function autoOverStepFunctions(comparison: TransportComparison): { own: number; total: number } {
  const cost = (name: TransportName) => comparison.costs.find((c) => c.design === name)!;
  const auto = cost('auto');
  const sfn = cost('step-functions');
  return { own: auto.specific / sfn.specific, total: auto.total / sfn.total };
}

/** The target for `auto ÷ step-functions` on the default scenario. */
export const AUTO_COST_RATIO_TARGET = 0.05;
