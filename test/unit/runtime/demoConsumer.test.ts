import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKOFF_ATTRIBUTE, ENV, ParkInput } from '../../../lambda/contract';
import { handler } from '../../../lambda/demo/demoConsumer';
import { lambdaContext } from '../../helpers/lambdaContext';
import { backoffMetadata, sqsEvent, sqsRecord } from '../../helpers/sqsRecord';

const PROCESSED_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/processed';
const DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/work-dlq';

// The demo uses the runtime's default clients and its own: mock every instance of both classes.
const sqsMock = mockClient(SQSClient);
const sfnMock = mockClient(SFNClient);

function sends(queueUrl: string) {
  return sqsMock
    .commandCalls(SendMessageCommand)
    .map((call) => call.args[0].input)
    .filter((input) => input.QueueUrl === queueUrl);
}

describe('the demo consumer', () => {
  beforeAll(() => {
    vi.stubEnv(ENV.policy, '{"kind":"exponential","base":1,"cap":30}');
    vi.stubEnv(ENV.maxAttempts, '4');
    vi.stubEnv(ENV.maxReceiveCount, '5');
    vi.stubEnv(ENV.queueUrl, 'https://sqs.us-east-1.amazonaws.com/123456789012/work');
    vi.stubEnv(ENV.deadLetterQueueUrl, DLQ_URL);
    vi.stubEnv(ENV.stateMachineArn, 'arn:aws:states:us-east-1:123456789012:stateMachine:retry');
    vi.stubEnv('PROCESSED_QUEUE_URL', PROCESSED_QUEUE_URL);
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    sqsMock.restore();
    sfnMock.restore();
  });

  beforeEach(() => {
    sqsMock.reset();
    sfnMock.reset();
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'sent' });
    sfnMock.on(StartExecutionCommand).resolves({ executionArn: 'arn', startDate: new Date() });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true); // keep the JSON decision lines out of the test output
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });

  afterEach(() => vi.restoreAllMocks());

  it('sends { id, attempt, processedAt } to the processed queue for a plain message', async () => {
    // GIVEN a message that asks for no failure
    const before = Date.now();
    // WHEN it is consumed
    const result = await handler(sqsEvent(sqsRecord({ body: '{"id":"ok-1"}' })), lambdaContext());
    // THEN it is processed on attempt 1
    expect(result.batchItemFailures).toEqual([]);
    const [sent] = sends(PROCESSED_QUEUE_URL);
    const processed = JSON.parse(sent.MessageBody!);
    expect(processed).toMatchObject({ id: 'ok-1', attempt: 1 });
    expect(Date.parse(processed.processedAt)).toBeGreaterThanOrEqual(before - 1);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('fails retryably while attempt ≤ failTimes, then succeeds', async () => {
    // GIVEN failTimes 2
    const body = '{"id":"flaky-1","failTimes":2}';
    // WHEN attempt 1 runs
    await handler(sqsEvent(sqsRecord({ messageId: 'orig', body })), lambdaContext());
    // THEN it is parked with the policy's first delay (1·2¹ = 2 s) and nothing is processed
    const park = JSON.parse(sfnMock.commandCalls(StartExecutionCommand)[0].args[0].input.input!) as ParkInput;
    expect(park.delaySeconds).toBe(2);
    expect(park.backoff.lastError?.name).toBe('DemoTransientError');
    expect(sends(PROCESSED_QUEUE_URL)).toHaveLength(0);

    // WHEN the requeued copy comes back as attempt 3 (two failures recorded)
    await handler(sqsEvent(sqsRecord({ body, backoff: backoffMetadata({ attempt: 2, originalMessageId: 'orig' }) })), lambdaContext());
    // THEN it is processed, reporting attempt 3
    expect(JSON.parse(sends(PROCESSED_QUEUE_URL)[0].MessageBody!)).toMatchObject({ id: 'flaky-1', attempt: 3 });
  });

  it('with retryAfter: the first attempt waits the handler\'s N seconds, later attempts follow failTimes', async () => {
    // GIVEN retryAfter 7 and failTimes 2
    const body = '{"id":"slow-1","retryAfter":7,"failTimes":2}';
    // WHEN attempt 1 runs THEN it is parked for 7 s (the policy says 2 s), marked as the handler's delay
    await handler(sqsEvent(sqsRecord({ messageId: 'orig', body })), lambdaContext());
    const park = JSON.parse(sfnMock.commandCalls(StartExecutionCommand)[0].args[0].input.input!) as ParkInput;
    expect([park.delaySeconds, park.backoff.delaySource, park.backoff.lastError?.name]).toEqual([7, 'handler', 'RetryAfterError']);
    // WHEN attempt 2 runs THEN it fails as failTimes says, with the policy's delay (1·2² = 4 s)
    await handler(sqsEvent(sqsRecord({ body, backoff: backoffMetadata({ attempt: 1, originalMessageId: 'orig' }) })), lambdaContext());
    const second = JSON.parse(sfnMock.commandCalls(StartExecutionCommand)[1].args[0].input.input!) as ParkInput;
    expect([second.delaySeconds, second.backoff.delaySource, second.backoff.lastError?.name]).toEqual([4, undefined, 'DemoTransientError']);
  });

  it('dead-letters a poison message at once as non-retryable', async () => {
    // GIVEN a poison message
    // WHEN it is consumed
    const result = await handler(sqsEvent(sqsRecord({ body: '{"id":"bad-1","poison":true}' })), lambdaContext());
    // THEN it is in the DLQ, body verbatim, reason non-retryable
    expect(result.batchItemFailures).toEqual([]);
    const [dead] = sends(DLQ_URL);
    expect(dead.MessageBody).toBe('{"id":"bad-1","poison":true}');
    expect(JSON.parse(dead.MessageAttributes![BACKOFF_ATTRIBUTE].StringValue!)).toMatchObject({ reason: 'non-retryable', attempts: 1 });
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it.each([
    ['not JSON', 'hello'],
    ['JSON without an id', '{"failTimes":1}'],
    ['a non-numeric failTimes', '{"id":"x","failTimes":"two"}'],
    ['a negative retryAfter', '{"id":"x","retryAfter":-1}'],
  ])('dead-letters a body that is %s as non-retryable', async (_case, body) => {
    await handler(sqsEvent(sqsRecord({ body })), lambdaContext());
    const [dead] = sends(DLQ_URL);
    expect(dead.MessageBody).toBe(body);
    expect(JSON.parse(dead.MessageAttributes![BACKOFF_ATTRIBUTE].StringValue!).reason).toBe('non-retryable');
  });

  it('hangs when a message asks to crash, and withBackoff reports only that record just before the timeout', async () => {
    // GIVEN a crash request beside a good message, and 5 s left before the Lambda timeout
    vi.useFakeTimers();
    try {
      const event = sqsEvent(sqsRecord({ messageId: 'ok-1', body: '{"id":"fine"}' }), sqsRecord({ messageId: 'c-1', body: '{"id":"c-1","crash":true}' }));
      let response: unknown;
      void handler(event, lambdaContext({ getRemainingTimeInMillis: () => 5_000 })).then((r) => (response = r));
      // WHEN the deadline passes
      await vi.advanceTimersByTimeAsync(4_600);
      // THEN only the crashing record goes back to SQS, nothing was parked or dead-lettered
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'c-1' }] });
      expect(sfnMock.calls()).toHaveLength(0);
      expect(sends(DLQ_URL)).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('exits the process mid-batch, after its batch-mates finished, when a message asks to exit', async () => {
    // GIVEN an exit request beside a good message, and process.exit caught
    vi.useFakeTimers();
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      const event = sqsEvent(sqsRecord({ messageId: 'ok-1', body: '{"id":"fine"}' }), sqsRecord({ messageId: 'x-1', body: '{"id":"x-1","exit":true}' }));
      void handler(event, lambdaContext());
      // WHEN 1.4 s pass THEN the good message is processed and the process still runs
      await vi.advanceTimersByTimeAsync(1_400);
      expect(sends(PROCESSED_QUEUE_URL).map((input) => JSON.parse(input.MessageBody!).id)).toEqual(['fine']);
      expect(exit).not.toHaveBeenCalled();
      // WHEN 1.5 s have passed THEN the process exits with a failure code
      await vi.advanceTimersByTimeAsync(100);
      expect(exit).toHaveBeenCalledWith(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs one JSON line per decision', async () => {
    // GIVEN a batch with two decisions to make: a failing message (parked) and a poison one (dead-lettered)
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const event = sqsEvent(
      sqsRecord({ messageId: 'log-1', body: '{"id":"l","failTimes":1}' }),
      sqsRecord({ messageId: 'log-2', body: '{"id":"p","poison":true}' }),
    );
    // WHEN the batch is consumed
    await handler(event, lambdaContext());
    // THEN stdout received exactly three writes, each one whole line ending in a newline
    const written = write.mock.calls.map((call) => String(call[0]));
    expect(written).toHaveLength(3);
    for (const text of written) expect(text.indexOf('\n')).toBe(text.length - 1);
    // AND two lines are JSON objects naming their decision, the third the invocation's metrics
    const all = written.map((text) => JSON.parse(text));
    const lines = all.filter((line) => line.level !== undefined);
    expect(all.find((line) => line._aws !== undefined)).toMatchObject({ Parked: 1, DeadLettered: 1, Processed: 0 });
    expect(lines.map((line) => [line.msg, line.messageId]).sort()).toEqual([
      ['dead-lettered', 'log-2'],
      ['parked', 'log-1'],
    ]);
    expect(lines.find((line) => line.msg === 'parked')).toMatchObject({ level: 'info', attempt: 1, delaySeconds: 2 });
    expect(lines.find((line) => line.msg === 'dead-lettered')).toMatchObject({ level: 'warn', reason: 'non-retryable' });
  });
});
