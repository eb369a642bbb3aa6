import { describe, expect, it } from 'vitest';
import { compareDesigns } from '../../../bench/cost/compare-designs';
import { failureProfile } from '../../../bench/cost/failure-profile';
import { meanSchedule } from '../../../bench/cost/mean-schedule';
import { parseCostCli } from '../../../bench/cost/parse-cli';
import { parseDistribution } from '../../../bench/cost/parse-distribution';
import { policyFromOptions } from '../../../bench/cost/policy-from-options';
import { PRICES } from '../../../bench/cost/prices';
import { chunks, unitsPerMessage } from '../../../bench/cost/request-units';
import type { CostScenario } from '../../../bench/cost/scenario';
import { costScenario, designCost, lineItemOf } from '../../helpers/costScenario';

// Every expected number below is worked by hand in the comment next to it.
const scenario = costScenario;
const design = designCost;
const item = (s: CostScenario, name: string, what: string) => lineItemOf(design(s, name), what);

describe('prices', () => {
  it('are the 2026 list prices of SPEC.md and cannot be changed at run time', () => {
    expect(PRICES.sqsPerMillionRequests).toBe(0.4);
    expect(PRICES.sfnStandardPerMillionTransitions).toBe(25);
    expect(PRICES.sfnExpressPerMillionRequests).toBe(1);
    expect(PRICES.schedulerPerMillionInvocations).toBe(1);
    expect(Object.isFrozen(PRICES)).toBe(true);
  });
});

describe('failureProfile', () => {
  it('always failing: maxAttempts − 1 retries, all dead-lettered', () => {
    expect(failureProfile({ kind: 'always' }, 5)).toEqual({ reach: [1, 1, 1, 1], expectedRetries: 4, exhaustedShare: 1 });
  });

  it('fails twice then succeeds: 2 retries, none dead-lettered', () => {
    expect(failureProfile({ kind: 'fixed', failTimes: 2 }, 5)).toEqual({ reach: [1, 1, 0, 0], expectedRetries: 2, exhaustedShare: 0 });
  });

  it('fail-times beyond maxAttempts is capped at maxAttempts − 1 retries and dead-lettered', () => {
    // min(7, 5 − 1) = 4; 7 ≥ 5 ⇒ exhausted
    expect(failureProfile({ kind: 'fixed', failTimes: 7 }, 5)).toMatchObject({ expectedRetries: 4, exhaustedShare: 1 });
    // fails exactly maxAttempts − 1 = 4 times: succeeds on attempt 5, so 4 retries and no dead-letter
    expect(failureProfile({ kind: 'fixed', failTimes: 4 }, 5)).toMatchObject({ expectedRetries: 4, exhaustedShare: 0 });
  });

  it('geometric: P(N ≥ k) = p^(k−1)', () => {
    // p = 0.5, maxAttempts 4: reach 1, 0.5, 0.25 ⇒ 1.75 retries; P(N ≥ 4) = 0.125
    expect(failureProfile({ kind: 'geometric', p: 0.5 }, 4)).toEqual({ reach: [1, 0.5, 0.25], expectedRetries: 1.75, exhaustedShare: 0.125 });
  });

  it('table: normalised weights', () => {
    // 1:0.6, 2:0.25, always:0.15, maxAttempts 10: reach 1, 0.4, then 0.15 seven times
    // ⇒ 1 + 0.4 + 7·0.15 = 2.45 retries; 0.15 dead-lettered
    const profile = failureProfile(parseDistribution('1:0.6,2:0.25,always:0.15'), 10);
    expect(profile.reach).toHaveLength(9);
    expect(profile.expectedRetries).toBeCloseTo(2.45, 12);
    expect(profile.exhaustedShare).toBeCloseTo(0.15, 12);
    // weights 3 and 1 are 0.75 and 0.25: reach 1, 0.25 ⇒ 1.25 retries, maxAttempts 3 ⇒ none exhausted
    expect(failureProfile(parseDistribution('1:3,2:1'), 3)).toEqual({ reach: [1, 0.25], expectedRetries: 1.25, exhaustedShare: 0 });
  });

  it('maxAttempts 1: no retries at all, every failing message dead-lettered', () => {
    expect(failureProfile({ kind: 'fixed', failTimes: 1 }, 1)).toEqual({ reach: [], expectedRetries: 0, exhaustedShare: 1 });
  });

  it('rejects nonsense', () => {
    expect(() => failureProfile({ kind: 'always' }, 0)).toThrow(/maxAttempts/);
    expect(() => failureProfile({ kind: 'fixed', failTimes: 0 }, 3)).toThrow(/failTimes/);
    expect(() => failureProfile({ kind: 'geometric', p: 1.5 }, 3)).toThrow(/probability/);
  });
});

