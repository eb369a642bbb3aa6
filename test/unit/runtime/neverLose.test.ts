/**
 * The runtime's one promise, checked against every way its two AWS calls can fail: a record is
 * acknowledged (left out of `batchItemFailures`) only when it was processed, parked or
 * dead-lettered; everything else is reported, so SQS redelivers it and its redrive policy
 * remains the last safety net.
 */
import { ExecutionAlreadyExists, StartExecutionCommand, StartExecutionCommandInput } from '@aws-sdk/client-sfn';
import { SendMessageCommand, SendMessageCommandInput } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { BACKOFF_ATTRIBUTE, BackoffMetadata, DeadLetterReason, ParkInput } from '../../../lambda/contract';
import { NonRetryableError } from '../../../lambda/runtime';
import { NO_FALLBACK_CONFIG, TEST_CONFIG, backoffHarness, failingWith } from '../../helpers/backoffHarness';
import { seededRandom } from '../../helpers/seededRandom';
import { backoffMetadata, manyAttributes, sqsEvent, sqsRecord } from '../../helpers/sqsRecord';

/** SQS refuses a message whose body plus attributes pass 1 MiB. */
const SQS_MAX_MESSAGE_BYTES = 1024 * 1024;

function serviceUnavailable(): Error {
  return Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable', $fault: 'server' });
}

function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' });
}

/** What SQS counts against its size limit: the body and each attribute's name, type and value. */
function sqsMessageBytes(input: SendMessageCommandInput): number {
  let bytes = Buffer.byteLength(input.MessageBody ?? '');
  for (const [name, value] of Object.entries(input.MessageAttributes ?? {})) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? '');
    bytes += value.BinaryValue !== undefined ? value.BinaryValue.length : Buffer.byteLength(value.StringValue ?? '');
  }
  return bytes;
}

describe('when the dead-letter send fails, the record stays in batchItemFailures, whatever the reason', () => {
  const cases: Array<[reason: string, record: () => SQSRecord, error: unknown]> = [
    ['non-retryable', () => sqsRecord({ messageId: 'm' }), new NonRetryableError('bad')],
    ['exhausted', () => sqsRecord({ messageId: 'm', backoff: backoffMetadata({ attempt: TEST_CONFIG.maxAttempts - 1 }) }), new Error('x')],
    ['too-large', () => sqsRecord({ messageId: 'm', body: 'x'.repeat(300 * 1024) }), new Error('x')],
    ['redelivered', () => sqsRecord({ messageId: 'm', receiveCount: TEST_CONFIG.maxReceiveCount + 1 }), new Error('never thrown')],
  ];

  it.each(cases)('%s', async (reason, record, error) => {
    // GIVEN an SQS that refuses every SendMessage, and a record headed for the DLQ for this reason
    // (without the visibility fallback, which would retry a too-large message in place instead)
    const { run, sqsMock, parked, logger } = backoffHarness(failingWith(error), { config: NO_FALLBACK_CONFIG });
    sqsMock.on(SendMessageCommand).rejects(serviceUnavailable());
    // WHEN it is processed
    const result = await run(sqsEvent(record()));
    // THEN it is reported for redelivery, not parked, and the failure is logged with its reason
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm' }]);
    expect(parked()).toEqual([]);
    expect(logger.find('dead-letter-failed')).toMatchObject({ level: 'error', reason, sendError: { name: 'ServiceUnavailable' } });
  });

  it('elapsed', async () => {
    // GIVEN maxElapsed already used up, and an SQS that refuses every SendMessage
    const { run, sqsMock, logger } = backoffHarness(failingWith(new Error('x')), { config: { ...TEST_CONFIG, maxElapsedSeconds: 60 } });
    sqsMock.on(SendMessageCommand).rejects(serviceUnavailable());
    // WHEN a record first received an hour ago fails
    const result = await run(sqsEvent(sqsRecord({ messageId: 'm', firstReceivedAt: Date.now() - 3_600_000 })));
    // THEN it is reported for redelivery
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm' }]);
    expect(logger.find('dead-letter-failed')).toMatchObject({ reason: 'elapsed' });
  });
});

