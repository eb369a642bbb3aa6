/**
 * The demo flow (the demo's mixed batch, followed by `runFlow` as `npm run demo` does) through
 * copies of the example app on the `sqs-delay` and `auto` transports. Demo policy: exponential
 * 1 s capped at 8 s, 4 attempts, so every delay is under 900 s and `auto` sends delayed copies too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoScenario } from '../../scripts/demo/demoScenario';
import { runFlow } from '../../scripts/flow/runFlow';
import { DemoOutputs } from '../../scripts/flow/stackOutputs';
import { e2eContext, runTag } from '../helpers/e2eClients';
import { VARIANT_DEPLOY_TIMEOUT_MS, deployVariant } from '../helpers/variantStack';

const MAX_ATTEMPTS = 4;
/** Worst case of the demo policy, wait before attempt n+1: 1·2^(n−1), capped at 8. */
const waitBefore = (attempt: number) => Math.min(8, 2 ** (attempt - 2));
const waitedAtLeast = (attempt: number) => Array.from({ length: attempt - 1 }, (_, i) => waitBefore(i + 2)).reduce((a, b) => a + b, 0);

describe.each([
  ['sqs-delay', 'SqsDelay', false],
  ['auto', 'Auto', true],
])('the demo flow on the %s transport', (transport, suffix, withStateMachine) => {
  const { sqs, sfn } = e2eContext();
  let outputs: DemoOutputs;

  beforeAll(async () => {
    outputs = await deployVariant(suffix, { transport });
  }, VARIANT_DEPLOY_TIMEOUT_MS);

  it(`deploys the ${transport} transport${withStateMachine ? ' with' : ' without'} a state machine`, () => {
    expect(outputs.Transport).toBe(transport);
    expect(outputs.StateMachineArn !== undefined).toBe(withStateMachine);
  });

  it('loses nothing: flaky messages processed on the attempt they asked for, never early; doomed and poison dead-lettered with their reason', async () => {
    // GIVEN the demo's mixed batch
    const bodies = demoScenario(runTag(suffix.toLowerCase()));
    const sentAt = Date.now();
    // WHEN it is sent and followed to the end
    const { ledger } = await runFlow({ sqs, sfn, outputs, bodies, deadlineMs: 150_000 });
    // THEN every id has its outcome
    expect(ledger.totals().lost).toBe(0);
    expect(ledger.totals().duplicates).toBe(0);
    for (const body of bodies) {
      if (body.poison) {
        expect(ledger.deadLetters(body.id)[0]?.reason, body.id).toBe('non-retryable');
      } else if ((body.failTimes ?? 0) >= MAX_ATTEMPTS) {
        const entry = ledger.deadLetters(body.id)[0];
        expect(entry?.reason, body.id).toBe('exhausted');
        expect(entry?.attempts, body.id).toBe(MAX_ATTEMPTS);
      } else {
        const report = ledger.processedReports(body.id)[0];
        const attempt = (body.failTimes ?? 0) + 1;
        expect(report?.attempt, body.id).toBe(attempt);
        expect((Date.parse(report.processedAt) - sentAt) / 1000, body.id).toBeGreaterThanOrEqual(waitedAtLeast(attempt));
      }
    }
  }, 240_000);
});