describe('parseDistribution', () => {
  it('reads geometric:P and N:WEIGHT lists', () => {
    expect(parseDistribution('geometric:0.3')).toEqual({ kind: 'geometric', p: 0.3 });
    expect(parseDistribution('1:2, always:1')).toEqual({
      kind: 'table',
      weights: [
        { failTimes: 1, weight: 2 },
        { failTimes: 'always', weight: 1 },
      ],
    });
  });

  it('says what is wrong', () => {
    expect(() => parseDistribution('geometric:2')).toThrow(/0 ≤ P ≤ 1/);
    expect(() => parseDistribution('x:1')).toThrow(/N:WEIGHT/);
    expect(() => parseDistribution('0:1')).toThrow(/N must be ≥ 1/);
    expect(() => parseDistribution('1:0')).toThrow(/at least one weight/);
  });
});

describe('request units', () => {
  it('bill every started 64 KiB chunk, and at least one', () => {
    expect(chunks(0, 65536)).toBe(1);
    expect(chunks(1024, 65536)).toBe(1);
    expect(chunks(65536, 65536)).toBe(1);
    expect(chunks(65537, 65536)).toBe(2);
    expect(chunks(256 * 1024, 65536)).toBe(4);
  });

  it('spread a batched receive over its messages', () => {
    expect(unitsPerMessage(1024, 10, 65536)).toBeCloseTo(0.1, 12); // 10 KiB ⇒ 1 unit for 10 messages
    expect(unitsPerMessage(40_000, 10, 65536)).toBeCloseTo(0.7, 12); // 400,000 B ⇒ ceil(6.1) = 7 units
  });
});

describe('meanSchedule', () => {
  it('is exact for deterministic policies', () => {
    expect(meanSchedule({ kind: 'exponential', base: 2, cap: 300 }, 5)).toEqual([4, 8, 16, 32]);
    expect(meanSchedule({ kind: 'exponential', base: 2, cap: 300 }, 9)).toEqual([4, 8, 16, 32, 64, 128, 256, 300]);
    expect(meanSchedule({ kind: 'fixed', base: 10 }, 3)).toEqual([10, 10]);
  });

  it('is reproducible and close to the expectation for jittered ones', () => {
    const spec = { kind: 'full-jitter', base: 10, cap: 1000 } as const;
    const mean = meanSchedule(spec, 3);
    expect(meanSchedule(spec, 3)).toEqual(mean);
    // E[r·20] = 10 and E[r·40] = 20, before rounding
    expect(mean[0]).toBeGreaterThan(9.5);
    expect(mean[0]).toBeLessThan(10.5);
    expect(mean[1]).toBeGreaterThan(19.5);
    expect(mean[1]).toBeLessThan(20.5);
  });
});

