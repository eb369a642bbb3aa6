/**
 * The handler decides when it knows better (docs/retry-control.md), on the emulator: copies of the
 * example app with a 1-second fixed policy and 4 attempts, one with retry rules, one with outage
 * protection. Real Lambda runs, real Step Functions Waits (never scaled here), real queues.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decisionLines, DecisionLine, logGroupOf, logLines } from '../../scripts/flow/consumerLogs';
import { DemoBody } from '../../scripts/flow/demoMessage';
import { runFlow } from '../../scripts/flow/runFlow';
import { DemoOutputs } from '../../scripts/flow/stackOutputs';
import { e2eContext, runTag } from '../helpers/e2eClients';
import { VARIANT_DEPLOY_TIMEOUT_MS, deployVariant } from '../helpers/variantStack';

const POLICY = { policy: 'fixed', base: '1', maxAttempts: '4' };
/** SlowError: 4-second waits, 3 attempts; FlakyError: 1-second waits, 6 attempts (the queue allows 4). */
const RULES = [
  { errorNames: ['SlowError'], policy: { kind: 'fixed', base: 4 }, maxAttempts: 3 },
  { errorNames: ['FlakyError'], policy: { kind: 'fixed', base: 1 }, maxAttempts: 6 },
];
const OUTAGE = { failureRate: 0.9, window: 3, probeSeconds: 5 };
/** The policy's whole schedule: 3 waits of 1 s. The outage stub fails everything 10 times that long (3× the schedule as run, Lambda and Step Functions included). */
const OUTAGE_MS = 30_000;
const OUTAGE_MESSAGES = 8;

const ms = (iso: string) => Date.parse(iso);

