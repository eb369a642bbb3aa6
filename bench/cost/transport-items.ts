import { lineItem, lineItemPerUnit, type LineItem } from './line-item';
import type { Prices } from './prices';
import { chunks, unitsPerMessage } from './request-units';
import type { CostScenario } from './scenario';

/**
 * The billed items of one delay transport for a slice of the retries (all of them, or the share
 * `auto` gives it). Only the retry path is priced: the first receive, delete and invocation of
 * every message are the same whichever transport waits, and are left out.
 */
export interface TransportSlice {
  readonly scenario: CostScenario;
  readonly prices: Prices;
  /** Retries this transport carries per month. */
  readonly retries: number;
  /** Appended to every item's description, e.g. ` (delays ≤ 900 s)`. */
  readonly qualifier: string;
}

/** SQS charges FIFO queues more per request. */
export function sqsPrice(scenario: CostScenario, prices: Prices): number {
  return scenario.fifo ? prices.sqsFifoPerMillionRequests : prices.sqsPerMillionRequests;
}

/**
 * `step-functions`: StartExecution (not billed) → WaitForBackoff → Requeue (sqs:sendMessage), two
 * Standard transitions, the execution's X-Ray trace and log, then the requeued copy's receive; the
 * parked original is deleted by the event source mapping.
 */
export function stepFunctionsItems({ scenario, prices, retries, qualifier }: TransportSlice): LineItem[] {
  const price = sqsPrice(scenario, prices);
  const items = [
    lineItem('Step Functions', `Standard state transitions${qualifier}`, retries * scenario.transitionsPerRetry, 'transitions', prices.sfnStandardPerMillionTransitions),
  ];
  if (scenario.xrayTracing) {
    items.push(lineItem('X-Ray', `traces of the retry executions (all sampled)${qualifier}`, retries, 'traces', prices.xrayPerMillionTracesRecorded));
  }
  if (scenario.logBytesPerRetry > 0) {
    const gb = (retries * scenario.logBytesPerRetry) / 2 ** 30;
    items.push(lineItemPerUnit('CloudWatch Logs', `execution log ingestion (level ALL)${qualifier}`, gb, 'GB', prices.cloudWatchLogsPerGbIngested));
  }
  return [
    ...items,
    lineItem('SQS', `SendMessage of the requeued copy (by the state machine)${qualifier}`, retries * sendUnits(scenario, prices), 'requests', price),
    receiveItem(scenario, prices, retries, `ReceiveMessage of the requeued copy${qualifier}`),
    lineItem('SQS', `DeleteMessage(Batch) of the parked message${qualifier}`, retries / scenario.batchSize, 'requests', price),
  ];
}

/** `sqs-delay`: the consumer sends a copy with DelaySeconds, the original is deleted, the copy received. */
export function sqsDelayItems({ scenario, prices, retries, qualifier }: TransportSlice): LineItem[] {
  const price = sqsPrice(scenario, prices);
  return [
    lineItem('SQS', `SendMessage of the delayed copy (by the consumer)${qualifier}`, retries * sendUnits(scenario, prices), 'requests', price),
    receiveItem(scenario, prices, retries, `ReceiveMessage of the delayed copy${qualifier}`),
    lineItem('SQS', `DeleteMessage(Batch) of the original${qualifier}`, retries / scenario.batchSize, 'requests', price),
  ];
}

/**
 * `visibility-timeout`: one ChangeMessageVisibility per retry (no payload: one request unit), then
 * SQS redelivers the same message. Nothing is sent and nothing deleted until the message ends.
 */
export function visibilityTimeoutItems({ scenario, prices, retries, qualifier }: TransportSlice): LineItem[] {
  return [
    lineItem('SQS', `ChangeMessageVisibility (sets the delay)${qualifier}`, retries, 'requests', sqsPrice(scenario, prices)),
    receiveItem(scenario, prices, retries, `ReceiveMessage of the redelivery${qualifier}`),
  ];
}

/** The consumer's SendMessage of each exhausted message to the dead-letter queue, whichever transport waited. */
export function deadLetterItems(scenario: CostScenario, prices: Prices, deadLettered: number): LineItem[] {
  const price = sqsPrice(scenario, prices);
  return [lineItem('SQS', 'SendMessage to the dead-letter queue (consumer)', deadLettered * sendUnits(scenario, prices), 'requests', price)];
}

function sendUnits(scenario: CostScenario, prices: Prices): number {
  return chunks(scenario.messageBytes, prices.sqsChunkBytes);
}

function receiveItem(scenario: CostScenario, prices: Prices, retries: number, what: string): LineItem {
  const units = unitsPerMessage(scenario.messageBytes, scenario.batchSize, prices.sqsChunkBytes);
  return lineItem('SQS', what, retries * units, 'requests', sqsPrice(scenario, prices));
}
