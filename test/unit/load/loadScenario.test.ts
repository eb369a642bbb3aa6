import { describe, expect, it } from 'vitest';
import { expectedOutcome, loadScenario } from '../../../scripts/load/loadScenario';

describe('loadScenario', () => {
  const mix = { messages: 1_000, transientRate: 0.3, poisonRate: 0.05, seed: 1 };

  it('draws exactly the requested share of each kind', () => {
    const bodies = loadScenario('t', mix);
    expect(bodies).toHaveLength(1_000);
    expect(bodies.filter((b) => b.poison)).toHaveLength(50);
    expect(bodies.filter((b) => b.failTimes !== undefined)).toHaveLength(300);
  });

  it('gives transient messages between 1 and 3 failures, all three present', () => {
    const failTimes = new Set(loadScenario('t', mix).flatMap((b) => (b.failTimes === undefined ? [] : [b.failTimes])));
    expect([...failTimes].sort()).toEqual([1, 2, 3]);
  });

  it('is the same mix for the same seed and a different one for another seed', () => {
    const kinds = (seed: number) => loadScenario('t', { ...mix, seed }).map((b) => `${b.poison}${b.failTimes}`).join();
    expect(kinds(1)).toBe(kinds(1));
    expect(kinds(1)).not.toBe(kinds(2));
  });

  it('expects poison dead-lettered as non-retryable and others processed after their failures', () => {
    expect(expectedOutcome({ id: 'a', poison: true })).toEqual({ kind: 'dead-lettered', reason: 'non-retryable' });
    expect(expectedOutcome({ id: 'b', failTimes: 2 })).toEqual({ kind: 'processed', attempt: 3 });
    expect(expectedOutcome({ id: 'c' })).toEqual({ kind: 'processed', attempt: 1 });
  });
});
