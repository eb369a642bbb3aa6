/**
 * Never lose a message: faults injected into a deployed copy of the example app, and bad input.
 *
 * Deploys its own stack, `SqsBackoffFaults` (the example app with a 2-second consumer timeout,
 * so a 12-second visibility timeout; maxReceiveCount 3, exponential 1 s capped at 8 s, 4
 * attempts), because the faults are injected by changing the consumer's environment through the
 * Lambda API (a state machine or a dead-letter queue that does not exist) and must not disturb
 * the shared `SqsBackoffDemo`. Every fault is undone in a `finally`, and `beforeAll` repairs a
 * fault an interrupted run left behind. Every id carries a per-run tag.
 *
 * The processed queue and the DLQ are drained by one background watcher for the whole file; a
 * test looks up its own ids there.
 */
import { randomUUID } from 'node:crypto';
import { Buffer } from 'node:buffer';
import * as path from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  GetQueueAttributesCommand,
  Message,
  PurgeQueueCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKOFF_ATTRIBUTE, BackoffMetadata, ENV, MAX_EXECUTION_INPUT_BYTES, ParkInput } from '../../lambda/contract';
import { executionName } from '../../lambda/runtime';
import { deployLocal, Outputs } from '../../scripts/deployLocal';
import { demoMessage, producerAttributes } from '../../scripts/flow/demoMessage';
import { backoffMetadataOf } from '../../scripts/flow/messageLedger';
import { queueDepth as readQueueDepth } from '../../bin/ops/status';
import { eventually, runTag } from '../helpers/e2eClients';
import {
  ConsumerEnvironment,
  deliveredRecord,
  demoIdOf,
  executionsForMessage,
  invokeWithSqsEvent,
  listExecutions,
  QueueWatcher,
} from '../helpers/faultInjection';
import { decisionLines, logGroupOf } from '../../scripts/flow/consumerLogs';
import { binaryAttribute, sqsEvent, stringAttribute } from '../helpers/sqsRecord';

const STACK = 'SqsBackoffFaults';
const ROOT = path.resolve(__dirname, '..', '..');
const MAX_RECEIVE_COUNT = 3;
/** 6 × the 2-second consumer timeout. */
const VISIBILITY_SECONDS = 12;
/** Redrive happens on the 4th receive: three visibility timeouts, plus polling. */
const REDRIVE_WITHIN_MS = (MAX_RECEIVE_COUNT + 3) * VISIBILITY_SECONDS * 1000;

const TAG = runTag('faults');
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

let outputs: Outputs;
let sqs: SQSClient;
let sfn: SFNClient;
let lambda: LambdaClient;
let consumer: ConsumerEnvironment;
let watcher: QueueWatcher;
let workQueueArn: string;
/** A state machine ARN and a queue URL in the emulator's account that name nothing. */
let missingStateMachineArn: string;
let missingQueueUrl: string;

/** The requeue-failure execution, started in beforeAll so that its ASL retries (≈ 63 s) overlap the other tests. */
let requeueFault: { executionArn: string; input: ParkInput; startedAt: number };

const messageIdOf = (response: { Successful?: { Id?: string; MessageId?: string }[] }, entryId: string) =>
  response.Successful!.find((entry) => entry.Id === entryId)!.MessageId!;

function expectUserAttributesIntact(message: Message, id: string): void {
  const sent = producerAttributes(id);
  expect(message.MessageAttributes?.['trace-id']?.StringValue).toBe(sent['trace-id'].StringValue);
  expect(Buffer.from(message.MessageAttributes!.checksum.BinaryValue!)).toEqual(Buffer.from(sent.checksum.BinaryValue!));
}