describe('a message near the 1 MiB SQS limit', () => {
  it('is dead-lettered with x-backoff cut to fit, never refused by SQS for the size x-backoff adds', async () => {
    // GIVEN a poison message whose body alone is 16 bytes under 1 MiB, and an SQS that enforces the limit
    const body = 'x'.repeat(SQS_MAX_MESSAGE_BYTES - 16);
    const { run, sqsMock, deadLettered } = backoffHarness(failingWith(new NonRetryableError('bad')));
    const accepted: SendMessageCommandInput[] = [];
    let refused = 0;
    sqsMock.on(SendMessageCommand).callsFake((input: SendMessageCommandInput) => {
      if (sqsMessageBytes(input) > SQS_MAX_MESSAGE_BYTES) {
        refused++;
        throw Object.assign(new Error('One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.'), {
          name: 'InvalidParameterValue',
        });
      }
      accepted.push(input);
      return { MessageId: 'dlq-copy' };
    });
    // WHEN it is processed
    const result = await run(sqsEvent(sqsRecord({ messageId: 'near-limit', body })));
    // THEN no copy was refused: x-backoff was cut down to fit before sending
    expect(refused).toBe(0);
    // AND a copy with the body intact reached the DLQ, so the record is acknowledged
    expect(accepted.map((input) => input.MessageBody)).toEqual([body]);
    expect(deadLettered()).toHaveLength(1);
    expect(result.batchItemFailures).toEqual([]);
  });
});

/** One record's fate, chosen at random. */
interface Scenario {
  readonly handler: 'succeed' | 'retryable' | 'non-retryable';
  readonly startExecution: 'ok' | 'throttled' | 'already-exists' | 'service-error';
  readonly deadLetterSend: 'ok' | 'fails';
  readonly receiveCount: number;
  readonly priorAttempts: number;
  readonly large: boolean;
  readonly fullAttributes: boolean;
}

/**
 * The dead-letter reason the spec gives a scenario under the default transport (step-functions
 * with its visibility-timeout fallback, so retries may stay in place), worked out from the
 * scenario alone, never from the runtime; undefined when the message must not reach the DLQ.
 * Attempts made = x-backoff.attempt + ApproximateReceiveCount − 1. Made ≥ maxAttempts: the
 * crash-loop backstop acts before the handler (`redelivered`); a NonRetryableError goes at once;
 * the maxAttempts-th failure is `exhausted`; anything else is retried (a park input over 256 KiB,
 * or a throttled or failing StartExecution, falls back to a visibility-timeout retry).
 */
function expectedDeadLetterReason(scenario: Scenario, fallback: boolean): DeadLetterReason | 'none' {
  // With the visibility fallback every receive counts as an attempt, and the backstop acts past maxAttempts.
  const before = fallback ? (scenario.fullAttributes ? 0 : scenario.priorAttempts) + scenario.receiveCount - 1 : scenario.priorAttempts;
  if (fallback ? before >= TEST_CONFIG.maxAttempts : scenario.receiveCount > TEST_CONFIG.maxReceiveCount) return 'redelivered';
  if (scenario.handler === 'non-retryable') return 'non-retryable';
  if (before + 1 >= TEST_CONFIG.maxAttempts) return 'exhausted';
  // A large input is retried in place by the fallback (the policy never waits past 12 hours).
  return fallback ? 'none' : 'too-large';
}

