import { DemoBody } from '../flow/demoMessage';

/** The demo's mixed batch: what each kind of message is for, and how many of each. */
export function demoScenario(runId: string): DemoBody[] {
  const id = (kind: string, i: number) => `${runId}-${kind}-${i}`;
  return [
    ...range(4).map((i) => ({ id: id('ok', i) })),
    // The second flaky message's first failure names its own wait (RetryAfterError): the same
    // totals (12 sent, 8 processed, 4 dead-lettered, one retry each), one wait chosen by the handler.
    ...range(2).map((i) => (i === 0 ? { id: id('flaky1', i), failTimes: 1 } : { id: id('retryafter', i), failTimes: 1, retryAfter: RETRY_AFTER_SECONDS })),
    ...range(2).map((i) => ({ id: id('flaky2', i), failTimes: 2 })),
    ...range(2).map((i) => ({ id: id('doomed', i), failTimes: 1_000 })),
    ...range(2).map((i) => ({ id: id('poison', i), poison: true })),
  ];
}

/** Longer than the demo policy's first delay (1 s), short enough for the demo's few minutes. */
export const RETRY_AFTER_SECONDS = 5;

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}