/** Dead-lettered by SQS redrive (no x-backoff) or, where redrive is missing, by the runtime's backstop. */
function expectRedriven(message: Message): void {
  const metadata = backoffMetadataOf(message);
  if (metadata === undefined) {
    expect(Number(message.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(MAX_RECEIVE_COUNT);
  } else {
    expect(metadata.reason).toBe('redelivered');
  }
}

/** The ops CLI's own reading of a queue's depth. */
const queueDepth = (queueUrl: string) => readQueueDepth(sqs, queueUrl);

/** Faults resolve fast on the emulator: poll twice a second. */
const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 500) =>
  eventually(what, probe, timeoutMs, everyMs);

/**
 * The positive signal that no processing is still on its way: no execution of the retry state
 * machine running, the work queue empty (nothing visible, in flight or delayed), and a sentinel
 * sent to the processed queue after that seen by the watcher (so it drained what came before).
 */
async function settled(): Promise<void> {
  await until(
    'no running execution and an empty work queue',
    async () => {
      const running = (await listExecutions(sfn, outputs.StateMachineArn)).filter((e) => e.status === 'RUNNING' && !e.executionArn?.endsWith(`requeue-fault-${TAG}`));
      const depth = await queueDepth(outputs.QueueUrl);
      return running.length === 0 && depth.visible === 0 && depth.inFlight === 0 && depth.delayed === 0 ? true : undefined;
    },
    60_000,
  );
  const sentinel = `${TAG}-sentinel-${randomUUID()}`;
  await sqs.send(new SendMessageCommand({ QueueUrl: outputs.ProcessedQueueUrl, MessageBody: JSON.stringify({ id: sentinel, attempt: 0, processedAt: new Date().toISOString() }) }));
  await watcher.until('the sentinel on the processed queue', () => watcher.reportsFor(sentinel)[0], 30_000);
}

beforeAll(async () => {
  const endpoint = inject('endpoint');
  const config = { endpoint, region: 'us-east-1', credentials: CREDENTIALS };
  sqs = new SQSClient(config);
  sfn = new SFNClient(config);
  lambda = new LambdaClient(config);
  outputs = await deployLocal({
    endpoint,
    stackName: STACK,
    context: { stackName: STACK, timeout: 2 },
    outputsFile: path.join(ROOT, 'cdk.out', 'outputs.faults.json'),
    // A cloud assembly of its own: other e2e files synthesize theirs at the same time.
    cdkOutDir: path.join(ROOT, 'cdk.out', `e2e-${STACK}`),
  });
  consumer = new ConsumerEnvironment(lambda, outputs.ConsumerFunctionName);
  missingStateMachineArn = outputs.StateMachineArn.replace(/:stateMachine:.*$/, `:stateMachine:missing-${TAG}`);
  missingQueueUrl = outputs.DeadLetterQueueUrl.replace(/[^/]+$/, `missing-${TAG}`);

  // An interrupted run may have left a fault in place; a redeploy without changes would not undo it.
  const environment = await consumer.read();
  if (
    environment[ENV.stateMachineArn] !== outputs.StateMachineArn ||
    environment[ENV.deadLetterQueueUrl] !== outputs.DeadLetterQueueUrl ||
    environment[ENV.visibilityFallback] === 'false'
  ) {
    const { [ENV.visibilityFallback]: _fault, ...rest } = environment;
    await consumer.write({ ...rest, [ENV.stateMachineArn]: outputs.StateMachineArn, [ENV.deadLetterQueueUrl]: outputs.DeadLetterQueueUrl });
  }
  for (const queueUrl of [outputs.QueueUrl, outputs.DeadLetterQueueUrl, outputs.ProcessedQueueUrl]) {
    await sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
  }
  workQueueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: outputs.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  watcher = new QueueWatcher(sqs, { processedQueueUrl: outputs.ProcessedQueueUrl, deadLetterQueueUrl: outputs.DeadLetterQueueUrl });
  watcher.start();

  // The park input the consumer itself produces for a failing message, then its queueUrl
  // pointed at a queue that does not exist, so the state machine's Requeue step keeps failing.
  const id = `${TAG}-requeue`;
  const record = deliveredRecord({
    queueArn: workQueueArn,
    body: JSON.stringify({ id, failTimes: 10 }),
    attributes: {
      'trace-id': stringAttribute(`trace-${id}-ünïcødé`),
      checksum: binaryAttribute(Uint8Array.from([0xff, 0x00, 0xfe, 0x0a])),
    },
  });
  expect(await invokeWithSqsEvent(lambda, outputs.ConsumerFunctionName, sqsEvent(record))).toEqual({ batchItemFailures: [] });
  const [parked] = await executionsForMessage(sfn, outputs.StateMachineArn, record.messageId);
  const parkedInput = JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn: parked.executionArn! }))).input!) as ParkInput;
  // That park itself is not needed: stop it before its 2-second wait requeues the message.
  await sfn.send(new StopExecutionCommand({ executionArn: parked.executionArn!, cause: 'only its input was needed' }));
  const input: ParkInput = { ...parkedInput, queueUrl: missingQueueUrl, delaySeconds: 0 };
  const started = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: outputs.StateMachineArn, name: `requeue-fault-${TAG}`, input: JSON.stringify(input) }),
  );
  requeueFault = { executionArn: started.executionArn!, input, startedAt: Date.now() };
}, 300_000);

