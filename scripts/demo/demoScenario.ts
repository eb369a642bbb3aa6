import { DemoBody } from '../flow/demoMessage';

/** The demo's mixed batch: what each kind of message is for, and how many of each. */
export function demoScenario(runId: string): DemoBody[] {
  const id = (kind: string, i: number) => `${runId}-${kind}-${i}`;
  return [
    ...range(4).map((i) => ({ id: id('ok', i) })),
    ...range(2).map((i) => ({ id: id('flaky1', i), failTimes: 1 })),
    ...range(2).map((i) => ({ id: id('flaky2', i), failTimes: 2 })),
    ...range(2).map((i) => ({ id: id('doomed', i), failTimes: 1_000 })),
    ...range(2).map((i) => ({ id: id('poison', i), poison: true })),
  ];
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}
