/**
 * Every delay transport with the Python consumer (`-c language=python`), as transportFlow and
 * fifoOrder run them with the Node one: the demo's mixed batch on sqs-delay (with maxElapsed, so
 * the doomed messages end `elapsed`), auto and visibility-timeout, and FIFO order on a FIFO queue.
 * Demo policy: exponential 1 s capped at 8 s, 4 attempts (waits 2, 4, 8 s); FIFO: a fixed 3 s,
 * batches of 10, so the Python runtime's FIFO skip (`_drain_fifo`) is what keeps each group's order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoScenario } from '../../scripts/demo/demoScenario';
import { runFlow } from '../../scripts/flow/runFlow';
import { DemoOutputs } from '../../scripts/flow/stackOutputs';
import { e2eContext, runTag } from '../helpers/e2eClients';
import { expectGroupsInOrder, runFifoGroups } from '../helpers/fifoGroups';
import { VARIANT_DEPLOY_TIMEOUT_MS, deployVariant } from '../helpers/variantStack';

const MAX_ATTEMPTS = 4;
/** Long enough for two waits (2 + 4 s) and their attempts, too short for the third wait (8 s). */
const MAX_ELAPSED_SECONDS = 12;
/** Worst case of the demo policy, wait before attempt n+1: 1·2^(n−1), capped at 8. */
const waitBefore = (attempt: number) => Math.min(8, 2 ** (attempt - 2));
const waitedAtLeast = (attempt: number) => Array.from({ length: attempt - 1 }, (_, i) => waitBefore(i + 2)).reduce((a, b) => a + b, 0);

const VARIANTS = [
  { transport: 'sqs-delay', suffix: 'PySqsDelay', carrier: 'sqs-delay', context: { maxElapsed: String(MAX_ELAPSED_SECONDS) } },
  { transport: 'auto', suffix: 'PyAuto', carrier: 'sqs-delay', context: {} },
  { transport: 'visibility-timeout', suffix: 'PyVisibility', carrier: 'visibility-timeout', context: {} },
] as const;
/**
 * Batches of 10 (the FIFO maximum; the construct's default here is 1): a group arrives whole, so
 * the runtime's own skip of a blocked group's later records keeps the order, not SQS's hold.
 */
const FIFO = { suffix: 'PyFifo', waitSeconds: 3, groups: 2, groupSize: 4, failing: 2, failures: 2, batchSize: 10 };

const stacks = new Map<string, Promise<DemoOutputs>>();
const deployed = (suffix: string) => stacks.get(suffix)!;

beforeAll(() => {
  // Deployed side by side; each describe awaits its own.
  for (const { transport, suffix, context } of VARIANTS) stacks.set(suffix, deployVariant(suffix, { language: 'python', transport, ...context }));
  stacks.set(FIFO.suffix, deployVariant(FIFO.suffix, {
    language: 'python', fifo: 'true', policy: 'fixed', base: String(FIFO.waitSeconds), batchSize: String(FIFO.batchSize),
  }));
  // Failures surface in the describes that await them.
  for (const stack of stacks.values()) stack.catch(() => undefined);
});

describe.each(VARIANTS)('the demo flow on the $transport transport with the Python consumer', ({ transport, suffix, carrier, context }) => {
  const { sqs, sfn, lambda, endpoint } = e2eContext();
  const elapsedLimit = 'maxElapsed' in context;
  let outputs: DemoOutputs;

  beforeAll(async () => {
    outputs = await deployed(suffix);
  }, VARIANT_DEPLOY_TIMEOUT_MS);

  it('deploys the transport', () => {
    expect(outputs.Transport).toBe(transport);
  });

  it('loses nothing: flaky messages processed on the attempt they asked for, never early; doomed and poison dead-lettered with their reason', async () => {
    const bodies = demoScenario(runTag(suffix.toLowerCase()));
    const sentAt = Date.now();
    const { ledger, parks } = await runFlow({ sqs, sfn, outputs, bodies, deadlineMs: 150_000, parkLog: { lambda, endpoint } });
    expect(ledger.totals()).toMatchObject({ lost: 0, duplicates: 0, processed: 8, deadLettered: 4 });
    for (const body of bodies) {
      if (body.poison) {
        expect(ledger.deadLetters(body.id)[0]?.reason, body.id).toBe('non-retryable');
      } else if ((body.failTimes ?? 0) >= MAX_ATTEMPTS) {
        const entry = ledger.deadLetters(body.id)[0];
        // With maxElapsed 12 s the third wait (8 s) would end past it: dead-lettered before the 4th attempt.
        expect(entry?.reason, body.id).toBe(elapsedLimit ? 'elapsed' : 'exhausted');
        if (elapsedLimit) expect(entry?.attempts, body.id).toBeLessThan(MAX_ATTEMPTS);
        else expect(entry?.attempts, body.id).toBe(MAX_ATTEMPTS);
      } else {
        const report = ledger.processedReports(body.id)[0];
        const attempt = (body.failTimes ?? 0) + 1;
        expect(report?.attempt, body.id).toBe(attempt);
        expect((Date.parse(report.processedAt) - sentAt) / 1000, body.id).toBeGreaterThanOrEqual(waitedAtLeast(attempt));
      }
    }
    // AND the Python consumer's log names the carrier of every retry, as the Node one's does
    expect(parks.length).toBeGreaterThan(0);
    for (const park of parks) {
      expect(park.transport, park.id).toBe(carrier);
      expect(park.fallback, park.id).toBeUndefined();
    }
  }, 240_000);
});

describe('a FIFO queue with the Python consumer in batches of 10, where message 2 of every group fails twice', () => {
  const { sqs } = e2eContext();
  let outputs: DemoOutputs;

  beforeAll(async () => {
    outputs = await deployed(FIFO.suffix);
  }, VARIANT_DEPLOY_TIMEOUT_MS);

  it('is carried by visibility timeout, and processes every group in order (messages 3..4 held behind message 2 by the runtime), each wait honoured, nothing duplicated', async () => {
    expect(outputs.Transport).toBe('visibility-timeout');
    // GIVEN groups of four, each sent in one batch, message 2 of each failing twice
    // WHEN the consumer receives each group whole and works through it
    const run = await runFifoGroups({
      sqs, outputs, tag: runTag('pyfifo'), groups: FIFO.groups, groupSize: FIFO.groupSize, failingPosition: FIFO.failing, failures: FIFO.failures,
    });

    // THEN what fifoOrder asserts of the Node consumer: each message processed once, none
    // dead-lettered; message 2 waited out both delays, messages 3..4 stayed behind it, all in the
    // order sent. Received with message 2 each time, 3..4 count its three receipts as attempts.
    expectGroupsInOrder(run, { waitSeconds: FIFO.waitSeconds, failures: FIFO.failures, heldAttempt: FIFO.failures + 1 });
  }, 300_000);
});
