import { DescribeExecutionCommand, ListExecutionsCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../bin/ops/errors';
import { recall, RECALL_CAUSE, SETTLE_POLL_MS, SETTLE_TIMEOUT_MS } from '../../../bin/ops/recall';
import { awsError, DLQ_URL, executionArn, NOW, OUTPUTS, parkInput, setup, SM_ARN, STACK } from './helpers';

function parked(mocks: ReturnType<typeof setup>['mocks'], entries: { name: string; id: string; attempt?: number }[]) {
  mocks.sfn.on(ListExecutionsCommand).resolves({
    executions: entries.map(({ name }) => ({ executionArn: executionArn(name), stateMachineArn: SM_ARN, name, status: 'RUNNING', startDate: NOW })),
  });
  for (const { name, id, attempt } of entries) {
    const base = { executionArn: executionArn(name), name, startDate: NOW, stateMachineArn: SM_ARN, input: JSON.stringify(parkInput({ originalMessageId: id, attempt: attempt ?? 2 })) };
    // RUNNING when listed; ABORTED with our cause once stopped.
    mocks.sfn
      .on(DescribeExecutionCommand, { executionArn: executionArn(name) })
      .resolvesOnce({ ...base, status: 'RUNNING' })
      .resolves({ ...base, status: 'ABORTED', cause: RECALL_CAUSE });
  }
}

describe('recall', () => {
  it('exits 3 with a clear message when nothing is parked for the id', async () => {
    const { ctx, mocks, out } = setup();
    parked(mocks, [{ name: 'other-1-abc', id: 'other' }]);
    expect(await recall(ctx, { stack: STACK, messageId: 'missing' })).toBe(EXIT.nothingFound);
    expect(out.stderr).toBe(
      `nothing parked for message id missing in stack ${STACK} (1 parked retry checked) — list them with: sqs-backoff pending ${STACK}\n`,
    );
    expect(mocks.sfn.commandCalls(StopExecutionCommand)).toHaveLength(0);
  });

  it('stops every matching execution with the operator cause, and sends nothing without --to-dlq', async () => {
    const { ctx, mocks, out } = setup();
    parked(mocks, [
      { name: 'msg-1-2-abc', id: 'msg-1' },
      { name: 'other-1-def', id: 'other' },
    ]);
    mocks.sfn.on(StopExecutionCommand).resolves({ stopDate: NOW });
    expect(await recall(ctx, { stack: STACK, messageId: 'msg-1' })).toBe(EXIT.ok);
    const stops = mocks.sfn.commandCalls(StopExecutionCommand);
    expect(stops).toHaveLength(1);
    expect(stops[0]!.args[0].input).toEqual({ executionArn: executionArn('msg-1-2-abc'), cause: 'recalled by operator', error: 'Recalled' });
    expect(mocks.sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(out.stdout).toContain('recalled msg-1-2-abc (message msg-1, failed 2): execution stopped');
  });

  it('describes only the executions whose names can be the message\'s, falling back to all', async () => {
    const { ctx, mocks } = setup();
    parked(mocks, [
      { name: 'msg-1-2-abc', id: 'msg-1' },
      { name: 'other-1-def', id: 'other' },
      { name: 'third-1-ghi', id: 'third' },
    ]);
    mocks.sfn.on(StopExecutionCommand).resolves({ stopDate: NOW });
    expect(await recall(ctx, { stack: STACK, messageId: 'msg-1' })).toBe(EXIT.ok);
    const described = mocks.sfn.commandCalls(DescribeExecutionCommand).map((c) => c.args[0].input.executionArn);
    expect(described).toEqual([executionArn('msg-1-2-abc'), executionArn('msg-1-2-abc')]); // before and after the stop

    // An execution named some other way is still found, by a full scan.
    const b = setup();
    parked(b.mocks, [
      { name: 'custom-name', id: 'msg/2' },
      { name: 'other-1-def', id: 'other' },
    ]);
    b.mocks.sfn.on(StopExecutionCommand).resolves({ stopDate: NOW });
    expect(await recall(b.ctx, { stack: STACK, messageId: 'msg/2' })).toBe(EXIT.ok);
    expect(b.mocks.sfn.commandCalls(StopExecutionCommand)[0]!.args[0].input.executionArn).toBe(executionArn('custom-name'));
  });

  it('matches an execution name too', async () => {
    const { ctx, mocks } = setup();
    parked(mocks, [{ name: 'msg-1-2-abc', id: 'msg-1' }]);
    mocks.sfn.on(StopExecutionCommand).resolves({ stopDate: NOW });
    expect(await recall(ctx, { stack: STACK, messageId: 'msg-1-2-abc' })).toBe(EXIT.ok);
    expect(mocks.sfn.commandCalls(StopExecutionCommand)).toHaveLength(1);
  });

  it('with --to-dlq sends body and user attributes verbatim with reason recalled, after the stop', async () => {
    const { ctx, mocks, out } = setup();
    parked(mocks, [{ name: 'msg-1-2-abc', id: 'msg-1', attempt: 2 }]);
    const order: string[] = [];
    mocks.sfn.on(StopExecutionCommand).callsFake(() => {
      order.push('stop');
      return { stopDate: NOW };
    });
    mocks.sqs.on(SendMessageCommand).callsFake(() => {
      order.push('send');
      return { MessageId: 'dlq-1' };
    });
    expect(await recall(ctx, { stack: STACK, messageId: 'msg-1', toDlq: true })).toBe(EXIT.ok);
    expect(order).toEqual(['stop', 'send']);
    const input = mocks.sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(input.QueueUrl).toBe(DLQ_URL);
    expect(input.MessageBody).toBe('{"id":"x"}');
    expect(input.MessageAttributes!.tenant).toEqual({ DataType: 'String', StringValue: 'acme' });
    expect(Buffer.from(input.MessageAttributes!.blob!.BinaryValue!)).toEqual(Buffer.from([0, 1, 2, 255]));
    const backoff = JSON.parse(input.MessageAttributes!['x-backoff']!.StringValue!);
    expect(backoff).toMatchObject({ reason: 'recalled', attempts: 2, attempt: 2, originalMessageId: 'msg-1', lastError: { message: 'downstream timeout' } });
    expect(out.stdout).toContain('sent to the dead-letter queue as dlq-1 (reason recalled)');
  });

  it('keeps the message group on a FIFO dead-letter queue', async () => {
    const { ctx, mocks } = setup({ ...OUTPUTS, DeadLetterQueueUrl: `${DLQ_URL}.fifo` });
    mocks.sfn.on(ListExecutionsCommand).resolves({
      executions: [{ executionArn: executionArn('e'), stateMachineArn: SM_ARN, name: 'e', status: 'RUNNING', startDate: NOW }],
    });
    const base = { executionArn: executionArn('e'), name: 'e', startDate: NOW, stateMachineArn: SM_ARN, input: JSON.stringify({ ...parkInput(), messageGroupId: 'tenant-7' }) };
    mocks.sfn.on(DescribeExecutionCommand).resolvesOnce({ ...base, status: 'RUNNING' }).resolves({ ...base, status: 'ABORTED', cause: RECALL_CAUSE });
    mocks.sfn.on(StopExecutionCommand).resolves({ stopDate: NOW });
    mocks.sqs.on(SendMessageCommand).resolves({ MessageId: 'd' });
    expect(await recall(ctx, { stack: STACK, messageId: 'msg-1', toDlq: true })).toBe(EXIT.ok);
    expect(mocks.sqs.commandCalls(SendMessageCommand)[0]!.args[0].input).toMatchObject({ MessageGroupId: 'tenant-7', MessageDeduplicationId: 'e-recalled' });
  });

  it('does not send a message whose execution had already finished (no duplicate), exit 3', async () => {
    const { ctx, mocks, out } = setup();
    mocks.sfn.on(ListExecutionsCommand).resolves({
      executions: [{ executionArn: executionArn('e'), stateMachineArn: SM_ARN, name: 'e', status: 'RUNNING', startDate: NOW }],
    });
    const base = { executionArn: executionArn('e'), name: 'e', startDate: NOW, stateMachineArn: SM_ARN, input: JSON.stringify(parkInput()) };
    mocks.sfn.on(DescribeExecutionCommand).resolvesOnce({ ...base, status: 'RUNNING' }).resolves({ ...base, status: 'SUCCEEDED' });
    mocks.sfn.on(StopExecutionCommand).rejects(awsError('ValidationException', 'Execution is not running'));
    expect(await recall(ctx, { stack: STACK, messageId: 'msg-1', toDlq: true })).toBe(EXIT.nothingFound);
    expect(mocks.sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(out.stdout).toContain('too late: e (message msg-1, failed 2) already finished (SUCCEEDED)');
  });

  it('does not send when someone else aborted it', async () => {
    const { ctx, mocks } = setup();
    mocks.sfn.on(ListExecutionsCommand).resolves({
      executions: [{ executionArn: executionArn('e'), stateMachineArn: SM_ARN, name: 'e', status: 'RUNNING', startDate: NOW }],
    });
    const base = { executionArn: executionArn('e'), name: 'e', startDate: NOW, stateMachineArn: SM_ARN, input: JSON.stringify(parkInput()) };
    mocks.sfn.on(DescribeExecutionCommand).resolvesOnce({ ...base, status: 'RUNNING' }).resolves({ ...base, status: 'ABORTED', cause: 'deploy' });
    mocks.sfn.on(StopExecutionCommand).resolves({ stopDate: NOW });
    expect(await recall(ctx, { stack: STACK, messageId: 'msg-1', toDlq: true })).toBe(EXIT.nothingFound);
    expect(mocks.sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('when the DLQ send fails, exits 1 with one line saying where the message still is', async () => {
    const { ctx, mocks } = setup();
    parked(mocks, [{ name: 'msg-1-2-abc', id: 'msg-1' }]);
    mocks.sfn.on(StopExecutionCommand).resolves({ stopDate: NOW });
    mocks.sqs.on(SendMessageCommand).rejects(awsError('KMS.DisabledException', 'key disabled'));
    const err = await recall(ctx, { stack: STACK, messageId: 'msg-1', toDlq: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: EXIT.unexpected });
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/could not send it to the dead-letter queue: KMS.DisabledException: key disabled/);
    expect(message).toContain(`aws stepfunctions describe-execution --execution-arn ${executionArn('msg-1-2-abc')}`);
  });

  it('maps a StopExecution permission error to exit 5 with the reason', async () => {
    const { ctx, mocks } = setup();
    parked(mocks, [{ name: 'n', id: 'msg-1' }]);
    mocks.sfn.on(DescribeExecutionCommand, { executionArn: executionArn('n') }).resolvesOnce({
      executionArn: executionArn('n'), name: 'n', startDate: NOW, stateMachineArn: SM_ARN, status: 'RUNNING', input: JSON.stringify(parkInput()),
    }).resolves({ executionArn: executionArn('n'), name: 'n', startDate: NOW, stateMachineArn: SM_ARN, status: 'RUNNING' });
    mocks.sfn.on(StopExecutionCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: states:StopExecution'));
    await expect(recall(ctx, { stack: STACK, messageId: 'msg-1' })).rejects.toMatchObject({
      exitCode: EXIT.noPermission,
      message: expect.stringMatching(/^could not stop n \(message msg-1, failed 2\): permission denied in us-east-1/),
    });
  });
});

describe('nameMayBelong', () => {
  it("recognises every name the runtime gives a message's executions", async () => {
    const { executionName } = await import('../../../lambda/runtime/executionName');
    const { nameMayBelong } = await import('../../../bin/ops/parked');
    const ids = [
      '3958ba10-da85-4ca4-8b2c-74358439a228',
      'order/17 with spaces & symbols',
      'x'.repeat(120),
      'ünïcødé-id',
    ];
    for (const id of ids) {
      for (const [n, run] of [[1, 0], [3, 0], [1, 2], [9, 12]] as const) {
        expect(nameMayBelong(executionName(id, n, run), id), `${id} n=${n} run=${run}`).toBe(true);
      }
      expect(nameMayBelong(executionName(`${id}-other`.replace(/^./, 'Q'), 1), id)).toBe(false);
    }
  });

  it('accepts the execution name that pending prints in its last column', async () => {
    // GIVEN an execution named after an id that is not the one asked for
    const { ctx, mocks, out } = setup();
    parked(mocks, [{ name: 'custom-run-7', id: 'msg-9' }]);
    mocks.sfn.on(StopExecutionCommand).resolves({ stopDate: NOW });
    // WHEN recall gets the execution name THEN that execution is stopped
    expect(await recall(ctx, { stack: STACK, messageId: 'custom-run-7' })).toBe(EXIT.ok);
    expect(mocks.sfn.commandCalls(StopExecutionCommand)[0]!.args[0].input.executionArn).toBe(executionArn('custom-run-7'));
    expect(out.stdout).toContain('recalled custom-run-7 (message msg-9, failed 2)');
  });

  it('polls DescribeExecution until a stopped execution leaves RUNNING (LocalStack answers RUNNING for ~70 ms)', async () => {
    // GIVEN a service that still says RUNNING twice after StopExecution
    const { ctx, mocks, clock } = setup();
    mocks.sfn.on(ListExecutionsCommand).resolves({
      executions: [{ executionArn: executionArn('e'), stateMachineArn: SM_ARN, name: 'e', status: 'RUNNING', startDate: NOW }],
    });
    const base = { executionArn: executionArn('e'), name: 'e', startDate: NOW, stateMachineArn: SM_ARN, input: JSON.stringify(parkInput()) };
    mocks.sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ ...base, status: 'RUNNING' }) // listed
      .resolvesOnce({ ...base, status: 'RUNNING' })
      .resolvesOnce({ ...base, status: 'RUNNING' })
      .resolves({ ...base, status: 'ABORTED', cause: RECALL_CAUSE });
    mocks.sfn.on(StopExecutionCommand).resolves({ stopDate: NOW });
    // WHEN recalled THEN it succeeds after two short waits
    expect(await recall(ctx, { stack: STACK, messageId: 'msg-1' })).toBe(EXIT.ok);
    expect(clock.sleeps).toEqual([100, 100]);
  });

  it('gives up after 5 s of RUNNING with exit 1, saying how long it waited', async () => {
    const { ctx, mocks, clock } = setup();
    mocks.sfn.on(ListExecutionsCommand).resolves({
      executions: [{ executionArn: executionArn('e'), stateMachineArn: SM_ARN, name: 'e', status: 'RUNNING', startDate: NOW }],
    });
    const base = { executionArn: executionArn('e'), name: 'e', startDate: NOW, stateMachineArn: SM_ARN, input: JSON.stringify(parkInput()) };
    mocks.sfn.on(DescribeExecutionCommand).resolves({ ...base, status: 'RUNNING' });
    mocks.sfn.on(StopExecutionCommand).resolves({ stopDate: NOW });
    const err = await recall(ctx, { stack: STACK, messageId: 'msg-1' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: EXIT.unexpected });
    expect((err as Error).message).toMatch(/could not stop e .*: status RUNNING 5 s after StopExecution/);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(5_000);
    expect(SETTLE_TIMEOUT_MS / SETTLE_POLL_MS).toBe(50);
  });
});
