import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { RetryAfterError, RuntimeConfig } from '../../../lambda/runtime';
import { backoffHarness, failingWith, TEST_CONFIG } from '../../helpers/backoffHarness';
import { sqsEvent, sqsRecord } from '../../helpers/sqsRecord';

class TimeoutError extends Error {
  override name = 'TimeoutError';
}
class ValidationError extends Error {
  override name = 'ValidationError';
}

const ONE_SECOND: RuntimeConfig = { ...TEST_CONFIG, policy: { kind: 'fixed', base: 1 } };

describe('RetryAfterError', () => {
  it('GIVEN a 1 s policy WHEN the handler throws RetryAfterError(7) THEN the park waits 7 s and says the delay is the handler\'s', async () => {
    const { run, parked, logger } = backoffHarness(failingWith(new RetryAfterError(7, 'HTTP 429')), { config: ONE_SECOND });
    await run(sqsEvent(sqsRecord()));
    const [park] = parked();
    expect(park.input.delaySeconds).toBe(7);
    expect(park.input.backoff).toMatchObject({ attempt: 1, lastDelaySeconds: 7, delaySource: 'handler', lastError: { name: 'RetryAfterError', message: 'HTTP 429' } });
    expect(JSON.parse(park.input.attributes['x-backoff'].StringValue!)).toEqual(park.input.backoff);
    expect(logger.find('parked')).toMatchObject({ delaySeconds: 7, delaySource: 'handler' });
  });

  it('GIVEN a delay longer than sqs-delay carries THEN dead-letters too-large rather than shorten it', async () => {
    const { run, deadLettered, logger } = backoffHarness(failingWith(new RetryAfterError(901)), { config: { ...ONE_SECOND, transport: 'sqs-delay' } });
    const response = await run(sqsEvent(sqsRecord()));
    expect(response.batchItemFailures).toEqual([]);
    expect(deadLettered()[0].backoff).toMatchObject({ reason: 'too-large', attempts: 1 });
    expect(logger.find('dead-lettered')).toMatchObject({ reason: 'too-large', delaySeconds: 901, delaySource: 'handler' });
  });

  it('GIVEN clampRetryAfter THEN a delay the transport cannot carry is cut to its longest wait, and the log says so', async () => {
    const { run, sqsMock, logger } = backoffHarness(failingWith(new RetryAfterError(5000)), { config: { ...ONE_SECOND, transport: 'sqs-delay' }, clampRetryAfter: true });
    await run(sqsEvent(sqsRecord()));
    expect(sqsMock.commandCalls(SendMessageCommand)[0].args[0].input.DelaySeconds).toBe(900);
    expect(logger.find('parked')?.detail).toBe("clamped: the handler asked for 5000 s, longer than the transport's longest wait (900 s)");
  });

  it('GIVEN an unusable delay THEN the policy\'s is used and a warning says why', async () => {
    const { run, parked, logger } = backoffHarness(failingWith(new RetryAfterError(NaN)), { config: ONE_SECOND });
    await run(sqsEvent(sqsRecord()));
    expect(parked()[0].input.delaySeconds).toBe(1);
    expect(logger.find('retry-after-ignored')?.reason).toBe("retryAfter must be a finite number of seconds ≥ 0 (given NaN): the policy's delay is used");
  });

  it('counts as an attempt: on the last one it is dead-lettered exhausted', async () => {
    const { run, deadLettered, parked } = backoffHarness(failingWith(new RetryAfterError(7)), { config: ONE_SECOND });
    await run(sqsEvent(sqsRecord({ backoff: { attempt: 3, firstReceivedAt: '2026-01-01T00:00:00.000Z', originalMessageId: 'm' } })));
    expect(parked()).toEqual([]);
    expect(deadLettered()[0].backoff).toMatchObject({ reason: 'exhausted', attempts: 4 });
  });
});

