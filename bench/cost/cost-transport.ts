import { MAX_EXECUTION_INPUT_BYTES, MAX_MESSAGE_BYTES, MAX_SQS_DELAY_SECONDS, type TransportName } from '../../lambda/contract';
import { TWELVE_HOURS_LIMIT } from '../../lambda/limits';
import { lambdaItems } from './lambda-items';
import { designCost, type DesignCost, type LineItem } from './line-item';
import type { Prices } from './prices';
import type { CostScenario } from './scenario';
import { longestDelaySeconds } from './transport-limits';
import { deadLetterItems, sqsDelayItems, stepFunctionsItems, visibilityTimeoutItems } from './transport-items';
import type { RetryVolumes } from './volumes';

/** Retries per month each waiting mechanism carries for one transport. */
export interface CarriedRetries {
  readonly stepFunctions: number;
  readonly sqsDelay: number;
  readonly visibilityTimeout: number;
}

export interface TransportCost extends DesignCost {
  readonly design: TransportName;
  readonly carried: CarriedRetries;
}

/** What every transport of one scenario is priced from. */
export interface TransportInputs {
  readonly scenario: CostScenario;
  readonly volumes: RetryVolumes;
  readonly prices: Prices;
  /** Largest delay of each wait (seconds): whether the transport can be deployed at all. */
  readonly worstDelays: readonly number[];
  /** Per wait, the share of delays ≤ 900 s (`shareWithin`): how `auto` splits the retries. */
  readonly sqsDelayShare: readonly number[];
}

const LABELS: Readonly<Record<TransportName, string>> = Object.freeze({
  'step-functions': 'step-functions (Standard Wait, the default)',
  'visibility-timeout': 'visibility-timeout (ChangeMessageVisibility)',
  'sqs-delay': 'sqs-delay (SendMessage with DelaySeconds)',
  auto: 'auto (sqs-delay ≤ 900 s, step-functions beyond)',
});

/** The monthly cost of the retry path when `transport` carries every retry of the scenario. */
export function costTransport(transport: TransportName, inputs: TransportInputs): TransportCost {
  const { scenario, volumes, prices } = inputs;
  // A part that carries nothing this scenario (auto's Step Functions share at short delays) is left out.
  const parts = waitingParts(transport, inputs).filter((part, _, all) => part.retries > 0 || all.length === 1);
  const items: LineItem[] = parts.flatMap((part) => ITEMS[part.mechanism]({ scenario, prices, retries: part.retries, qualifier: part.qualifier }));
  items.push(...deadLetterItems(scenario, prices, volumes.deadLettered), ...lambdaItems(scenario, volumes, prices));
  const carried = { stepFunctions: 0, sqsDelay: 0, visibilityTimeout: 0 };
  for (const part of parts) carried[part.mechanism] += part.retries;
  const { feasible, notes } = assess(transport, inputs, carried);
  const cost = designCost(transport, LABELS[transport], items, notes, feasible);
  return { ...cost, design: transport, carried };
}

type Mechanism = keyof CarriedRetries;

const ITEMS: Readonly<Record<Mechanism, typeof stepFunctionsItems>> = Object.freeze({
  stepFunctions: stepFunctionsItems,
  sqsDelay: sqsDelayItems,
  visibilityTimeout: visibilityTimeoutItems,
});

/** One mechanism's share of a transport's retries, and how its line items are qualified. */
export interface WaitingPart {
  readonly mechanism: Mechanism;
  readonly retries: number;
  readonly qualifier: string;
}

/**
 * Which mechanism waits for how many retries: `auto` splits by the policy's delays (≤ 900 s by
 * sqs-delay), a message too large for a Step Functions input falls back to visibility timeout,
 * and `auto` on FIFO is visibility timeout.
 */
