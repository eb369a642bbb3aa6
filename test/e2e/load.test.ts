/** The small version of `npm run load`: a seeded mix through the deployed example app. */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { ParkCounts, parkDecisions } from '../../scripts/flow/parkDecisions';
import { loadScenario } from '../../scripts/load/loadScenario';
import { LoadReport, runLoad } from '../../scripts/load/runLoad';
import { e2eContext } from '../helpers/e2eClients';

const MIX = { messages: 500, transientRate: 0.3, poisonRate: 0.05, seed: 7 };

describe('500 messages, 30 % failing 1–3 times and 5 % poison', () => {
  const { sqs, sfn, outputs, endpoint } = e2eContext();
  let report: LoadReport;
  let parks: ParkCounts;

  it('accounts for every id: sent = processed + dead-lettered, lost = 0', async () => {
    const started = Date.now();
    report = await runLoad({ sqs, sfn }, outputs, MIX, 180_000);
    const lambda = new LambdaClient({ endpoint, region: process.env.AWS_REGION ?? 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    parks = await parkDecisions({ lambda, endpoint }, outputs.ConsumerFunctionName, started, report.retries);
    expect(report.lostIds).toEqual([]);
    expect(report).toMatchObject({ sent: 500, processed: 475, deadLettered: 25, lost: 0 });
  }, 200_000);

  it('ends each message as its body asked: transient ones on attempt failTimes + 1, poison ones non-retryable', () => {
    expect(report.mismatched).toEqual([]);
    expect(report.transient).toBe(150);
    expect(report.retries).toBeGreaterThanOrEqual(150);
  });

  it('parks every retry on the default stack with Step Functions, none by a fallback, as its consumer logged them', () => {
    // One park per failure the mix asked for (the seed fixes which message fails how often).
    const failures = loadScenario('expected', MIX).reduce((sum, body) => sum + (body.failTimes ?? 0), 0);
    expect(parks.byTransport).toEqual({ 'step-functions': failures });
    expect(parks.fallbacks).toEqual({});
  });
});
