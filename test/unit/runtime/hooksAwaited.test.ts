import { describe, expect, it } from 'vitest';
import { NonRetryableError } from '../../../lambda/runtime';
import { backoffHarness, failingWith } from '../../helpers/backoffHarness';
import { sqsEvent, sqsRecord } from '../../helpers/sqsRecord';

/** A promise the test settles by hand, to hold a hook open. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Lets every already-settled promise chain run, so a response that is not held back arrives. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

// An async hook (a metric put, an audit write) must finish inside the invocation: once the batch
// answers, Lambda may freeze the environment and the hook's pending work would be lost.
describe('async hooks are awaited before the batch answers', () => {
  it('does not answer the batch until an async onRetry has finished', async () => {
    // GIVEN an onRetry hook that stays pending until the test opens it
    const hook = gate();
    let hookDone = false;
    const { run } = backoffHarness(failingWith(new Error('retry me')), {
      onRetry: async () => {
        await hook.promise;
        hookDone = true;
      },
    });
    // WHEN a failing message is parked
    let answered = false;
    const response = run(sqsEvent(sqsRecord({ messageId: 'm-1' }))).then((r) => ((answered = true), r));
    await settle();
    // THEN the batch waits for the hook
    expect(answered).toBe(false);
    hook.open();
    expect(await response).toEqual({ batchItemFailures: [] });
    expect(hookDone).toBe(true);
  });

  it('does not answer the batch until an async onDeadLetter has finished', async () => {
    const hook = gate();
    let hookDone = false;
    const { run } = backoffHarness(failingWith(new NonRetryableError('poison')), {
      onDeadLetter: async () => {
        await hook.promise;
        hookDone = true;
      },
    });
    let answered = false;
    const response = run(sqsEvent(sqsRecord({ messageId: 'm-2' }))).then((r) => ((answered = true), r));
    await settle();
    expect(answered).toBe(false);
    hook.open();
    expect(await response).toEqual({ batchItemFailures: [] });
    expect(hookDone).toBe(true);
  });
});