afterAll(async () => {
  await watcher?.stop();
});

describe('faults: nothing is lost', () => {
  it('StartExecution failing, the visibility fallback on (the default): the same message is retried after the policy delay, processed on attempt 2, never parked', async () => {
    // GIVEN a consumer whose state machine does not exist
    const id = `${TAG}-sfn-fallback`;
    const sent = demoMessage({ id, failTimes: 1 });
    let sentAt = 0;
    const messageId = await consumer.withFault({ stateMachineArn: missingStateMachineArn }, async () => {
      // WHEN a message that fails once is sent
      sentAt = Date.now();
      const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: outputs.QueueUrl, MessageBody: sent.body, MessageAttributes: sent.attributes }));
      // THEN it is processed on attempt 2, no sooner than the policy's first delay (2 s)
      await watcher.until(`${id} processed`, () => watcher.reportsFor(id)[0], 30_000);
      return MessageId!;
    });
    expect(watcher.reportsFor(id).map((report) => report.attempt)).toEqual([2]);
    expect(Date.parse(watcher.reportsFor(id)[0].processedAt) - sentAt).toBeGreaterThanOrEqual(2_000 - 300);
    // AND no execution carried it: the visibility timeout on the same message did
    expect(await executionsForMessage(sfn, outputs.StateMachineArn, messageId)).toEqual([]);
    expect(watcher.deadLettersWhere((m) => demoIdOf(m) === id)).toEqual([]);
  }, 60_000);

  it('StartExecution failing without the visibility fallback: SQS redelivers the failed messages and its redrive policy moves them to the DLQ intact; successes are unaffected', async () => {
    // GIVEN a consumer whose state machine does not exist, so every park fails, and no fallback
    const good = [`${TAG}-sfn-good-0`, `${TAG}-sfn-good-1`];
    const failing = [`${TAG}-sfn-fail-0`, `${TAG}-sfn-fail-1`];
    const failingMessageIds = await consumer.withFault({ stateMachineArn: missingStateMachineArn, visibilityFallback: 'false' }, async () => {
      // WHEN good messages and messages that fail once are sent
      const sent = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: outputs.QueueUrl,
          Entries: [...good.map((id) => ({ id })), ...failing.map((id) => ({ id, failTimes: 1 }))].map((body, i) => ({
            Id: `m${i}`,
            MessageBody: demoMessage(body).body,
            MessageAttributes: demoMessage(body).attributes,
          })),
        }),
      );
      expect(sent.Failed ?? []).toEqual([]);
      // THEN each failing message is redelivered until redrive moves it to the DLQ
      for (const id of failing) {
        await watcher.until(`${id} in the DLQ`, () => watcher.deadLettersWhere((m) => demoIdOf(m) === id)[0], REDRIVE_WITHIN_MS);
      }
      return failing.map((_, i) => messageIdOf(sent, `m${good.length + i}`));
    });
    for (const id of failing) {
      const [{ message }] = watcher.deadLettersWhere((m) => demoIdOf(m) === id);
      expectRedriven(message);
      // AND its body and user attributes are intact
      expect(message.Body).toBe(JSON.stringify({ id, failTimes: 1 }));
      expectUserAttributesIntact(message, id);
    }
    // AND it was never parked (so the fault really hit), and never acknowledged unprocessed
    for (const messageId of failingMessageIds) {
      expect(await executionsForMessage(sfn, outputs.StateMachineArn, messageId)).toEqual([]);
    }
    // AND the good messages were processed on their first attempt
    for (const id of good) {
      expect(watcher.reportsFor(id).map((report) => report.attempt)).toContain(1);
    }
  }, 240_000);

  it('StartExecution failing without the visibility fallback: the record is reported in batchItemFailures; redelivered after Step Functions recovers, it is parked once', async () => {
    // GIVEN a message failing twice as the event source would deliver it
    const id = `${TAG}-sfn-direct`;
    const first = deliveredRecord({ queueArn: workQueueArn, body: JSON.stringify({ id, failTimes: 2 }) });
    // WHEN the consumer gets it while its state machine does not exist (and no fallback)
    const duringFault = await consumer.withFault({ stateMachineArn: missingStateMachineArn, visibilityFallback: 'false' }, () =>
      invokeWithSqsEvent(lambda, outputs.ConsumerFunctionName, sqsEvent(first)),
    );
    // THEN it is not acknowledged, and nothing was parked
    expect(duringFault).toEqual({ batchItemFailures: [{ itemIdentifier: first.messageId }] });
    expect(await executionsForMessage(sfn, outputs.StateMachineArn, first.messageId)).toEqual([]);
    // WHEN SQS redelivers it (receive 2) after the fault is gone
    const redelivered = { ...first, attributes: { ...first.attributes, ApproximateReceiveCount: '2' } };
    const afterFault = await invokeWithSqsEvent(lambda, outputs.ConsumerFunctionName, sqsEvent(redelivered));
    // THEN it is acknowledged and parked exactly once, under the name of this SQS message's first park
    expect(afterFault).toEqual({ batchItemFailures: [] });
    expect((await executionsForMessage(sfn, outputs.StateMachineArn, first.messageId)).map((e) => e.name)).toEqual([
      executionName(first.messageId, 1),
    ]);
    // AND the requeued copy is processed on attempt 3: with the fallback back on (the restored default),
    // every receive counts (x-backoff.attempt + ApproximateReceiveCount − 1): receive 2 was attempt 2
    await watcher.until(`${id} processed`, () => watcher.reportsFor(id)[0], 30_000);
    expect(watcher.reportsFor(id).map((report) => report.attempt)).toEqual([3]);
  }, 120_000);

  it('a consumer that hangs mid-batch: the good messages of the batch are processed exactly once, the hanging one reaches the DLQ intact', async () => {
    // GIVEN one batch of four good messages and one that hangs the consumer past its timeout
    // (a real process crash is test/e2e/processExit.test.ts)
    const good = Array.from({ length: 4 }, (_, i) => `${TAG}-crash-good-${i}`);
    const crash = `${TAG}-crash`;
    const bodies = [...good.map((id) => ({ id })), { id: crash, crash: true }];
    // WHEN it is sent in one SendMessageBatch (so the event source delivers it together)
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: outputs.QueueUrl,
        Entries: bodies.map((body, i) => ({ Id: `m${i}`, MessageBody: demoMessage(body).body, MessageAttributes: demoMessage(body).attributes })),
      }),
    );
    expect(sent.Failed ?? []).toEqual([]);
    // THEN the crashing message is redelivered until redrive moves it to the DLQ, intact
    const { message } = await watcher.until(
      `${crash} in the DLQ`,
      () => watcher.deadLettersWhere((m) => demoIdOf(m) === crash)[0],
      REDRIVE_WITHIN_MS,
    );
    expectRedriven(message);
    expect(message.Body).toBe(JSON.stringify({ id: crash, crash: true }));
    expectUserAttributesIntact(message, crash);
    // AND every good message was processed exactly once, on attempt 1: the deadline guard
    // answered each hung invocation with the hanging record alone in batchItemFailures, so the
    // finished batch-mates were deleted (docs/guarantees.md, "A process crash takes its batch
    // with it" — a hang does not). Checked once the hanging message reached the DLQ: that took
    // maxReceiveCount redeliveries of its batch, each of which would have re-run a batch-mate.
    for (const id of good) expect(watcher.reportsFor(id).map((report) => report.attempt)).toEqual([1]);
    expect(watcher.deadLettersWhere((m) => good.includes(demoIdOf(m) ?? ''))).toEqual([]);
  }, 240_000);

  it('the DLQ send failing: a poison message stays in batchItemFailures, and is dead-lettered once the DLQ is back', async () => {
    // GIVEN a poison message as the event source would deliver it
    const id = `${TAG}-dlq-direct`;
    const record = deliveredRecord({ queueArn: workQueueArn, body: JSON.stringify({ id, poison: true }) });
    // WHEN the consumer gets it while its dead-letter queue does not exist
    const duringFault = await consumer.withFault({ deadLetterQueueUrl: missingQueueUrl }, () =>
      invokeWithSqsEvent(lambda, outputs.ConsumerFunctionName, sqsEvent(record)),
    );
    // THEN it is not acknowledged
    expect(duringFault).toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    // WHEN it is redelivered after the fault is gone
    const redelivered = { ...record, attributes: { ...record.attributes, ApproximateReceiveCount: '2' } };
    expect(await invokeWithSqsEvent(lambda, outputs.ConsumerFunctionName, sqsEvent(redelivered))).toEqual({ batchItemFailures: [] });
    // THEN it is in the DLQ as non-retryable, body intact; both receives ran the handler, so 2 attempts
    const { message } = await watcher.until(`${id} in the DLQ`, () => watcher.deadLettersWhere((m) => demoIdOf(m) === id)[0], 20_000);
    expect(message.Body).toBe(JSON.stringify({ id, poison: true }));
    expect(backoffMetadataOf(message)).toMatchObject({ reason: 'non-retryable', attempts: 2 });
  }, 120_000);

  it('the DLQ send failing: a poison message sent through SQS is kept, redelivered after the visibility timeout and dead-lettered once the DLQ is back', async () => {
    // GIVEN a consumer whose dead-letter queue does not exist
    const id = `${TAG}-dlq-sqs`;
    const sent = demoMessage({ id, poison: true });
    let sentAt = 0;
    const logGroup = await logGroupOf(lambda, outputs.ConsumerFunctionName);
    await consumer.withFault({ deadLetterQueueUrl: missingQueueUrl }, async () => {
      // WHEN a poison message is sent and the consumer receives it
      sentAt = Date.now();
      const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: outputs.QueueUrl, MessageBody: sent.body, MessageAttributes: sent.attributes }));
      // (the positive signal: the consumer's own log line saying its dead-letter send failed)
      const failed = await until(
        'the consumer to log dead-letter-failed for the poison message',
        async () => (await decisionLines(inject('endpoint'), logGroup, sentAt - 1_000)).find((line) => line.msg === 'dead-letter-failed' && line.messageId === MessageId),
        30_000,
      );
      expect(failed).toMatchObject({ level: 'error', reason: 'non-retryable' });
      // THEN nothing reached the DLQ while it was missing
      expect(watcher.deadLettersWhere((m) => demoIdOf(m) === id)).toEqual([]);
    });
    // AND after the fault the message comes back (it was not deleted) and is dead-lettered
    const seen = await watcher.until(`${id} in the DLQ`, () => watcher.deadLettersWhere((m) => demoIdOf(m) === id)[0], 60_000);
    expect(seen.message.Body).toBe(sent.body);
    expectUserAttributesIntact(seen.message, id);
    expect(backoffMetadataOf(seen.message)).toMatchObject({ reason: 'non-retryable' });
    // no sooner than a visibility timeout after it was sent: a redelivery, so the receive during the
    // fault neither deleted it nor reached the DLQ
    expect(seen.seenAt - sentAt).toBeGreaterThanOrEqual((VISIBILITY_SECONDS - 1) * 1000);
  }, 120_000);

  it.each([
    ['one after the other', false],
    ['at the same time', true],
  ])('the same failing message delivered twice (%s) is parked once and processed once', async (_how, together) => {
    // GIVEN one failing message as the event source delivers it, with user attributes
    const id = `${TAG}-twice-${together ? 'together' : 'sequential'}`;
    const record = deliveredRecord({
      queueArn: workQueueArn,
      body: JSON.stringify({ id, failTimes: 1 }),
      attributes: { 'trace-id': stringAttribute(`trace-${id}`), checksum: binaryAttribute(Uint8Array.from([1, 2, 3])) },
    });
    const invoke = () => invokeWithSqsEvent(lambda, outputs.ConsumerFunctionName, sqsEvent(record));
    // WHEN the consumer is invoked twice with it
    const responses = together ? await Promise.all([invoke(), invoke()]) : [await invoke(), await invoke()];
    // THEN both invocations acknowledge it
    expect(responses).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    // AND exactly one execution parks it, as its first failure
    const executions = await executionsForMessage(sfn, outputs.StateMachineArn, record.messageId);
    expect(executions.map((execution) => execution.name)).toEqual([executionName(record.messageId, 1)]);
    // AND it is processed exactly once, on attempt 2
    await watcher.until(`${id} processed`, () => watcher.reportsFor(id)[0], 30_000);
    await settled();
    expect(watcher.reportsFor(id).map((report) => report.attempt)).toEqual([2]);
  }, 60_000);

  it('the requeue SendMessage failing inside the state machine: retried, then caught into the DLQ with reason requeue-failed, body and attributes intact; the execution FAILS', async () => {
    // GIVEN (in beforeAll) the consumer's own park input, its queueUrl pointed at a missing queue
    const { input, executionArn } = requeueFault;
    // WHEN the execution runs its Requeue retries out
    const execution = await until(
      'the requeue-fault execution to end',
      async () => {
        const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        return described.status === 'RUNNING' ? undefined : described;
      },
      150_000,
      1_000,
    );
    // THEN it FAILED with the construct's error, so the executions-failed alarm sees it
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Backoff.RequeueFailed');
    // AND the Requeue step made its first try and every retry of its Retry policy before the Catch took over
    const { definition } = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: outputs.StateMachineArn }));
    const retries = (JSON.parse(definition!) as { States: Record<string, { Retry?: { MaxAttempts: number }[] }> }).States.Requeue.Retry![0].MaxAttempts;
    expect(retries).toBeGreaterThan(0);
    const history = (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
    const states = history.filter((event) => event.type?.endsWith('StateEntered')).map((event) => event.stateEnteredEventDetails?.name);
    expect(states).toEqual(['WaitForBackoff', 'Requeue', 'DeadLetter', 'RequeueFailed']);
    const deadLetterEntered = history.findIndex((event) => event.stateEnteredEventDetails?.name === 'DeadLetter');
    const requeueFailures = history.slice(0, deadLetterEntered).filter((event) => event.type === 'TaskFailed');
    expect(requeueFailures).toHaveLength(1 + retries);
    // AND the DLQ holds the message: body byte-for-byte, user attributes intact, x-backoff reason requeue-failed
    const { message } = await watcher.until(
      'the requeue-failed message in the DLQ',
      () => watcher.deadLettersWhere((m) => m.Body === input.body && backoffMetadataOf(m)?.reason === 'requeue-failed')[0],
      30_000,
    );
    expect(message.Body).toBe(input.body);
    expect(message.MessageAttributes?.['trace-id']?.StringValue).toBe(input.attributes['trace-id'].StringValue);
    expect(Buffer.from(message.MessageAttributes!.checksum.BinaryValue!)).toEqual(Buffer.from(input.attributes.checksum.BinaryValue!, 'base64'));
    expect(backoffMetadataOf(message)).toMatchObject({ reason: 'requeue-failed', attempts: 1, attempt: 1, originalMessageId: input.backoff.originalMessageId });
  }, 180_000);
});