describe('retry control on the emulator', () => {
  let rules: DemoOutputs;
  let protectedStack: DemoOutputs;

  beforeAll(async () => {
    // One at a time: two CDK synths side by side starve the 2-core machine.
    rules = await deployVariant('RetryRules', { ...POLICY, maxReceiveCount: '7', retryRules: JSON.stringify(RULES) });
    protectedStack = await deployVariant('OutageGuard', { ...POLICY, outageProtection: JSON.stringify(OUTAGE) });
  }, VARIANT_DEPLOY_TIMEOUT_MS);

  it('RetryAfterError(7), a Retry-After HTTP-date and two rules in one batch: each message waits and is counted as it says', async () => {
    const { sqs, sfn, lambda, endpoint } = e2eContext();
    const tag = runTag('rc');
    // GIVEN a 1 s policy, and a date 7–8 s ahead in IMF-fixdate (whole seconds)
    const retryAt = new Date(Math.ceil((Date.now() + 7_000) / 1000) * 1000);
    const bodies: DemoBody[] = [
      { id: `${tag}-seconds`, retryAfter: 7, failTimes: 1 },
      { id: `${tag}-date`, retryAfter: retryAt.toUTCString(), failTimes: 1 },
      { id: `${tag}-slow`, failTimes: 2, errorName: 'SlowError' },
      { id: `${tag}-slow-doomed`, failTimes: 100, errorName: 'SlowError' },
      { id: `${tag}-flaky`, failTimes: 5, errorName: 'FlakyError' },
    ];
    // WHEN they are sent together
    const flow = await runFlow({ sqs, sfn, outputs: rules, bodies, deadlineMs: 90_000, parkLog: { lambda, endpoint } });
    const { ledger } = flow;
    const report = (suffix: string) => ledger.processedReports(`${tag}-${suffix}`)[0];
    const parks = (suffix: string) => flow.parks.filter((p) => p.id === `${tag}-${suffix}`).map((p) => [p.attempt, p.delaySeconds]);
    expect(ledger.totals()).toMatchObject({ sent: 5, processed: 4, deadLettered: 1, lost: 0 });

    // THEN RetryAfterError(7): attempt 2 started no earlier than 7 s after the first receipt
    expect(report('seconds').attempt).toBe(2);
    expect(ms(report('seconds').startedAt) - ms(report('seconds').firstReceivedAt)).toBeGreaterThanOrEqual(7_000);
    expect(parks('seconds')).toEqual([[1, 7]]);
    // AND the HTTP-date: attempt 2 started no earlier than the date
    expect(report('date').attempt).toBe(2);
    expect(ms(report('date').startedAt)).toBeGreaterThanOrEqual(retryAt.getTime());
    // AND SlowError follows its rule: 4 s waits (the policy's are 1 s), 3 attempts
    expect(report('slow').attempt).toBe(3);
    expect(parks('slow')).toEqual([[1, 4], [2, 4]]);
    expect(ms(report('slow').startedAt) - ms(report('slow').firstReceivedAt)).toBeGreaterThanOrEqual(8_000);
    expect(ledger.deadLetters(`${tag}-slow-doomed`).map((d) => [d.reason, d.attempts])).toEqual([['exhausted', 3]]);
    // AND FlakyError follows its own: 1 s waits, and a 6th attempt the queue's 4 would not give
    expect(report('flaky').attempt).toBe(6);
    expect(parks('flaky')).toEqual([[1, 1], [2, 1], [3, 1], [4, 1], [5, 1]]);
  }, 150_000);

  it('an outage 10× the schedule: with protection 0 dead-lettered and 0 lost; without it every message is dead-lettered', async () => {
    const { sqs, sfn, lambda, endpoint } = e2eContext();
    const run = async (outputs: DemoOutputs, label: string) => {
      const tag = runTag(label);
      const startedAt = Date.now();
      // GIVEN a downstream stub that fails everything for OUTAGE_MS, then recovers
      const downUntil = startedAt + OUTAGE_MS;
      const bodies: DemoBody[] = Array.from({ length: OUTAGE_MESSAGES }, (_, i) => ({ id: `${tag}-${i}`, downUntil }));
      const flow = await runFlow({ sqs, sfn, outputs, bodies, deadlineMs: 120_000, keepDeadLetters: false });
      const group = await logGroupOf(lambda, outputs.ConsumerFunctionName!);
      // One EMF line per invocation that did anything: the consumer's invocations during the outage
      // (this test alone drives each stack's consumer while it runs).
      const invocations = (await logLines(endpoint, group, startedAt - 1_000)).filter((text) => {
        const at = /"_aws":\{"Timestamp":(\d+)/.exec(text);
        return at !== null && Number(at[1]) >= startedAt && Number(at[1]) < downUntil;
      }).length;
      const lines = (await decisionLines(endpoint, group, startedAt - 1_000)).filter((line) =>
        [...flow.messageIds.values()].includes(String(line.originalMessageId ?? line.messageId)),
      );
      const during = (line: DecisionLine) => typeof line.timestamp === 'string' && ms(line.timestamp) < downUntil;
      const failedRuns = lines.filter((line) => ['parked', 'held', 'dead-lettered'].includes(line.msg) && during(line));
      return { totals: flow.ledger.totals(), invocations, failedRuns: failedRuns.length, held: failedRuns.filter((line) => line.msg === 'held').length };
    };
    // WHEN the same outage hits both stacks at the same time
    const [unprotected, guarded] = await Promise.all([run(rules, 'nog'), run(protectedStack, 'og')]);
    console.log(
      `outage of ${OUTAGE_MS / 1000} s, ${OUTAGE_MESSAGES} messages: consumer invocations during it ${guarded.invocations} with protection vs ${unprotected.invocations} without; ` +
        `failed handler runs ${guarded.failedRuns} (${guarded.held} held) vs ${unprotected.failedRuns}`,
    );
    // THEN without protection every message ran out of attempts during the outage
    expect(unprotected.totals).toMatchObject({ sent: OUTAGE_MESSAGES, processed: 0, deadLettered: OUTAGE_MESSAGES, lost: 0 });
    // AND with it nothing that succeeds after the recovery was dead-lettered, nothing lost
    expect(guarded.totals).toMatchObject({ sent: OUTAGE_MESSAGES, processed: OUTAGE_MESSAGES, deadLettered: 0, lost: 0 });
    expect(guarded.held).toBeGreaterThan(0);
    expect(guarded.invocations).toBeGreaterThan(0);
    expect(unprotected.invocations).toBeGreaterThan(0);
  }, 200_000);
});
