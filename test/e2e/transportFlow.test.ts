/**
 * The demo flow (the demo's mixed batch, followed by `runFlow` as `npm run demo` does) through
 * copies of the example app on the `sqs-delay` and `auto` transports. Demo policy: exponential
 * 1 s capped at 8 s, 4 attempts, so every delay is under 900 s and `auto` sends delayed copies too.
 * Then the operator CLI on each stack, while retries wait as delayed SQS messages.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../bin/ops/errors';
import { BACKOFF_ATTRIBUTE } from '../../lambda/contract';
import { demoScenario } from '../../scripts/demo/demoScenario';
import { demoMessage } from '../../scripts/flow/demoMessage';
import { runFlow } from '../../scripts/flow/runFlow';
import { DemoOutputs } from '../../scripts/flow/stackOutputs';
import { e2eContext, eventually, runTag } from '../helpers/e2eClients';
import { opsCli } from '../helpers/opsCli';
import { VARIANT_DEPLOY_TIMEOUT_MS, deployVariant } from '../helpers/variantStack';

const MAX_ATTEMPTS = 4;
/** Worst case of the demo policy, wait before attempt n+1: 1·2^(n−1), capped at 8. */
const waitBefore = (attempt: number) => Math.min(8, 2 ** (attempt - 2));
const waitedAtLeast = (attempt: number) => Array.from({ length: attempt - 1 }, (_, i) => waitBefore(i + 2)).reduce((a, b) => a + b, 0);

/** Retries the CLI test leaves waiting: long enough a delay for every check to run inside it. */
const DELAYED_RETRIES = 2;
const RETRY_DELAY_SECONDS = 30;
/** What `pending` and `recall` say about delayed SQS messages (bin/ops/stackTransport.ts, documented in docs/operating.md). */
const CANNOT_LIST_DELAYED =
  'SQS cannot list, read or delete a delayed message before its delay ends: these cannot be listed or recalled; each returns to the queue on its own';
const SQS_DELAY_WAITING = `(SQS delay: ApproximateNumberOfMessagesDelayed of the work queue) — ${CANNOT_LIST_DELAYED}`;

/** What the CLI must print on each stack once `DELAYED_RETRIES` retries wait as delayed copies. */
const CLI_EXPECTED: Record<string, { statusLines: RegExp[]; absentRows: string[]; recallCode: number; recallSays: string }> = {
  'sqs-delay': {
    statusLines: [/parked retries \(SQS delay\)\s+│\s+2\s+│ ApproximateNumberOfMessagesDelayed/],
    absentRows: ['parked retries (Step Functions)', 'parked retries (visibility delay)'],
    recallCode: EXIT.unsupported,
    recallSays: `sqs-backoff: stack "SqsBackoffSqsDelay" uses transport sqs-delay, which has no recall: ${CANNOT_LIST_DELAYED}\n`,
  },
  auto: {
    // The demo policy's waits are all under 900 s: no execution, both retries delayed copies.
    statusLines: [
      /parked retries \(Step Functions\)\s+│\s+0\s+│ RUNNING executions of the retry state machine/,
      /parked retries \(SQS delay\)\s+│\s+2\s+│ ApproximateNumberOfMessagesDelayed/,
    ],
    absentRows: ['parked retries (visibility delay)'],
    recallCode: EXIT.nothingFound,
    recallSays:
      '(transport auto: only its waits over 900 s can be recalled (Step Functions carries those; shorter ones wait as delayed SQS messages); ' +
      `${CANNOT_LIST_DELAYED})`,
  },
};

