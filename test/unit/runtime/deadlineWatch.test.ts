import { afterEach, describe, expect, it, vi } from 'vitest';
import { withBackoff } from '../../../lambda/runtime';
import { TEST_CONFIG } from '../../helpers/backoffHarness';
import { lambdaContext } from '../../helpers/lambdaContext';
import { MemoryLogger } from '../../helpers/memoryLogger';
import { sqsEvent, sqsRecord } from '../../helpers/sqsRecord';

const never = () => new Promise<void>(() => undefined);

/** One wrapper (one deadline timer) whose records hang when their body says so. */
function wrapper() {
  return withBackoff(async (message) => (message.body === 'hang' ? never() : undefined), {
    config: TEST_CONFIG,
    logger: new MemoryLogger(),
    writeMetrics: () => undefined,
  });
}

/** Starts an invocation of one record with `remainingMs` left; the probe says whether it has answered. */
function invoke(handler: ReturnType<typeof wrapper>, body: string, remainingMs: number): () => boolean {
  let answered = false;
  void handler(sqsEvent(sqsRecord({ messageId: body, body })), lambdaContext({ getRemainingTimeInMillis: () => remainingMs })).then(() => (answered = true));
  return () => answered;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const activeTimers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

describe('deadlines of overlapping invocations of one wrapper (one timer for all)', () => {
  afterEach(() => vi.useRealTimers());

  it('answers a later invocation with an earlier deadline at its own deadline, and the first at its own', async () => {
    vi.useFakeTimers();
    // GIVEN an invocation that hangs with 20 s left (deadline 18 s)
    const handler = wrapper();
    const first = invoke(handler, 'hang', 20_000);
    // WHEN 1 s later a second hanging invocation starts with 5 s left (deadline 4.5 s after it)
    await vi.advanceTimersByTimeAsync(1_000);
    const second = invoke(handler, 'hang', 5_000);
    // THEN the second answers at exactly 5.5 s, the first at exactly 18 s
    await vi.advanceTimersByTimeAsync(4_499);
    expect(second()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect([first(), second()]).toEqual([false, true]);
    await vi.advanceTimersByTimeAsync(18_000 - 5_500 - 1);
    expect(first()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(first()).toBe(true);
  });

  it('answers later invocations with later deadlines each at its own, re-arming for the earliest left, not the last added', async () => {
    vi.useFakeTimers();
    // GIVEN three hanging invocations: deadlines at 4.5 s, then (1 s later) 19 s, then (2 s later) 11 s
    const handler = wrapper();
    const first = invoke(handler, 'hang', 5_000);
    await vi.advanceTimersByTimeAsync(1_000);
    const second = invoke(handler, 'hang', 20_000);
    await vi.advanceTimersByTimeAsync(1_000);
    const third = invoke(handler, 'hang', 10_000);
    // WHEN 4.5 s have passed THEN only the first has answered
    await vi.advanceTimersByTimeAsync(2_500);
    expect([first(), second(), third()]).toEqual([true, false, false]);
    // WHEN 11 s have passed THEN the third answers, exactly then; the second at 19 s
    await vi.advanceTimersByTimeAsync(11_000 - 4_500 - 1);
    expect(third()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect([second(), third()]).toEqual([false, true]);
    await vi.advanceTimersByTimeAsync(19_000 - 11_000);
    expect(second()).toBe(true);
  });

  it('holds the process while an invocation waits, and not once it answered', async () => {
    // GIVEN real timers (other timers of the test runner may end meanwhile: the counts are upper bounds)
    const handler = wrapper();
    const before = activeTimers();
    // WHEN an invocation with 60 s left answers THEN its deadline timer no longer counts
    await handler(sqsEvent(sqsRecord({ messageId: 'ok', body: 'ok' })), lambdaContext({ getRemainingTimeInMillis: () => 60_000 }));
    expect(activeTimers()).toBeLessThanOrEqual(before);
    // WHEN a second one hangs with 0.6 s left THEN the timer counts while it waits, and it answers at its deadline (0.1 s)
    const idle = activeTimers();
    const answered = invoke(handler, 'hang', 600);
    expect(activeTimers()).toBe(idle + 1);
    await sleep(300);
    expect(answered()).toBe(true);
    expect(activeTimers()).toBeLessThanOrEqual(idle);
  });

  it('does not trust a timer left by fake timers since uninstalled', async () => {
    // GIVEN an invocation answered under fake timers, which armed the wrapper's timer with them (0.5 s deadline)
    vi.useFakeTimers();
    const handler = wrapper();
    await handler(sqsEvent(sqsRecord({ messageId: 'ok', body: 'ok' })), lambdaContext({ getRemainingTimeInMillis: () => 1_000 }));
    vi.useRealTimers();
    // WHEN, with real timers and past that deadline, an invocation hangs with 0.6 s left (a later deadline)
    await sleep(600);
    const answered = invoke(handler, 'hang', 600);
    // THEN it is still answered at its deadline
    await sleep(300);
    expect(answered()).toBe(true);
  });
});
