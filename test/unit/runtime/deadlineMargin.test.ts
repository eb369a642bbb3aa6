import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withBackoff } from '../../../lambda/runtime';
import { TEST_CONFIG } from '../../helpers/backoffHarness';
import { lambdaContext } from '../../helpers/lambdaContext';
import { MemoryLogger } from '../../helpers/memoryLogger';
import { sqsEvent, sqsRecord } from '../../helpers/sqsRecord';

const never = () => new Promise<void>(() => undefined);

/**
 * Starts a batch whose one record hangs, with `remainingMs` left, and returns a probe that says
 * whether the handler has answered yet. Fake timers make the margin exact to the millisecond.
 */
function hangingBatch(remainingMs: number): () => boolean {
  const handler = withBackoff(() => never(), { config: TEST_CONFIG, logger: new MemoryLogger() });
  let answered = false;
  void handler(sqsEvent(sqsRecord({ messageId: 'hung' })), lambdaContext({ getRemainingTimeInMillis: () => remainingMs })).then(() => (answered = true));
  return () => answered;
}

/** Advances to 1 ms before `answerAtMs`, checks silence, then to `answerAtMs`, checks the answer. */
async function expectAnswerExactlyAt(answered: () => boolean, answerAtMs: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(answerAtMs - 1);
  expect(answered()).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  expect(answered()).toBe(true);
}

// The documented margin (docs and withBackoff): a tenth of the time left, at least 0.5 s and at
// most 3 s before the timeout. Each end is pinned by a case where the tenth falls outside it.
describe('the deadline margin before the Lambda timeout', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is at most 3 s: with 60 s left the batch is answered at 57 s, not earlier', async () => {
    await expectAnswerExactlyAt(hangingBatch(60_000), 57_000);
  });

  it('is at least 0.5 s: with 1 s left the batch is answered at 0.5 s, not later', async () => {
    await expectAnswerExactlyAt(hangingBatch(1_000), 500);
  });

  it('is a tenth of the time left between the two ends: with 20 s left, answered at 18 s', async () => {
    await expectAnswerExactlyAt(hangingBatch(20_000), 18_000);
  });

  it('answers at once when less than the 0.5 s floor is left', async () => {
    const answered = hangingBatch(400);
    await vi.advanceTimersByTimeAsync(1);
    expect(answered()).toBe(true);
  });
});