describe.each([
  ['sqs-delay', 'SqsDelay', false],
  ['auto', 'Auto', true],
])('the demo flow on the %s transport', (transport, suffix, withStateMachine) => {
  const { sqs, sfn, lambda, endpoint } = e2eContext();
  const cli = opsCli(endpoint);
  const stack = `SqsBackoff${suffix}`;
  let outputs: DemoOutputs;

  beforeAll(async () => {
    outputs = await deployVariant(suffix, { transport });
  }, VARIANT_DEPLOY_TIMEOUT_MS);

  it(`deploys the ${transport} transport${withStateMachine ? ' with' : ' without'} a state machine`, () => {
    expect(outputs.Transport).toBe(transport);
    expect(outputs.StateMachineArn !== undefined).toBe(withStateMachine);
  });

  it('loses nothing: flaky messages processed on the attempt they asked for, never early; doomed and poison dead-lettered with their reason', async () => {
    // GIVEN the demo's mixed batch
    const bodies = demoScenario(runTag(suffix.toLowerCase()));
    const sentAt = Date.now();
    // WHEN it is sent and followed to the end
    const { ledger, parks } = await runFlow({ sqs, sfn, outputs, bodies, deadlineMs: 150_000, parkLog: { lambda, endpoint } });
    // THEN every id has its outcome
    expect(ledger.totals().lost).toBe(0);
    expect(ledger.totals().duplicates).toBe(0);
    for (const body of bodies) {
      if (body.poison) {
        expect(ledger.deadLetters(body.id)[0]?.reason, body.id).toBe('non-retryable');
      } else if ((body.failTimes ?? 0) >= MAX_ATTEMPTS) {
        const entry = ledger.deadLetters(body.id)[0];
        expect(entry?.reason, body.id).toBe('exhausted');
        expect(entry?.attempts, body.id).toBe(MAX_ATTEMPTS);
      } else {
        const report = ledger.processedReports(body.id)[0];
        const attempt = (body.failTimes ?? 0) + 1;
        expect(report?.attempt, body.id).toBe(attempt);
        expect((Date.parse(report.processedAt) - sentAt) / 1000, body.id).toBeGreaterThanOrEqual(waitedAtLeast(attempt));
      }
    }
    // AND the consumer's log names the carrier of every retry, as the demo prints it: each failure
    // before the last attempt parked once, by a delayed copy (every demo wait is under 900 s)
    const expectedParks = bodies.filter((body) => !body.poison).reduce((sum, body) => sum + Math.min(body.failTimes ?? 0, MAX_ATTEMPTS - 1), 0);
    expect(expectedParks).toBe(12);
    expect(parks).toHaveLength(expectedParks);
    for (const park of parks) {
      expect(park.transport, park.id).toBe('sqs-delay');
      expect(park.fallback, park.id).toBeUndefined();
      expect(park.delaySeconds, park.id).toBeGreaterThan(0);
      expect(park.delaySeconds, park.id).toBeLessThanOrEqual(8); // the demo policy's cap
    }
  }, 240_000);

  it('the operator CLI: status counts the delayed retries, pending says plainly it cannot list them, recall explains', async () => {
    // GIVEN two retries waiting as the transport leaves them: copies delayed on the work queue
    const tag = runTag(`cli${suffix.toLowerCase()}`);
    for (let i = 0; i < DELAYED_RETRIES; i++) {
      const { body, attributes } = demoMessage({ id: `${tag}-${i}` });
      const backoff = { attempt: 1, firstReceivedAt: new Date().toISOString(), originalMessageId: `${tag}-${i}` };
      await sqs.send(new SendMessageCommand({
        QueueUrl: outputs.QueueUrl, MessageBody: body, DelaySeconds: RETRY_DELAY_SECONDS,
        MessageAttributes: { ...attributes, [BACKOFF_ATTRIBUTE]: { DataType: 'String', StringValue: JSON.stringify(backoff) } },
      }));
    }
    const expected = CLI_EXPECTED[transport];

    // WHEN an operator asks; THEN status counts them on the transport's own line
    const status = await eventually('status counting both delayed retries', async () => {
      const r = await cli.runInProcess('status', stack);
      return expected.statusLines.every((line) => line.test(r.stdout)) ? r : undefined;
    }, 15_000, 250);
    expect(status.code, status.stderr).toBe(EXIT.ok);
    expect(status.stdout).toContain(`stack ${stack}, transport ${transport}`);
    for (const row of expected.absentRows) expect(status.stdout).not.toContain(row);

    const [listed, listedJson, recalled] = await Promise.all([
      cli.run('pending', stack),
      cli.run('pending', stack, '--json'),
      cli.run('recall', stack, `${tag}-0`),
    ]);
    // AND pending says plainly what it cannot list, and --json stays a list (of what it can)
    expect(listed.code, listed.stderr).toBe(EXIT.ok);
    expect(listed.stdout).toBe(`transport ${transport}: ${DELAYED_RETRIES} waiting ${SQS_DELAY_WAITING}\n`);
    expect(listedJson.code, listedJson.stderr).toBe(EXIT.ok);
    expect(JSON.parse(listedJson.stdout)).toEqual([]);
    expect(listedJson.stderr).toContain(`transport ${transport}: ${DELAYED_RETRIES} waiting ${SQS_DELAY_WAITING}`);
    // AND recall exits non-zero, saying why it cannot take a delayed message back
    expect(recalled.code).toBe(expected.recallCode);
    expect(recalled.stderr).toContain(expected.recallSays);
  }, 60_000);
});
