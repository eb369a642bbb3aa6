import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DemoBody } from '../flow/demoMessage';
import { LedgerTotals, MessageLedger } from '../flow/messageLedger';
import { runFlow } from '../flow/runFlow';
import { DemoOutputs } from '../flow/stackOutputs';
import { LoadMix, expectedOutcome, loadScenario } from './loadScenario';

export interface LoadReport extends LedgerTotals {
  readonly transient: number;
  readonly poison: number;
  /** Parks the processed messages needed: sum of (attempt − 1). */
  readonly retries: number;
  /** Ids whose outcome differs from what their body asked for (wrong attempt, wrong reason). */
  readonly mismatched: string[];
  readonly elapsedSeconds: number;
  readonly lostIds: string[];
}

/** Sends a seeded mix through the deployed example app and accounts for every id. */
export async function runLoad(
  clients: { sqs: SQSClient; sfn: SFNClient },
  outputs: DemoOutputs,
  mix: LoadMix,
  deadlineMs: number,
  onProgress?: (done: number, total: number) => void,
): Promise<LoadReport> {
  const bodies = loadScenario(`load${Date.now().toString(36)}`, mix);
  let done = 0;
  const tick = () => onProgress?.(++done, bodies.length);
  const flow = await runFlow({ ...clients, outputs, bodies, deadlineMs, watchRetries: false, onProcessed: tick, onDeadLetter: tick });
  const { ledger } = flow;
  const mismatched = bodies.filter((body) => !matches(body, ledger)).map((body) => body.id);
  let retries = 0;
  for (const body of bodies) retries += Math.max(0, (ledger.processedReports(body.id)[0]?.attempt ?? 1) - 1);
  return {
    ...ledger.totals(),
    transient: bodies.filter((body) => body.failTimes !== undefined).length,
    poison: bodies.filter((body) => body.poison).length,
    retries,
    mismatched,
    elapsedSeconds: flow.elapsedMs / 1000,
    lostIds: ledger.outstanding(),
  };
}

function matches(body: DemoBody, ledger: MessageLedger): boolean {
  const expected = expectedOutcome(body);
  if (expected.kind === 'processed') return ledger.processedReports(body.id)[0]?.attempt === expected.attempt;
  return ledger.deadLetters(body.id)[0]?.reason === expected.reason;
}
