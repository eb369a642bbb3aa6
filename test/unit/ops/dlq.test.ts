import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  Message,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { isUnsupported, peek, purge, rateLimiter, redrive, redrivenMetadata } from '../../../bin/ops/dlq';
import { EXIT } from '../../../bin/ops/errors';
import { BackoffMetadata } from '../../../lambda/contract';
import { awsError, DLQ_URL, fakeClock, NOW, QUEUE_URL, setup, STACK } from './helpers';

const exhausted: BackoffMetadata = {
  attempt: 3,
  firstReceivedAt: '2026-05-01T09:00:00.000Z',
  originalMessageId: 'orig-1',
  lastError: { name: 'Error', message: 'boom' },
  reason: 'exhausted',
  attempts: 4,
};

function dlqMessage(id: string, backoff?: BackoffMetadata, body = `{"id":"${id}"}`): Message {
  return {
    MessageId: id,
    ReceiptHandle: `rh-${id}`,
    Body: body,
    Attributes: { ApproximateReceiveCount: '1' },
    MessageAttributes: {
      tenant: { DataType: 'String', StringValue: 'acme' },
      raw: { DataType: 'Binary', BinaryValue: new Uint8Array([9, 8, 7]) },
      ...(backoff ? { 'x-backoff': { DataType: 'String', StringValue: JSON.stringify(backoff) } } : {}),
    },
  };
}

function depth(mocks: ReturnType<typeof setup>['mocks'], visible: number) {
  mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: DLQ_URL }).resolves({
    Attributes: { ApproximateNumberOfMessages: String(visible), ApproximateNumberOfMessagesNotVisible: '0', ApproximateNumberOfMessagesDelayed: '0' },
  });
}

describe('redrivenMetadata', () => {
  it('restarts at attempt 0 (next processing is attempt 1) and appends the previous run to history', () => {
    const m = redrivenMetadata(exhausted, 'dlq-id', NOW);
    expect(m).toEqual({
      attempt: 0,
      firstReceivedAt: NOW.toISOString(),
      originalMessageId: 'orig-1',
      history: [exhausted],
    });
    const again = redrivenMetadata({ ...m, attempt: 2, reason: 'exhausted', attempts: 3 }, 'dlq-2', NOW);
    expect(again.history).toHaveLength(2);
    expect(again.history![0]).toEqual(exhausted);
    expect(again.history![1]).toMatchObject({ attempt: 2, reason: 'exhausted' });
    expect(again.history![1]).not.toHaveProperty('history');
  });

  it('starts a fresh x-backoff for a message that had none', () => {
    expect(redrivenMetadata(undefined, 'dlq-id', NOW)).toEqual({ attempt: 0, firstReceivedAt: NOW.toISOString(), originalMessageId: 'dlq-id' });
  });
});

