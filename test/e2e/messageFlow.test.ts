/**
 * Real messages through the deployed example app on the emulator: SQS → Lambda → Step Functions
 * Wait → SQS, and into the DLQ. The demo stack's policy: exponential, base 1 s, cap 8 s,
 * maxAttempts 4, so the waits are 2, 4 and 8 s.
 */
import { Buffer } from 'node:buffer';
import { beforeAll, describe, expect, it } from 'vitest';
import { DemoBody, producerAttributes } from '../../scripts/flow/demoMessage';
import { FlowResult, runFlow } from '../../scripts/flow/runFlow';
import { backoffMetadataOf } from '../../scripts/flow/messageLedger';
import { e2eContext, runTag } from '../helpers/e2eClients';

/**
 * A Wait never ends early: the execution's stop minus start time may fall short of the delay only
 * by the emulator's timestamp rounding (measured within 0.3 s on the pinned MiniStack).
 */
const EARLY_TOLERANCE_SECONDS = 0.3;
/**
 * Lateness is tolerated generously: on a shared 2-core machine other engineers' builds and
 * emulators delay the emulator's Wait timer and the requeue SendMessage by seconds at times, and
 * lateness is a speed property (`npm run bench`), not a correctness one. The exact delays are
 * checked above from the execution input; this bound only catches a wait far off its schedule.
 */
const LATE_TOLERANCE_SECONDS = 5;

describe('a mixed batch through the deployed stack', () => {
  const context = e2eContext();
  const tag = runTag('flow');
  const ids = { flaky: `${tag}-flaky`, doomed: `${tag}-doomed`, poison: `${tag}-poison`, ok: `${tag}-ok` };
  const bodies: DemoBody[] = [
    { id: ids.ok },
    { id: ids.flaky, failTimes: 2 },
    { id: ids.doomed, failTimes: 1_000 },
    { id: ids.poison, poison: true },
  ];
  let flow: FlowResult;
  let sentAt: number;

  beforeAll(async () => {
    sentAt = Date.now();
    flow = await runFlow({ ...context, bodies, deadlineMs: 120_000 });
  }, 180_000);

  const retriesOf = (id: string) =>
    flow.retries.filter((event) => event.id === id).sort((a, b) => a.nextAttempt - b.nextAttempt);

  it('loses nothing: every id ends processed or dead-lettered', () => {
    expect(flow.ledger.totals()).toMatchObject({ sent: 4, processed: 2, deadLettered: 2, lost: 0 });
  });

  it('processes a message that fails twice on attempt 3', () => {
    expect(flow.ledger.processedReports(ids.flaky).map((report) => report.attempt)).toEqual([3]);
  });

  it('parks a message that fails twice for the policy delays of 2 s and then 4 s', () => {
    expect(retriesOf(ids.flaky).map((event) => [event.nextAttempt, event.scheduledSeconds])).toEqual([
      [2, 2],
      [3, 4],
    ]);
  });

  it('never requeues before the scheduled delay, and not grossly after it', () => {
    const waits = retriesOf(ids.flaky);
    expect(waits.map((event) => event.observedSeconds === undefined)).toEqual([false, false]);
    for (const event of waits) {
      expect(event.observedSeconds).toBeGreaterThanOrEqual(event.scheduledSeconds - EARLY_TOLERANCE_SECONDS);
      expect(event.observedSeconds).toBeLessThanOrEqual(event.scheduledSeconds + LATE_TOLERANCE_SECONDS);
    }
  });

  it('processes the twice-failing message no sooner than the sum of its waits after sending', () => {
    const processedAt = Date.parse(flow.ledger.processedReports(ids.flaky)[0].processedAt);
    expect((processedAt - sentAt) / 1000).toBeGreaterThanOrEqual(6 - EARLY_TOLERANCE_SECONDS);
  });

  it('dead-letters a message that fails forever after maxAttempts with reason exhausted', () => {
    const [entry] = flow.ledger.deadLetters(ids.doomed);
    expect(entry).toMatchObject({ reason: 'exhausted', attempts: 4 });
    expect(retriesOf(ids.doomed).map((event) => event.scheduledSeconds)).toEqual([2, 4, 8]);
  });

  it('keeps the dead-lettered body byte-for-byte', () => {
    const [entry] = flow.ledger.deadLetters(ids.doomed);
    expect(entry.message.Body).toBe(JSON.stringify({ id: ids.doomed, failTimes: 1_000 }));
  });

  it('keeps the user attributes of a dead-lettered message, String and Binary, byte-for-byte', () => {
    const [entry] = flow.ledger.deadLetters(ids.doomed);
    const sent = producerAttributes(ids.doomed);
    const received = entry.message.MessageAttributes!;
    expect(received['trace-id'].StringValue).toBe(sent['trace-id'].StringValue);
    expect(Buffer.from(received.checksum.BinaryValue!)).toEqual(Buffer.from(sent.checksum.BinaryValue!));
    expect(Object.keys(received).sort()).toEqual(['checksum', 'trace-id', 'x-backoff']);
  });

  it('records the last error and the original message id in x-backoff', () => {
    const metadata = backoffMetadataOf(flow.ledger.deadLetters(ids.doomed)[0].message)!;
    expect(metadata.lastError?.message).toMatch(/simulated failure 4 of 1000/);
    // The id SQS gave the producer's message, not that of a requeued copy or of the DLQ copy
    expect(metadata.originalMessageId).toBe(flow.messageIds.get(ids.doomed));
    expect(metadata.originalMessageId).not.toBe(flow.ledger.deadLetters(ids.doomed)[0].message.MessageId);
  });

  it('dead-letters a poison message on attempt 1 without parking it', () => {
    expect(flow.ledger.deadLetters(ids.poison)[0]).toMatchObject({ reason: 'non-retryable', attempts: 1 });
    expect(retriesOf(ids.poison)).toEqual([]);
  });

  it('processes a good message once, on attempt 1', () => {
    expect(flow.ledger.processedReports(ids.ok).map((report) => report.attempt)).toEqual([1]);
  });
});
