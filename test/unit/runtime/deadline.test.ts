import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withBackoff } from '../../../lambda/runtime';
import { TEST_CONFIG } from '../../helpers/backoffHarness';
import { lambdaContext } from '../../helpers/lambdaContext';
import { MemoryLogger } from '../../helpers/memoryLogger';
import { FIFO_QUEUE_ARN, sqsEvent, sqsRecord } from '../../helpers/sqsRecord';

const never = () => new Promise<void>(() => undefined);

describe('a record that hangs towards the Lambda timeout', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is reported for redelivery just before the timeout, while its finished batch-mates are acknowledged', async () => {
    // GIVEN a batch of two good records and one that never finishes, with 5 s left
    const logger = new MemoryLogger();
    const handler = withBackoff(async (message) => (message.body === 'hang' ? never() : undefined), { config: TEST_CONFIG, logger });
    const event = sqsEvent(sqsRecord({ messageId: 'a' }), sqsRecord({ messageId: 'hung', body: 'hang' }), sqsRecord({ messageId: 'b' }));
    let response: unknown;
    void handler(event, lambdaContext({ getRemainingTimeInMillis: () => 5_000 })).then((r) => (response = r));
    // WHEN 4.4 s pass THEN it has not answered yet
    await vi.advanceTimersByTimeAsync(4_400);
    expect(response).toBeUndefined();
    // WHEN the deadline (0.5 s before the timeout) passes THEN only the hung record goes back to SQS
    await vi.advanceTimersByTimeAsync(200);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'hung' }] });
    expect(logger.find('deadline')).toMatchObject({ messageIds: ['hung'] });
  });

  it('leaves the records a FIFO batch has not reached yet unprocessed, and never starts them later', async () => {
    // GIVEN a FIFO batch whose first record hangs
    const seen: string[] = [];
    const handler = withBackoff(
      async (message) => {
        seen.push(message.messageId);
        if (message.messageId === 'f1') await never();
      },
      { config: TEST_CONFIG, logger: new MemoryLogger() },
    );
    const fifo = (id: string) => sqsRecord({ messageId: id, eventSourceARN: FIFO_QUEUE_ARN, messageGroupId: 'g' });
    let response: unknown;
    void handler(sqsEvent(fifo('f1'), fifo('f2')), lambdaContext({ getRemainingTimeInMillis: () => 2_000 })).then((r) => (response = r));
    // WHEN the deadline passes and much later
    await vi.advanceTimersByTimeAsync(60_000);
    // THEN both are reported, in order, and the second was never handed to the handler
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'f1' }, { itemIdentifier: 'f2' }] });
    expect(seen).toEqual(['f1']);
  });

  it('waits for the batch when the context cannot tell the time left', async () => {
    vi.useRealTimers();
    const handler = withBackoff(async () => undefined, { config: TEST_CONFIG, logger: new MemoryLogger() });
    const response = await handler(sqsEvent(sqsRecord({ messageId: 'x' })), {} as never);
    expect(response).toEqual({ batchItemFailures: [] });
  });
});