describe('dlq redrive (copy)', () => {
  it('sends body and user attributes verbatim with a restarted x-backoff, then deletes', async () => {
    const { ctx, mocks, out } = setup();
    depth(mocks, 2);
    mocks.sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [dlqMessage('a', exhausted), dlqMessage('b')] })
      .resolves({ Messages: [] });
    const calls: string[] = [];
    mocks.sqs.on(SendMessageCommand).callsFake((input: { MessageBody: string }) => {
      calls.push(`send ${input.MessageBody}`);
      return { MessageId: 'new' };
    });
    mocks.sqs.on(DeleteMessageCommand).callsFake((input: { ReceiptHandle: string }) => {
      calls.push(`delete ${input.ReceiptHandle}`);
      return {};
    });
    const progress: string[] = [];
    expect(
      await redrive(ctx, {
        stack: STACK,
        progress: { start: (t) => progress.push(`start ${t}`), update: (d, t) => progress.push(`${d}/${t}`), stop: () => progress.push('stop') },
      }),
    ).toBe(EXIT.ok);
    expect(calls).toEqual(['send {"id":"a"}', 'delete rh-a', 'send {"id":"b"}', 'delete rh-b']);
    expect(progress).toEqual(['start 2', '1/2', '2/2', 'stop']);
    const first = mocks.sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(first.QueueUrl).toBe(QUEUE_URL);
    expect(first.MessageAttributes!.tenant).toEqual({ DataType: 'String', StringValue: 'acme' });
    expect(first.MessageAttributes!.raw!.BinaryValue).toEqual(new Uint8Array([9, 8, 7]));
    const backoff = JSON.parse(first.MessageAttributes!['x-backoff']!.StringValue!);
    expect(backoff).toEqual({ attempt: 0, firstReceivedAt: NOW.toISOString(), originalMessageId: 'orig-1', history: [exhausted] });
    expect(out.stdout).toContain('redrove 2 of 2 messages');
  });

  it('never deletes a message whose send failed; gives it back and stops with exit 1', async () => {
    const { ctx, mocks } = setup();
    depth(mocks, 3);
    mocks.sqs.on(ReceiveMessageCommand).resolves({ Messages: [dlqMessage('a', exhausted), dlqMessage('b', exhausted), dlqMessage('c', exhausted)] });
    mocks.sqs
      .on(SendMessageCommand)
      .resolvesOnce({ MessageId: 'ok' })
      .rejects(awsError('ServiceUnavailable', 'try later', 503));
    mocks.sqs.on(DeleteMessageCommand).resolves({});
    mocks.sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
    await expect(redrive(ctx, { stack: STACK })).rejects.toMatchObject({
      exitCode: EXIT.unexpected,
      message: expect.stringMatching(/^redrove 1 of 3 messages .*then sending failed: ServiceUnavailable: try later — nothing unsent was deleted/),
    });
    const deletes = mocks.sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle);
    expect(deletes).toEqual(['rh-a']);
    const released = mocks.sqs.commandCalls(ChangeMessageVisibilityBatchCommand)[0]!.args[0].input.Entries!;
    expect(released.map((e) => [e.ReceiptHandle, e.VisibilityTimeout])).toEqual([
      ['rh-b', 0],
      ['rh-c', 0],
    ]);
  });

  it('stops after --max and at the depth seen at the start', async () => {
    const { ctx, mocks } = setup();
    depth(mocks, 25);
    let n = 0;
    mocks.sqs.on(ReceiveMessageCommand).callsFake((input: { MaxNumberOfMessages: number }) => ({
      Messages: Array.from({ length: input.MaxNumberOfMessages }, () => dlqMessage(`m${n++}`, exhausted)),
    }));
    mocks.sqs.on(SendMessageCommand).resolves({ MessageId: 'x' });
    mocks.sqs.on(DeleteMessageCommand).resolves({});
    await redrive(ctx, { stack: STACK, max: 12 });
    expect(mocks.sqs.commandCalls(SendMessageCommand)).toHaveLength(12);
    expect(mocks.sqs.commandCalls(ReceiveMessageCommand).map((c) => c.args[0].input.MaxNumberOfMessages)).toEqual([10, 2]);
  });

  it('reports an empty queue without receiving', async () => {
    const { ctx, mocks, out } = setup();
    depth(mocks, 0);
    expect(await redrive(ctx, { stack: STACK })).toBe(EXIT.ok);
    expect(mocks.sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
    expect(out.stdout).toContain('nothing to redrive');
  });

  it('spaces sends by --rate', async () => {
    const { ctx, mocks, clock } = setup();
    depth(mocks, 4);
    mocks.sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: ['a', 'b', 'c', 'd'].map((id) => dlqMessage(id, exhausted)) }).resolves({});
    mocks.sqs.on(SendMessageCommand).resolves({ MessageId: 'x' });
    mocks.sqs.on(DeleteMessageCommand).resolves({});
    await redrive(ctx, { stack: STACK, rate: 2 });
    expect(clock.sleeps).toEqual([500, 500, 500]);
  });

  it('rejects bad --rate and --max as usage errors', async () => {
    const { ctx } = setup();
    await expect(redrive(ctx, { stack: STACK, rate: 0 })).rejects.toMatchObject({ exitCode: EXIT.usage });
    await expect(redrive(ctx, { stack: STACK, max: 1.5 })).rejects.toMatchObject({ exitCode: EXIT.usage });
    await expect(redrive(ctx, { stack: STACK, mode: 'native', max: 3 })).rejects.toMatchObject({ exitCode: EXIT.usage });
  });
});