describe('compareDesigns, the default scenario (1 M messages, 10 % fail every attempt, exponential 2 s cap 300 s, 5 attempts)', () => {
  // 100,000 failing messages × 4 retries = 400,000 retries; all 100,000 dead-lettered.
  const s = scenario();

  it('counts the volumes', () => {
    expect(compareDesigns(s).volumes).toEqual({
      failingMessages: 100_000,
      retries: 400_000,
      retriesByWait: [100_000, 100_000, 100_000, 100_000],
      deadLettered: 100_000,
    });
  });

  it('ours: 2 transitions, an X-Ray trace, 3,500 B of execution log, send + receive + delete per retry, one dead-letter send', () => {
    // 800,000 transitions × $25/M = $20.00
    expect(item(s, 'ours', 'Standard state transitions')).toMatchObject({ quantity: 800_000 });
    expect(item(s, 'ours', 'Standard state transitions').cost).toBeCloseTo(20, 10);
    // 400,000 traces × $5/M = $2.00
    expect(item(s, 'ours', 'traces').cost).toBeCloseTo(2, 10);
    // 400,000 × 3,500 B = 1.4e9 B = 1.30385… GB (2^30 B) × $0.50/GB = $0.651925802…
    expect(item(s, 'ours', 'execution log').quantity).toBeCloseTo(1.4e9 / 2 ** 30, 12);
    expect(item(s, 'ours', 'execution log').cost).toBeCloseTo(0.6519258022, 9);
    // SQS: 400,000 × 3 + 100,000 = 1,300,000 requests × $0.40/M = $0.52
    // total: 20 + 2 + 0.6519258022 + 0.52 = $23.1719258022
    const ours = design(s, 'ours');
    expect(ours.specific).toBeCloseTo(23.1719258022, 9);
    // Lambda: 400,000 × $0.20/M = $0.08; 400,000 × 0.1 s × 0.125 GB = 5,000 GB-s × $0.0000166667 = $0.0833335
    expect(ours.total - ours.specific).toBeCloseTo(0.1633335, 10);
    expect(ours.total).toBeCloseTo(23.3352593022, 9);
    // without tracing and execution log: $20.52
    expect(design(scenario({ xrayTracing: false, logBytesPerRetry: 0 }), 'ours').specific).toBeCloseTo(20.52, 10);
    expect(ours.feasible).toBe(true);
  });

  it('Scheduler: one $1/M invocation per retry plus the same SQS requests as ours', () => {
    // 400,000 × $1/M = $0.40; + $0.52 SQS = $0.92
    expect(design(s, 'scheduler').specific).toBeCloseTo(0.92, 10);
  });

  it('plain redelivery: ChangeMessageVisibility + receive per retry, nothing else', () => {
    // 800,000 requests × $0.40/M = $0.32
    expect(design(s, 'visibility').specific).toBeCloseTo(0.32, 10);
    expect(design(s, 'visibility').feasible).toBe(true);
  });

  it('Express reference: $1/M executions plus the Wait billed as duration', () => {
    // billed 4.1 + 8.1 + 16.1 + 32.1 = 60.4 s per failing message × 100,000 × 0.0625 GB = 377,500 GB-s
    expect(item(s, 'express', 'Express duration').quantity).toBeCloseTo(377_500, 6);
    // 377,500 × $0.00001667 = $6.292925; + $0.40 executions + $2.00 X-Ray + $0.6519258022 logs + $0.52 SQS
    expect(design(s, 'express').specific).toBeCloseTo(9.8648508022, 9);
    expect(design(s, 'express').feasible).toBe(true);
  });

  it('ratios: ours costs 25.2× the Scheduler design and 72.4× plain redelivery on its own items', () => {
    const [ours, scheduler, visibility] = compareDesigns(s).designs;
    expect(ours.specific / scheduler.specific).toBeCloseTo(23.1719258022 / 0.92, 8); // 25.187…
    expect(ours.specific / visibility.specific).toBeCloseTo(23.1719258022 / 0.32, 8); // 72.412…
  });
});