describe('retryRules', () => {
  const rules = [
    { errorNames: ['TimeoutError'], policy: { kind: 'fixed', base: 5 } as const, maxAttempts: 10 },
    { errorNames: ['ValidationError', 'TimeoutError'], policy: { kind: 'fixed', base: 99 } as const, maxAttempts: 2 },
  ];

  it('GIVEN two error kinds in one batch THEN each follows the first rule that names it (or its cause)', async () => {
    const { run, parked, deadLettered } = backoffHarness(
      (message) => {
        if (message.body.includes('timeout')) throw new Error('wrapped', { cause: new TimeoutError('slow') });
        throw new ValidationError('bad');
      },
      { config: { ...ONE_SECOND, retryRules: rules } },
    );
    const metadata = { attempt: 3, firstReceivedAt: '2026-01-01T00:00:00.000Z', originalMessageId: 'o' };
    await run(sqsEvent(sqsRecord({ body: 'timeout', backoff: { ...metadata, originalMessageId: 't' } }), sqsRecord({ body: 'validation', backoff: { ...metadata, attempt: 0 } })));
    // Attempt 4 of a timeout: within its 10, waits the rule's 5 s.
    // Attempt 4 of a timeout (the cause): within its rule's 10, waits 5 s (the queue's 4 would have
    // dead-lettered it); attempt 1 of a validation error: the second rule's 99 s.
    expect(parked().map((p) => [p.input.backoff.originalMessageId, p.input.backoff.attempt, p.input.delaySeconds])).toEqual([
      ['t', 4, 5],
      ['o', 1, 99],
    ]);
    expect(deadLettered()).toEqual([]);
  });

  it('GIVEN a rule with a smaller budget THEN its failure is exhausted sooner, with the rule named', async () => {
    const { run, deadLettered, logger } = backoffHarness(failingWith(new ValidationError('bad')), { config: { ...ONE_SECOND, retryRules: rules } });
    await run(sqsEvent(sqsRecord({ backoff: { attempt: 1, firstReceivedAt: '2026-01-01T00:00:00.000Z', originalMessageId: 'v' } })));
    expect(deadLettered()[0].backoff).toMatchObject({ reason: 'exhausted', attempts: 2 });
    expect(logger.find('dead-lettered')?.detail).toBe('retry rule 1 (ValidationError, TimeoutError): maxAttempts 2');
  });

  it('GIVEN an error no rule names THEN the queue policy and budget apply', async () => {
    const { run, parked } = backoffHarness(failingWith(new Error('other')), { config: { ...ONE_SECOND, retryRules: rules } });
    await run(sqsEvent(sqsRecord()));
    expect(parked()[0].input.delaySeconds).toBe(1);
  });

  it('refuses a rule without names, naming the rule', async () => {
    const { handler } = backoffHarness(failingWith(new Error()), { config: ONE_SECOND, retryRules: [{ errorNames: [], policy: { kind: 'fixed', base: 1 } }] });
    await expect(handler(sqsEvent(sqsRecord()), {} as never)).rejects.toThrow(
      'config.retryRules[0].errorNames must be a non-empty list of non-empty error names (given [])',
    );
  });
});

describe('outage protection', () => {
  const outage = { failureRate: 0.9, window: 4, probeSeconds: 30 };

  it('GIVEN most recent records failed THEN further failures are held for the probe interval without counting the attempt', async () => {
    const { run, parked, logger } = backoffHarness(failingWith(new Error('down')), { config: { ...ONE_SECOND, outageProtection: outage }, concurrency: 1 });
    const records = [1, 2, 3, 4, 5].map((i) => sqsRecord({ messageId: `m${i}`, backoff: { attempt: 3, firstReceivedAt: '2026-01-01T00:00:00.000Z', originalMessageId: `m${i}` } }));
    await run(sqsEvent(...records));
    // The first three fill the window (their last attempt: dead-lettered), the 4th reaches 4 of 4.
    const holds = parked();
    expect(holds.map((p) => [p.input.backoff.originalMessageId, p.input.backoff.attempt, p.input.backoff.held, p.input.delaySeconds])).toEqual([
      ['m4', 3, 1, 30],
      ['m5', 3, 1, 30],
    ]);
    expect(holds[0].name).toMatch(/^m4-o1-4-[0-9a-f]{16}$/);
    expect(logger.entries.filter((e) => e.msg === 'held')).toHaveLength(2);
    expect(logger.find('held')?.detail).toBe('4 of the last 4 records failed (outage protection from 90 % of 4)');
  });

  it('a counted park after holds gets an execution name of its own', async () => {
    const { run, parked } = backoffHarness(failingWith(new Error('once')), { config: { ...ONE_SECOND, outageProtection: outage } });
    await run(sqsEvent(sqsRecord({ messageId: 'x', backoff: { attempt: 1, firstReceivedAt: '2026-01-01T00:00:00.000Z', originalMessageId: 'x', held: 2 } })));
    expect(parked()[0].name).toMatch(/^x-h2-2-[0-9a-f]{16}$/);
    expect(parked()[0].input.backoff).toMatchObject({ attempt: 2, held: 2 });
  });

  it('is refused on a transport that retries in place', async () => {
    const { handler } = backoffHarness(failingWith(new Error()), { config: { ...ONE_SECOND, transport: 'visibility-timeout', outageProtection: outage } });
    await expect(handler(sqsEvent(sqsRecord()), {} as never)).rejects.toThrow('config.outageProtection needs a transport that requeues a copy');
  });
});

describe('outage protection metrics', () => {
  it('counts holds as Held on the queue line, and nothing as Parked', async () => {
    const lines: string[] = [];
    const { run } = backoffHarness(failingWith(new Error('down')), {
      config: { ...ONE_SECOND, outageProtection: { failureRate: 0.5, window: 2, probeSeconds: 30 } },
      concurrency: 1,
      writeMetrics: (line) => lines.push(line),
    });
    await run(sqsEvent(sqsRecord(), sqsRecord(), sqsRecord()));
    const metrics = lines.map((line) => JSON.parse(line));
    // The first failure is parked (window not yet full), the next two held.
    expect(metrics[0]).toMatchObject({ Held: 2, Parked: 1 });
    expect(metrics[0]._aws.CloudWatchMetrics[0].Metrics).toContainEqual({ Name: 'Held', Unit: 'Count' });
  });
});
