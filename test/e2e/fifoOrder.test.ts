/**
 * FIFO order on the default FIFO transport (visibility-timeout): a failing message stays in its
 * group, hidden for its delay, so the rest of the group waits behind it. A second copy of the
 * example app with `-c fifo=true` and a fixed 3-second wait, so each group's message 2 cannot be
 * processed before 6 s after it was sent. Then the operator CLI on that stack while retries are
 * hidden by their visibility delay.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../bin/ops/errors';
import { demoScenario } from '../../scripts/demo/demoScenario';
import { demoMessage } from '../../scripts/flow/demoMessage';
import { runFlow } from '../../scripts/flow/runFlow';
import { expectGroupsInOrder, runFifoGroups } from '../helpers/fifoGroups';
import { DemoOutputs } from '../../scripts/flow/stackOutputs';
import { e2eContext, eventually, runTag } from '../helpers/e2eClients';
import { opsCli } from '../helpers/opsCli';
import { VARIANT_DEPLOY_TIMEOUT_MS, deployVariant } from '../helpers/variantStack';

const GROUPS = 3;
const GROUP_SIZE = 5;
const FAILING_POSITION = 2;
const WAIT_SECONDS = 3;
const FAILURES = 2;
const STACK = 'SqsBackoffFifo';
/** What `pending` and `recall` say about visibility delays (bin/ops/stackTransport.ts, documented in docs/operating.md). */
const CANNOT_LIST_HIDDEN =
  'SQS cannot list or take back a message hidden by its visibility timeout: these cannot be listed or recalled; each returns to the queue on its own';
const VISIBILITY_WAITING =
  '(visibility delay: ApproximateNumberOfMessagesNotVisible of the work queue, which also counts messages being processed right now) — ' +
  CANNOT_LIST_HIDDEN;

describe('a FIFO queue where message 2 of every group of 5 fails twice', () => {
  const { sqs, sfn, lambda, endpoint } = e2eContext();
  const cli = opsCli(endpoint);
  let outputs: DemoOutputs;

  beforeAll(async () => {
    outputs = await deployVariant('Fifo', { fifo: 'true', policy: 'fixed', base: String(WAIT_SECONDS) });
  }, VARIANT_DEPLOY_TIMEOUT_MS);

  it('is carried by visibility timeout, with no state machine', () => {
    expect(outputs.Transport).toBe('visibility-timeout');
    expect(outputs.StateMachineArn).toBeUndefined();
  });

  it('processes every group in order 1..5 (messages 3..5 behind message 2), each wait honoured, nothing duplicated', async () => {
    // GIVEN groups of five, each sent in one batch, message 2 of each failing twice
    // WHEN the consumer works through them
    const run = await runFifoGroups({
      sqs, outputs, tag: runTag('fifo'), groups: GROUPS, groupSize: GROUP_SIZE, failingPosition: FAILING_POSITION, failures: FAILURES,
    });

    // THEN each message was processed once, none dead-lettered; in each group message 2 waited out
    // both delays and took three attempts, messages 3..5 stayed behind it, all in the order sent;
    // with the default batch size of 1 SQS never hands out 3..5 while 2 waits: attempt 1 each
    expectGroupsInOrder(run, { waitSeconds: WAIT_SECONDS, failures: FAILURES, heldAttempt: 1 });
  }, 300_000);

  it('the operator CLI: status counts messages hidden by a visibility delay, pending and recall explain they cannot be listed or recalled', async () => {
    // GIVEN one failing message in each of three groups: each is hidden for the fixed wait, twice
    const tag = runTag('fifocli');
    const ids = Array.from({ length: GROUPS }, (_, g) => `${tag}-g${g}`);
    for (const id of ids) {
      const { body, attributes } = demoMessage({ id, failTimes: FAILURES });
      await sqs.send(new SendMessageCommand({
        QueueUrl: outputs.QueueUrl, MessageBody: body, MessageAttributes: attributes, MessageGroupId: id, MessageDeduplicationId: id,
      }));
    }

    // WHEN an operator asks during the waits; THEN status counts the three on the visibility-delay line
    const hidden = new RegExp(`parked retries \\(visibility delay\\)\\s+│\\s+${GROUPS}\\s+│ ApproximateNumberOfMessagesNotVisible`);
    const status = await eventually('status counting the three hidden messages', async () => {
      const r = await cli.runInProcess('status', STACK);
      return hidden.test(r.stdout) ? r : undefined;
    }, 15_000, 200);
    expect(status.code, status.stderr).toBe(EXIT.ok);
    expect(status.stdout).toContain(`stack ${STACK}, transport visibility-timeout`);
    expect(status.stdout).not.toContain('Step Functions');

    const [listed, listedJson, recalled] = await Promise.all([
      cli.run('pending', STACK),
      cli.run('pending', STACK, '--json'),
      cli.run('recall', STACK, ids[0]),
    ]);
    // AND pending says plainly it cannot list them (how many it counts depends on the moment)
    expect(listed.code, listed.stderr).toBe(EXIT.ok);
    expect(listed.stdout).toMatch(/^transport visibility-timeout: \d+ waiting /);
    expect(listed.stdout).toContain(VISIBILITY_WAITING);
    expect(listedJson.code, listedJson.stderr).toBe(EXIT.ok);
    expect(JSON.parse(listedJson.stdout)).toEqual([]);
    expect(listedJson.stderr).toContain(VISIBILITY_WAITING);
    // AND recall exits 6, saying the transport has no recall and why
    expect(recalled.code).toBe(EXIT.unsupported);
    expect(recalled.stderr).toBe(`sqs-backoff: stack "${STACK}" uses transport visibility-timeout, which has no recall: ${CANNOT_LIST_HIDDEN}\n`);
  }, 60_000);

  it('the demo flow (npm run demo -- fifo=true): sent one group a message, every retry via visibility-timeout, nothing lost', async () => {
    // GIVEN the demo's mixed batch, sent as the demo sends it (each message its own group)
    const bodies = demoScenario(runTag('fifodemo'));
    // WHEN it is followed to the end, parks read from the consumer's log
    const { ledger, parks } = await runFlow({ sqs, sfn, outputs, bodies, deadlineMs: 120_000, parkLog: { lambda, endpoint } });
    // THEN nothing is lost or duplicated, flaky messages succeed on the attempt they asked for
    expect(ledger.totals()).toMatchObject({ sent: 12, processed: 8, deadLettered: 4, lost: 0, duplicates: 0 });
    for (const body of bodies.filter((b) => b.failTimes !== undefined && b.failTimes < 4)) {
      expect(ledger.processedReports(body.id)[0]?.attempt, body.id).toBe(body.failTimes! + 1);
    }
    // AND every retry (1 + 1 + 2 + 2 + 3 + 3 for the flaky and doomed pairs) was a visibility delay:
    // the fixed wait, but the handler's own RetryAfterError delay for the retryafter message
    expect(parks).toHaveLength(12);
    const retryAfter = bodies.find((b) => b.retryAfter !== undefined)!;
    for (const park of parks) {
      const delaySeconds = park.id === retryAfter.id ? retryAfter.retryAfter : WAIT_SECONDS;
      expect(park, park.id).toMatchObject({ transport: 'visibility-timeout', delaySeconds, fallback: undefined });
    }
    expect(parks.filter((park) => park.id === retryAfter.id)).toHaveLength(1);
  }, 180_000);
});