describe('dlq redrive (native)', () => {
  it('says to use --mode copy when the endpoint lacks StartMessageMoveTask', async () => {
    const { ctx, mocks } = setup();
    mocks.sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: 'arn:aws:sqs:us-east-1:1:q' } });
    mocks.sqs.on(StartMessageMoveTaskCommand).rejects(awsError('InvalidAction', 'The action StartMessageMoveTask is not valid for this endpoint.'));
    await expect(redrive(ctx, { stack: STACK, mode: 'native' })).rejects.toMatchObject({
      exitCode: EXIT.unexpected,
      message: 'this endpoint does not support StartMessageMoveTask — rerun with --mode copy',
    });
  });

  it('recognises unsupported-action errors', () => {
    expect(isUnsupported(awsError('InvalidAction', 'The action StartMessageMoveTask is not valid for this endpoint.'))).toBe(true);
    expect(isUnsupported(awsError('Whatever', 'x', 501))).toBe(true);
    expect(isUnsupported(awsError('AccessDenied', 'no'))).toBe(false);
  });
});

describe('dlq peek', () => {
  it('shows reason, attempts, last error and body, releases the messages and never deletes', async () => {
    const { ctx, mocks, out } = setup();
    mocks.sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [dlqMessage('a', exhausted), dlqMessage('b', { ...exhausted, reason: 'non-retryable', attempts: 1 }, 'not json at all')] })
      .resolvesOnce({ Messages: [dlqMessage('a', exhausted)] }) // already seen: stop
      .resolves({ Messages: [] });
    mocks.sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
    expect(await peek(ctx, { stack: STACK, count: 5 })).toBe(EXIT.ok);
    expect(mocks.sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    const receive = mocks.sqs.commandCalls(ReceiveMessageCommand)[0]!.args[0].input;
    expect(receive).toMatchObject({ QueueUrl: DLQ_URL, MaxNumberOfMessages: 5, MessageAttributeNames: ['All'] });
    const released = mocks.sqs.commandCalls(ChangeMessageVisibilityBatchCommand)[0]!.args[0].input.Entries!;
    expect(released.map((e) => e.ReceiptHandle)).toEqual(['rh-a', 'rh-b']);
    expect(out.stdout).toMatch(/│ a\s+│ exhausted\s+│ 4\s+│ 1\s+│ Error: boom\s+│ {"id":"a"}/);
    expect(out.stdout).toMatch(/│ b\s+│ non-retryable\s+│ 1\s+│ 1\s+│ Error: boom\s+│ not json at all/);
    expect(out.stdout).toContain('2 messages shown, none deleted');
  });

  it('says when the queue is empty', async () => {
    const { ctx, mocks, out } = setup();
    mocks.sqs.on(ReceiveMessageCommand).resolves({});
    await peek(ctx, { stack: STACK });
    expect(out.stdout).toBe(`the dead-letter queue of ${STACK} is empty\n`);
    expect(mocks.sqs.commandCalls(ChangeMessageVisibilityBatchCommand)).toHaveLength(0);
  });
});

describe('dlq purge', () => {
  it('refuses without --yes (exit 2) and does not purge', async () => {
    const { ctx, mocks } = setup();
    depth(mocks, 7);
    await expect(purge(ctx, { stack: STACK })).rejects.toMatchObject({
      exitCode: EXIT.usage,
      message: `dlq purge deletes all 7 messages in the dead-letter queue of ${STACK} for good — rerun with --yes`,
    });
    expect(mocks.sqs.commandCalls(PurgeQueueCommand)).toHaveLength(0);
  });

  it('purges the dead-letter queue (and only it) with --yes', async () => {
    const { ctx, mocks, out } = setup();
    depth(mocks, 7);
    mocks.sqs.on(PurgeQueueCommand).resolves({});
    expect(await purge(ctx, { stack: STACK, yes: true })).toBe(EXIT.ok);
    expect(mocks.sqs.commandCalls(PurgeQueueCommand).map((c) => c.args[0].input.QueueUrl)).toEqual([DLQ_URL]);
    expect(out.stdout).toContain('purged the dead-letter queue');
  });
});

describe('rateLimiter', () => {
  it('does not wait without a rate and keeps a steady pace with one', async () => {
    const clock = fakeClock();
    await rateLimiter(undefined, clock)();
    expect(clock.sleeps).toEqual([]);
    const wait = rateLimiter(4, clock);
    for (let i = 0; i < 5; i++) await wait();
    expect(clock.sleeps).toEqual([250, 250, 250, 250]);
  });
});