export function waitingParts(transport: TransportName, inputs: TransportInputs): WaitingPart[] {
  const { scenario, volumes } = inputs;
  const viaSfn = (retries: number, qualifier: string): WaitingPart =>
    scenario.messageBytes > MAX_EXECUTION_INPUT_BYTES
      ? { mechanism: 'visibilityTimeout', retries, qualifier: `${qualifier} (fallback: too large for Step Functions)` }
      : { mechanism: 'stepFunctions', retries, qualifier };
  switch (transport) {
    case 'step-functions':
      return [viaSfn(volumes.retries, '')];
    case 'visibility-timeout':
      return [{ mechanism: 'visibilityTimeout', retries: volumes.retries, qualifier: '' }];
    case 'sqs-delay':
      return [{ mechanism: 'sqsDelay', retries: volumes.retries, qualifier: '' }];
    case 'auto': {
      if (scenario.fifo) return [{ mechanism: 'visibilityTimeout', retries: volumes.retries, qualifier: ' (FIFO)' }];
      const short = volumes.retriesByWait.reduce((sum, count, i) => sum + count * inputs.sqsDelayShare[i], 0);
      return [
        { mechanism: 'sqsDelay', retries: short, qualifier: ` (delays ≤ ${MAX_SQS_DELAY_SECONDS} s)` },
        viaSfn(volumes.retries - short, ` (delays > ${MAX_SQS_DELAY_SECONDS} s)`),
      ];
    }
  }
}

function assess(transport: TransportName, inputs: TransportInputs, carried: CarriedRetries): { feasible: boolean; notes: string[] } {
  const { scenario, worstDelays } = inputs;
  const longest = Math.max(0, ...worstDelays);
  const notes: string[] = [];
  let feasible = true;
  const refuse = (why: string) => {
    feasible = false;
    notes.unshift(`NOT DEPLOYABLE: ${why}`);
  };
  if (scenario.messageBytes > MAX_MESSAGE_BYTES) refuse(`a ${scenario.messageBytes} B message is larger than any SQS queue takes (${MAX_MESSAGE_BYTES} B)`);
  const limit = longestDelaySeconds(transport, scenario.fifo);
  if (longest > limit) refuse(`the longest wait (${longest} s) passes this transport's ${limit} s`);
  if (transport === 'sqs-delay' && scenario.fifo) refuse('sqs-delay is for standard queues only (DelaySeconds is per queue on FIFO)');
  const sfnPart = transport === 'step-functions' || (transport === 'auto' && !scenario.fifo);
  if (sfnPart && scenario.messageBytes > MAX_EXECUTION_INPUT_BYTES) {
    notes.push(`messages over ${MAX_EXECUTION_INPUT_BYTES} B cannot be parked in Step Functions: they wait by visibility timeout instead (fallback too-large-for-step-functions)`);
    const waitsBeyond = worstDelays.filter((d) => d > (transport === 'auto' ? MAX_SQS_DELAY_SECONDS : 0));
    if (Math.max(0, ...waitsBeyond) > TWELVE_HOURS_LIMIT.seconds) {
      refuse(`a too-large message cannot wait ${Math.max(...waitsBeyond)} s by visibility timeout (${TWELVE_HOURS_LIMIT.seconds} s at most): it would be dead-lettered too-large`);
    }
  }
  notes.push(...transportNotes(transport, scenario, carried));
  return { feasible, notes };
}

function transportNotes(transport: TransportName, scenario: CostScenario, carried: CarriedRetries): string[] {
  const notes: string[] = [];
  if (carried.stepFunctions > 0 || transport === 'step-functions') {
    notes.push(`${scenario.transitionsPerRetry} state transitions per Step Functions retry (WaitForBackoff + Requeue); StartExecution is not billed`);
    notes.push('no StartExecution throttling assumed: a throttled park falls back to visibility timeout, which costs less');
    if (scenario.fifo) notes.push('FIFO: a parked message leaves its group, so the order of that group is lost');
  }
  if (carried.visibilityTimeout > 0 || transport === 'visibility-timeout') {
    notes.push('the message stays in flight while it waits (the queue\'s in-flight limit applies); on FIFO it holds its group');
  }
  if (transport === 'auto' && !scenario.fifo) {
    const all = carried.sqsDelay + carried.stepFunctions + carried.visibilityTimeout;
    const share = all > 0 ? Math.round((carried.sqsDelay / all) * 10000) / 100 : 0;
    notes.push(`${share} % of the retries wait ≤ ${MAX_SQS_DELAY_SECONDS} s and go by sqs-delay (from the policy's schedule)`);
  }
  if (scenario.fifo) {
    notes.push('FIFO queue: SQS requests at the FIFO price');
    if (scenario.batchSize > 1) {
      notes.push('FIFO: later messages of a failing message\'s group in the same batch are received again; not priced');
    }
  }
  return notes;
}
