import { describe, expect, it } from 'vitest';
import { compareDesigns } from '../../../bench/cost/compare-designs';
import { autoOverStepFunctions, compareTransports } from '../../../bench/cost/compare-transports';
import { shareWithin } from '../../../bench/cost/delay-split';
import { parseCostCli } from '../../../bench/cost/parse-cli';
import { PRICES } from '../../../bench/cost/prices';
import type { CostScenario } from '../../../bench/cost/scenario';
import { delayLabel, longestDelaySeconds } from '../../../bench/cost/transport-limits';
import type { TransportName } from '../../../lambda/contract';
import { costScenario, lineItemOf, transportCost } from '../../helpers/costScenario';

// Every expected number below is worked out by hand in the comment next to it.
const scenario = costScenario;
const transport = transportCost;
const item = (s: CostScenario, name: TransportName, what: string) => lineItemOf(transport(s, name), what);
// 1,000 messages, 10 % failing every attempt, no X-Ray or execution log: small numbers to add up by hand.
const small = (overrides: Partial<CostScenario> = {}) =>
  scenario({ messages: 1000, failureRate: 0.1, xrayTracing: false, logBytesPerRetry: 0, ...overrides });

describe('prices', () => {
  it('charge FIFO queues $0.50 per million requests, standard queues $0.40', () => {
    expect(PRICES.sqsFifoPerMillionRequests).toBe(0.5);
    expect(PRICES.sqsPerMillionRequests).toBe(0.4);
  });
});

describe('transports on the default scenario (1 M messages, 10 % fail every attempt, exponential 2 s cap 300 s, 5 attempts)', () => {
  // 100,000 failing messages × 4 retries = 400,000 retries (waits 4, 8, 16, 32 s); 100,000 dead-lettered.
  // Shared by all: Lambda 400,000 × $0.20/M = $0.08 + 5,000 GB-s × $0.0000166667 = $0.0833335 ⇒ $0.1633335.
  const s = scenario();

  it('step-functions: 800,000 transitions ($20) + X-Ray ($2) + logs ($0.6519258022) + 1,300,000 SQS requests ($0.52)', () => {
    const sfn = transport(s, 'step-functions');
    expect(item(s, 'step-functions', 'Standard state transitions').quantity).toBe(800_000);
    expect(sfn.specific).toBeCloseTo(23.1719258022, 9);
    expect(sfn.total).toBeCloseTo(23.3352593022, 9);
    expect(sfn.carried).toEqual({ stepFunctions: 400_000, sqsDelay: 0, visibilityTimeout: 0 });
  });

  it('visibility-timeout: ChangeMessageVisibility + receive per retry, one dead-letter send: 900,000 requests = $0.36', () => {
    const vt = transport(s, 'visibility-timeout');
    expect(item(s, 'visibility-timeout', 'ChangeMessageVisibility').quantity).toBe(400_000);
    expect(vt.specific).toBeCloseTo(0.36, 12);
    expect(vt.total).toBeCloseTo(0.5233335, 12);
    expect(vt.items.some((i) => i.service === 'Step Functions')).toBe(false);
  });

  it('sqs-delay: send + receive + delete per retry, one dead-letter send: 1,300,000 requests = $0.52', () => {
    const sd = transport(s, 'sqs-delay');
    expect(item(s, 'sqs-delay', 'SendMessage of the delayed copy').quantity).toBe(400_000);
    expect(sd.specific).toBeCloseTo(0.52, 12);
    expect(sd.total).toBeCloseTo(0.6833335, 12);
  });

  it('auto: every wait is ≤ 900 s, so every retry goes by sqs-delay and costs what sqs-delay costs', () => {
    const auto = transport(s, 'auto');
    expect(auto.carried).toEqual({ stepFunctions: 0, sqsDelay: 400_000, visibilityTimeout: 0 });
    expect(auto.specific).toBeCloseTo(0.52, 12);
    expect(auto.items.some((i) => i.service === 'Step Functions')).toBe(false);
  });

  it('auto ÷ step-functions: 0.6833335 / 23.3352593022 on totals, 0.52 / 23.1719258022 on own items', () => {
    const ratio = autoOverStepFunctions(compareTransports(s, compareDesigns(s).volumes, PRICES, [4, 8, 16, 32]));
    expect(ratio.total).toBeCloseTo(0.0292834, 6); // 0.6833335 / 23.3352593022 = 0.02928338…
    expect(ratio.own).toBeCloseTo(0.0224409, 6); // 0.52 / 23.1719258022 = 0.02244094…
  });

  it('the JSON "transports" object maps each transport name to its monthly total', () => {
    const { transports } = compareDesigns(s);
    expect(Object.keys(transports)).toEqual(['step-functions', 'visibility-timeout', 'sqs-delay', 'auto']);
    expect(transports['visibility-timeout']).toBeCloseTo(0.5233335, 12);
    expect(transports['sqs-delay']).toBeCloseTo(0.6833335, 12);
  });
});