describe.each([
  ['with the visibility fallback (the default)', TEST_CONFIG],
  ['without the visibility fallback', NO_FALLBACK_CONFIG],
])('a seeded sweep over handler outcomes and AWS failures, %s', (_mode, config) => {
  const fallback = config.visibilityFallback !== false;
  it('acknowledges a record only when the handler succeeded, its park was accepted or its dead-letter send was', async () => {
    const random = seededRandom(20261123);
    const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)];
    const scenarios = new Map<string, Scenario>();
    const records: SQSRecord[] = [];
    // GIVEN 300 records, each with its own handler outcome, Step Functions answer, DLQ answer,
    // receive count, retry history, size and attribute count
    for (let i = 0; i < 300; i++) {
      const id = `r${i}`;
      const scenario: Scenario = {
        handler: pick(['succeed', 'retryable', 'retryable', 'non-retryable'] as const),
        startExecution: pick(['ok', 'ok', 'throttled', 'already-exists', 'service-error'] as const),
        deadLetterSend: pick(['ok', 'ok', 'fails'] as const),
        receiveCount: pick([1, 1, 2, TEST_CONFIG.maxReceiveCount, TEST_CONFIG.maxReceiveCount + 1]),
        priorAttempts: pick([0, 0, 1, TEST_CONFIG.maxAttempts - 1]),
        large: random() < 0.1,
        fullAttributes: random() < 0.1,
      };
      scenarios.set(id, scenario);
      const body = JSON.stringify({ id, padding: scenario.large ? 'p'.repeat(300 * 1024) : '' });
      records.push(
        sqsRecord({
          messageId: id,
          body,
          attributes: scenario.fullAttributes ? manyAttributes(10) : undefined,
          backoff: scenario.priorAttempts > 0 && !scenario.fullAttributes ? backoffMetadata({ attempt: scenario.priorAttempts, originalMessageId: id }) : undefined,
          receiveCount: scenario.receiveCount,
          firstReceivedAt: Date.now(),
        }),
      );
    }
    const idOfBody = (body: string | undefined) => (JSON.parse(body ?? '{}') as { id: string }).id;
    const handled = new Set<string>();
    const parkAccepted = new Set<string>();
    const deadLetterAccepted = new Set<string>();
    const { run, sfnMock, sqsMock } = backoffHarness(
      (message) => {
        const { id } = message.json<{ id: string }>();
        const scenario = scenarios.get(id)!;
        if (scenario.handler === 'non-retryable') throw new NonRetryableError(`poison ${id}`);
        if (scenario.handler === 'retryable') throw new Error(`flaky ${id}`);
        handled.add(id);
      },
      { concurrency: 7, config },
    );
    sfnMock.on(StartExecutionCommand).callsFake((input: StartExecutionCommandInput) => {
      const id = idOfBody((JSON.parse(input.input!) as ParkInput).body);
      const answer = scenarios.get(id)!.startExecution;
      if (answer === 'throttled') throw throttling();
      if (answer === 'service-error') throw Object.assign(new Error('internal'), { name: 'InternalFailure', $fault: 'server' });
      parkAccepted.add(id);
      if (answer === 'already-exists') throw new ExecutionAlreadyExists({ message: 'exists', $metadata: {} });
      return { executionArn: `arn:aws:states:us-east-1:123456789012:execution:retry:${input.name}`, startDate: new Date() };
    });
    sqsMock.on(SendMessageCommand).callsFake((input: SendMessageCommandInput) => {
      const id = idOfBody(input.MessageBody);
      if (scenarios.get(id)!.deadLetterSend === 'fails') throw serviceUnavailable();
      deadLetterAccepted.add(id);
      return { MessageId: `dlq-${id}` };
    });

    // WHEN the whole batch is processed
    const result = await run(sqsEvent(...records));

    // THEN every record is accounted for: acknowledged only with an outcome, reported otherwise
    const reported = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
    const lost: string[] = [];
    for (const { messageId: id } of records) {
      const outcome = handled.has(id) || parkAccepted.has(id) || deadLetterAccepted.has(id);
      if (!reported.has(id) && !outcome) lost.push(`${id} ${JSON.stringify(scenarios.get(id))}`);
    }
    expect(lost).toEqual([]);
    // AND a record with an outcome is not reported (which would only process it again)
    const needlesslyReported = [...reported].filter((id) => handled.has(id) || parkAccepted.has(id) || deadLetterAccepted.has(id));
    expect(needlesslyReported).toEqual([]);
    // AND the sweep reached every kind of outcome
    expect({ handled: handled.size > 0, parked: parkAccepted.size > 0, deadLettered: deadLetterAccepted.size > 0, reported: reported.size > 0 }).toEqual({
      handled: true,
      parked: true,
      deadLettered: true,
      reported: true,
    });
    // AND every dead-lettered copy kept its body, belongs to a scenario the spec sends to the DLQ,
    // and carries the reason the spec gives it
    const copies = sqsMock.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(copies.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const input of copies) {
      const id = idOfBody(input.MessageBody);
      const record = records.find((r) => r.messageId === id)!;
      expect(input.MessageBody).toBe(record.body);
      const raw = input.MessageAttributes?.[BACKOFF_ATTRIBUTE]?.StringValue;
      const scenario = scenarios.get(id)!;
      const expected = scenario.fullAttributes ? undefined : expectedDeadLetterReason(scenario, fallback);
      const actual = raw === undefined ? undefined : (JSON.parse(raw) as BackoffMetadata).reason;
      if (actual !== expected) wrong.push(`${id}: ${String(actual)} (expected ${String(expected)}) ${JSON.stringify(scenario)}`);
    }
    expect(wrong).toEqual([]);
  });
});