describe('compareDesigns, other scenarios', () => {
  it('fail-times 1 with 3 transitions per retry (an AWS example counting the start)', () => {
    // 1,000 messages × 50 % = 500 retries; 1,500 transitions × $25/M = $0.0375; SQS 1,500 × $0.40/M = $0.0006
    const s = scenario({ messages: 1000, failureRate: 0.5, failures: { kind: 'fixed', failTimes: 1 }, transitionsPerRetry: 3, xrayTracing: false, logBytesPerRetry: 0 });
    expect(compareDesigns(s).volumes.deadLettered).toBe(0);
    expect(design(s, 'ours').specific).toBeCloseTo(0.0381, 12);
  });

  it('large messages cost several SQS and Scheduler units', () => {
    // 100 KiB = 2 chunks: per retry send 2 + receive 2 + delete 1 = 5 SQS units; 10 retries ⇒ 50 units,
    // plus 10 dead-letter sends × 2 = 20 ⇒ 70 × $0.40/M; Scheduler 10 × 2 = 20 invocations.
    const s = scenario({ messages: 100, failureRate: 0.1, maxAttempts: 2, messageBytes: 100 * 1024, xrayTracing: false, logBytesPerRetry: 0 });
    expect(design(s, 'ours').specific).toBeCloseTo(20 * 25e-6 + 70 * 0.4e-6, 12);
    expect(item(s, 'scheduler', 'invocations').quantity).toBe(20);
  });

  it('batched receives spread over their messages', () => {
    // batch 10, 1 KiB: receive 0.1 + delete 0.1 + send 1 per retry ⇒ 400,000 × 1.2 + 100,000 = 580,000 × $0.40/M
    const s = scenario({ batchSize: 10, xrayTracing: false, logBytesPerRetry: 0 });
    expect(design(s, 'ours').specific).toBeCloseTo(20 + 0.232, 10);
    // visibility: ChangeMessageVisibility stays one per retry: 400,000 × 1.1 × $0.40/M = $0.176
    expect(design(s, 'visibility').specific).toBeCloseTo(0.176, 10);
  });

  it('flags what a design cannot do', () => {
    // a 13 h fixed delay passes the 12 h visibility limit and the 5 min Express limit
    const long = scenario({ policy: { kind: 'fixed', base: 13 * 3600 }, maxAttempts: 2 });
    expect(design(long, 'visibility').feasible).toBe(false);
    expect(design(long, 'express').feasible).toBe(false);
    expect(design(long, 'ours').feasible).toBe(true);
    // reaching the 300 s cap: 300 + 0.1 s > 300 s
    expect(design(scenario({ maxAttempts: 9 }), 'express').feasible).toBe(false);
    // over 256 KiB cannot be parked through Step Functions
    expect(design(scenario({ messageBytes: 300 * 1024 }), 'ours').feasible).toBe(false);
  });

  it('no failures, no cost', () => {
    const s = scenario({ failureRate: 0 });
    expect(compareDesigns(s).designs.map((d) => d.total)).toEqual([0, 0, 0, 0]);
  });
});

describe('CLI', () => {
  it('maps the flags of the issue onto a scenario', () => {
    const { scenario: s } = parseCostCli(
      '--messages 1000000 --failure-rate 0.1 --policy exponential --base 2 --cap 300 --max-attempts 5 --fail-times 2'.split(' '),
    );
    expect(s).toMatchObject({
      messages: 1_000_000,
      failureRate: 0.1,
      policy: { kind: 'exponential', base: 2, cap: 300 },
      maxAttempts: 5,
      failures: { kind: 'fixed', failTimes: 2 },
    });
  });

  it('defaults to the worst case and refuses contradictory or invalid flags', () => {
    expect(parseCostCli([]).scenario).toMatchObject({ failures: { kind: 'always' }, xrayTracing: true, logBytesPerRetry: 3500 });
    expect(parseCostCli(['--no-xray', '--log-bytes-per-retry', '0']).scenario).toMatchObject({ xrayTracing: false, logBytesPerRetry: 0 });
    expect(() => parseCostCli(['--fail-times', '2', '--distribution', '1:1'])).toThrow(/not both/);
    expect(() => parseCostCli(['--policy', 'exponential', '--base', '10', '--cap', '5'])).toThrow(/cap must be ≥ base/);
  });

  it('builds step-functions policies from their own flags', () => {
    expect(policyFromOptions({ policy: 'step-functions', interval: 3, rate: 1.5, maxDelay: 60, jitter: 'full' })).toEqual({
      kind: 'step-functions',
      interval: 3,
      rate: 1.5,
      maxDelay: 60,
      jitter: 'FULL',
    });
    expect(() => policyFromOptions({ policy: 'linear' })).toThrow(/--policy must be one of/);
  });
});