describe('auto splits the retries by the policy schedule', () => {
  // exponential base 300 s, cap 3600 s, 4 attempts: waits 600, 1200, 2400 s.
  // 100 failing messages × 3 retries: 100 wait 600 s (sqs-delay), 200 wait longer (Step Functions).
  const s = small({ policy: { kind: 'exponential', base: 300, cap: 3600 }, maxAttempts: 4 });

  it('sends the ≤ 900 s waits by sqs-delay and the rest through Step Functions', () => {
    expect(transport(s, 'auto').carried).toEqual({ stepFunctions: 200, sqsDelay: 100, visibilityTimeout: 0 });
    // 200 × 2 = 400 transitions × $25/M = $0.01; SQS: 200 × 3 (SFN) + 100 × 3 (delay) + 100 dead-letter = 1,000 × $0.40/M = $0.0004
    expect(item(s, 'auto', 'Standard state transitions (delays > 900 s)').quantity).toBe(400);
    expect(transport(s, 'auto').specific).toBeCloseTo(0.0104, 12);
  });

  it('marks sqs-delay undeployable when a wait passes 900 s, visibility-timeout still fine at 2,400 s', () => {
    expect(transport(s, 'sqs-delay').feasible).toBe(false);
    expect(transport(s, 'sqs-delay').notes[0]).toMatch(/NOT DEPLOYABLE: the longest wait \(2400 s\) passes this transport's 900 s/);
    expect(transport(s, 'visibility-timeout').feasible).toBe(true);
    expect(transport(s, 'auto').feasible).toBe(true);
  });

  it('visibility-timeout cannot carry a 13 h wait; step-functions and auto can', () => {
    const long = small({ policy: { kind: 'fixed', base: 13 * 3600 }, maxAttempts: 2 });
    expect(transport(long, 'visibility-timeout').feasible).toBe(false);
    expect(transport(long, 'step-functions').feasible).toBe(true);
    expect(transport(long, 'auto').feasible).toBe(true);
  });

  it('shareWithin is 1 or 0 per wait for a deterministic policy', () => {
    expect(shareWithin({ kind: 'exponential', base: 300, cap: 3600 }, 4, 900)).toEqual([1, 0, 0]);
  });

  it('shareWithin estimates the share for a jittered policy', () => {
    // full jitter base 900: wait 1 = round(r·1800) ≤ 900 when r < 900.5/1800 ≈ 0.5003;
    // wait 2 = round(r·3600) ≤ 900 when r < 900.5/3600 ≈ 0.2501
    const [first, second] = shareWithin({ kind: 'full-jitter', base: 900, cap: 3600 }, 3, 900);
    expect(first).toBeGreaterThan(0.47);
    expect(first).toBeLessThan(0.53);
    expect(second).toBeGreaterThan(0.22);
    expect(second).toBeLessThan(0.28);
  });
});

describe('FIFO queues', () => {
  const s = scenario({ fifo: true });

  it('auto waits by visibility timeout at the FIFO price: 900,000 requests × $0.50/M = $0.45', () => {
    const auto = transport(s, 'auto');
    expect(auto.carried).toEqual({ stepFunctions: 0, sqsDelay: 0, visibilityTimeout: 400_000 });
    expect(auto.specific).toBeCloseTo(0.45, 12);
  });

  it('step-functions pays the FIFO price on its 1,300,000 SQS requests: 20 + 2 + 0.6519258022 + 0.65', () => {
    expect(transport(s, 'step-functions').specific).toBeCloseTo(23.3019258022, 9);
  });

  it('sqs-delay is not deployable on FIFO', () => {
    expect(transport(s, 'sqs-delay').feasible).toBe(false);
    expect(transport(s, 'sqs-delay').notes.join(' ')).toMatch(/standard queues only/);
  });
});

describe('large messages', () => {
  // 300 KiB = 307,200 B = 5 chunks of 64 KiB; 100 messages, 10 failing, 2 attempts ⇒ 10 retries, 10 dead-lettered.
  const s = small({ messages: 100, maxAttempts: 2, messageBytes: 300 * 1024 });

  it('step-functions falls back to visibility timeout above 256 KiB: 10 CMV + 50 receive units + 50 dead-letter units', () => {
    const sfn = transport(s, 'step-functions');
    expect(sfn.carried).toEqual({ stepFunctions: 0, sqsDelay: 0, visibilityTimeout: 10 });
    expect(sfn.items.some((i) => i.service === 'Step Functions')).toBe(false);
    // 110 requests × $0.40/M = $0.000044
    expect(sfn.specific).toBeCloseTo(0.000044, 12);
    expect(sfn.notes.join(' ')).toMatch(/too-large-for-step-functions/);
  });

  it('sqs-delay bills every 64 KiB chunk of the send and the receive: 50 + 50 + 10 deletes + 50 dead-letter = 160 requests', () => {
    expect(item(s, 'sqs-delay', 'SendMessage of the delayed copy').quantity).toBe(50);
    expect(transport(s, 'sqs-delay').specific).toBeCloseTo(0.000064, 12);
  });

  it('a too-large message that must wait 13 h has no transport left under step-functions', () => {
    const long = small({ messages: 100, maxAttempts: 2, messageBytes: 300 * 1024, policy: { kind: 'fixed', base: 13 * 3600 } });
    expect(transport(long, 'step-functions').feasible).toBe(false);
  });

  it('a message over 1 MiB fits no queue, so no transport carries it', () => {
    const huge = small({ messageBytes: 1024 * 1024 + 1 });
    expect(compareDesigns(huge).transportCosts.map((c) => c.feasible)).toEqual([false, false, false, false]);
  });
});

describe('no failures', () => {
  it('cost nothing with any transport', () => {
    // GIVEN no message fails THEN no transport bills anything
    expect(Object.values(compareDesigns(scenario({ failureRate: 0 })).transports)).toEqual([0, 0, 0, 0]);
  });
});

describe('longest delay per transport', () => {
  it('is one year less 1 h (the requeue after the Wait must end within the year), 11 h 40 min (12 h from the receive less 20 min), 900 s and one year less 1 h (11 h 40 min on FIFO for auto)', () => {
    expect(longestDelaySeconds('step-functions', false)).toBe(31_532_400);
    expect(longestDelaySeconds('visibility-timeout', false)).toBe(42_000);
    expect(longestDelaySeconds('sqs-delay', false)).toBe(900);
    expect(longestDelaySeconds('auto', false)).toBe(31_532_400);
    expect(longestDelaySeconds('auto', true)).toBe(42_000);
    expect([31_536_000, 31_532_400, 43_200, 42_000, 900].map(delayLabel)).toEqual(['1 year', '1 year less 1 h', '12 h', '11 h 40 min', '900 s']);
  });
});

describe('CLI', () => {
  it('takes --transport with a transport name and --fifo', () => {
    expect(parseCostCli(['--transport', 'sqs-delay'])).toMatchObject({ transport: 'sqs-delay', scenario: { fifo: false } });
    expect(parseCostCli(['--fifo']).scenario.fifo).toBe(true);
    expect(parseCostCli([]).transport).toBeUndefined();
  });

  it('refuses a transport name that does not exist', () => {
    expect(() => parseCostCli(['--transport', 'carrier-pigeon'])).toThrow(/Allowed choices are step-functions, visibility-timeout, sqs-delay, auto/);
  });
});