describe('bad input: each has a clear outcome', () => {
  it('a body that is not JSON is dead-lettered as non-retryable, body byte-for-byte', async () => {
    // GIVEN a body the demo consumer cannot parse, with non-ASCII text and JSON-looking debris
    const body = `${TAG} not json: ünïcødé 🚀 {"id": <broken> \r\n\t`;
    // WHEN it is sent
    await sqs.send(new SendMessageCommand({ QueueUrl: outputs.QueueUrl, MessageBody: body, MessageAttributes: producerAttributes(TAG) }));
    // THEN it is in the DLQ at once, as non-retryable, untouched
    const { message } = await watcher.until('the non-JSON message in the DLQ', () => watcher.deadLettersWhere((m) => m.Body === body)[0], 30_000);
    expect(backoffMetadataOf(message)).toMatchObject({ reason: 'non-retryable', attempts: 1, lastError: { name: 'MalformedBodyError' } });
    expectUserAttributesIntact(message, TAG);
  }, 60_000);

  it('a failing message too large for a Step Functions input (SQS takes up to 1 MiB) is retried in place by the visibility fallback and processed on attempt 2, never parked', async () => {
    // GIVEN a 300 KiB message that fails once: SQS accepts it, Step Functions input stops at 256 KiB
    const id = `${TAG}-large`;
    const body = JSON.stringify({ id, failTimes: 1, padding: 'ü'.repeat(150 * 1024) });
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_EXECUTION_INPUT_BYTES);
    // WHEN it is sent
    const sentAt = Date.now();
    const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: outputs.QueueUrl, MessageBody: body, MessageAttributes: producerAttributes(id) }));
    // THEN it is processed on attempt 2 after the policy's 2-second delay, without an execution or a dead-letter copy
    await watcher.until(`${id} processed`, () => watcher.reportsFor(id)[0], 30_000);
    expect(watcher.reportsFor(id).map((report) => report.attempt)).toEqual([2]);
    expect(Date.parse(watcher.reportsFor(id)[0].processedAt) - sentAt).toBeGreaterThanOrEqual(2_000 - 300);
    expect(await executionsForMessage(sfn, outputs.StateMachineArn, MessageId!)).toEqual([]);
    expect(watcher.deadLettersWhere((m) => demoIdOf(m) === id)).toEqual([]);
  }, 60_000);

  it.each([
    ['not JSON', { DataType: 'String', StringValue: '{"attempt": 3, oops' }],
    ['a Number instead of JSON', { DataType: 'Number', StringValue: '3' }],
    ['an attempt that is not a whole number', { DataType: 'String', StringValue: '{"attempt":"three","firstReceivedAt":"2026-01-01T00:00:00Z","originalMessageId":"forged"}' }],
  ])('an x-backoff attribute holding %s is treated as a first attempt: retried with fresh metadata and processed', async (_case, corrupt) => {
    // GIVEN a message that fails once and arrives with a corrupt x-backoff
    const id = `${TAG}-corrupt-${randomUUID().slice(0, 8)}`;
    const sent = demoMessage({ id, failTimes: 1 });
    // WHEN it is sent
    const { MessageId } = await sqs.send(
      new SendMessageCommand({ QueueUrl: outputs.QueueUrl, MessageBody: sent.body, MessageAttributes: { ...sent.attributes, [BACKOFF_ATTRIBUTE]: corrupt } }),
    );
    // THEN its failure is parked as failure 1 of this very message, with valid metadata
    const [execution] = await until('its park', async () => {
      const found = await executionsForMessage(sfn, outputs.StateMachineArn, MessageId!);
      return found.length > 0 ? found : undefined;
    }, 20_000);
    expect(execution.name).toBe(executionName(MessageId!, 1));
    const input = JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn! }))).input!) as ParkInput;
    expect(input.backoff).toMatchObject<Partial<BackoffMetadata>>({ attempt: 1, originalMessageId: MessageId! });
    expect(JSON.parse(input.attributes[BACKOFF_ATTRIBUTE].StringValue!)).toMatchObject({ attempt: 1 });
    // AND the requeued copy is processed on attempt 2
    await watcher.until(`${id} processed`, () => watcher.reportsFor(id)[0], 30_000);
    expect(watcher.reportsFor(id).map((report) => report.attempt)).toEqual([2]);
  }, 60_000);

  it('an empty batch is answered with no failures by the deployed consumer', async () => {
    // GIVEN / WHEN the consumer is invoked with no records
    const response = await invokeWithSqsEvent(lambda, outputs.ConsumerFunctionName, { Records: [] });
    // THEN it reports nothing and does not fail
    expect(response).toEqual({ batchItemFailures: [] });
  });
});
