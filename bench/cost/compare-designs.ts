import { worstCaseSchedule } from '../../lambda/backoff';
import { describeFailureModel } from './failure-model';
import { failureProfile, type FailureProfile } from './failure-profile';
import { costExpress } from './design-express';
import { costOurs } from './design-ours';
import { costScheduler } from './design-scheduler';
import { costVisibility } from './design-visibility';
import { compareTransports } from './compare-transports';
import type { TransportCost } from './cost-transport';
import type { TransportName } from '../../lambda/contract';
import type { DesignCost } from './line-item';
import { meanSchedule } from './mean-schedule';
import { PRICES, type Prices } from './prices';
import type { CostScenario } from './scenario';
import { retryVolumes, type RetryVolumes } from './volumes';

export interface CostComparison {
  readonly scenario: CostScenario;
  readonly profile: FailureProfile;
  readonly volumes: RetryVolumes;
  readonly meanDelays: readonly number[];
  readonly worstDelays: readonly number[];
  /** ours first, then the Scheduler design, plain redelivery, and the Express reference. */
  readonly designs: readonly DesignCost[];
  /** What the numbers assume, one sentence each. */
  readonly assumptions: readonly string[];
  /** sqs-backoff's own delay transports on the same scenario, in `TRANSPORT_NAMES` order. */
  readonly transportCosts: readonly TransportCost[];
  /** Each transport's monthly total in USD (`npm run cost -- --json`). */
  readonly transports: Readonly<Record<TransportName, number>>;
  /** Per wait, the share of delays ≤ 900 s, which `auto` sends by sqs-delay. */
  readonly sqsDelayShare: readonly number[];
}

/** The monthly cost of the retry path of every design for one scenario. */
export function compareDesigns(scenario: CostScenario, prices: Prices = PRICES): CostComparison {
  const profile = failureProfile(scenario.failures, scenario.maxAttempts);
  const volumes = retryVolumes(scenario, profile);
  const meanDelays = meanSchedule(scenario.policy, scenario.maxAttempts);
  const worstDelays = worstCaseSchedule(scenario.policy, scenario.maxAttempts);
  const designs = [
    costOurs(scenario, volumes, prices),
    costScheduler(scenario, volumes, prices),
    costVisibility(scenario, volumes, prices, worstDelays),
    costExpress(scenario, volumes, prices, meanDelays, worstDelays),
  ];
  const assumptions = [
    `${scenario.messages.toLocaleString('en-US')} messages/month, ${scenario.failureRate * 100} % fail at least once; ` +
      describeFailureModel(scenario.failures),
    `maxAttempts ${scenario.maxAttempts} ⇒ ${round(profile.expectedRetries, 4)} retries per failing message, ` +
      `${round(profile.exhaustedShare * 100, 2)} % of failing messages dead-lettered`,
    `policy ${JSON.stringify(scenario.policy)}: mean waits ${meanDelays.map((d) => round(d, 2)).join(', ') || '—'} s; ` +
      `worst ${worstDelays.join(', ') || '—'} s`,
    `${scenario.fifo ? 'FIFO' : 'standard'} work queue; message ${scenario.messageBytes} B (SQS and Scheduler bill per 64 KiB chunk); ${scenario.batchSize} message(s) per receive/delete/invocation on the retry path`,
    'only the retry path is priced: the first receive, delete and invocation of every message are the same in all designs and left out',
    `"shared" = the consumer Lambda's extra attempts (${scenario.lambda.memoryMb} MB, ${scenario.lambda.durationMs} ms each), identical in every design`,
    `list prices ${prices.region}, ${prices.asOf}; free tiers not subtracted (they are account-wide); CloudWatch, KMS and data transfer not included`,
  ];
  const transports = compareTransports(scenario, volumes, prices, worstDelays);
  return {
    scenario,
    profile,
    volumes,
    meanDelays,
    worstDelays,
    designs,
    assumptions,
    transportCosts: transports.costs,
    transports: transports.totals,
    sqsDelayShare: transports.sqsDelayShare,
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
