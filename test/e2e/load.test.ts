/** The small version of `npm run load`: a seeded mix through the deployed example app. */
import { describe, expect, it } from 'vitest';
import { LoadReport, runLoad } from '../../scripts/load/runLoad';
import { e2eContext } from '../helpers/e2eClients';

describe('500 messages, 30 % failing 1–3 times and 5 % poison', () => {
  const { sqs, sfn, outputs } = e2eContext();
  let report: LoadReport;

  it('accounts for every id: sent = processed + dead-lettered, lost = 0', async () => {
    report = await runLoad({ sqs, sfn }, outputs, { messages: 500, transientRate: 0.3, poisonRate: 0.05, seed: 7 }, 180_000);
    expect(report.lostIds).toEqual([]);
    expect(report).toMatchObject({ sent: 500, processed: 475, deadLettered: 25, lost: 0 });
  }, 200_000);

  it('ends each message as its body asked: transient ones on attempt failTimes + 1, poison ones non-retryable', () => {
    expect(report.mismatched).toEqual([]);
    expect(report.transient).toBe(150);
    expect(report.retries).toBeGreaterThanOrEqual(150);
  });
});
