/**
 * The operator CLI per delay transport (issue 10 item 5): `status` counts waiting retries where
 * each transport keeps them, `pending` lists what can be listed and says what cannot, `recall`
 * explains a transport without recall (exit 6).
 */
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeExecutionCommand, ListExecutionsCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../bin/ops/errors';
import { pending } from '../../../bin/ops/pending';
import { recall } from '../../../bin/ops/recall';
import { collectStatus, status } from '../../../bin/ops/status';
import { DLQ_URL, executionArn, NOW, OUTPUTS, parkInput, QUEUE_URL, setup, SM_ARN, STACK } from './helpers';

/** The stack outputs of a stack on `transport` (no state machine output where the transport has none). */
function outputsFor(transport: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  const { StateMachineArn: _arn, ...withoutStateMachine } = OUTPUTS;
  const base = transport === 'sqs-delay' || transport === 'visibility-timeout' ? withoutStateMachine : OUTPUTS;
  return { ...base, ...(transport ? { Transport: transport } : {}), ...extra };
}

function queueDepths(mocks: ReturnType<typeof setup>['mocks'], queueUrl = QUEUE_URL) {
  mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: queueUrl }).resolves({
    Attributes: { ApproximateNumberOfMessages: '3', ApproximateNumberOfMessagesNotVisible: '7', ApproximateNumberOfMessagesDelayed: '5' },
  });
  mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: DLQ_URL }).resolves({ Attributes: { ApproximateNumberOfMessages: '0' } });
}

function twoRunning(mocks: ReturnType<typeof setup>['mocks']) {
  mocks.sfn.on(ListExecutionsCommand).resolves({
    executions: ['a', 'b'].map((name) => ({ executionArn: executionArn(name), stateMachineArn: SM_ARN, name, status: 'RUNNING' as const, startDate: NOW })),
  });
  mocks.sfn.on(DescribeExecutionCommand).callsFake((input: { executionArn: string }) => ({
    executionArn: input.executionArn, name: input.executionArn.split(':').pop(), startDate: NOW, stateMachineArn: SM_ARN,
    status: 'RUNNING', input: JSON.stringify(parkInput({ originalMessageId: `id-${input.executionArn.split(':').pop()}` })),
  }));
}

describe('status per transport', () => {
  it('counts running executions when the stack has no Transport output (step-functions)', async () => {
    const { ctx, mocks } = setup(outputsFor(undefined));
    queueDepths(mocks);
    twoRunning(mocks);
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const report = await collectStatus(ctx, STACK);
    expect(report.transport).toBe('step-functions');
    expect(report.waiting).toEqual([expect.objectContaining({ home: 'executions', count: 2 })]);
  });

  it('counts ApproximateNumberOfMessagesDelayed for sqs-delay, without a state machine', async () => {
    const { ctx, mocks, out } = setup(outputsFor('sqs-delay'));
    queueDepths(mocks);
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    expect(await status(ctx, { stack: STACK })).toBe(EXIT.ok);
    expect(mocks.sfn.commandCalls(ListExecutionsCommand)).toHaveLength(0);
    expect(out.stdout).toContain('stack SqsBackoffDemo, transport sqs-delay');
    expect(out.stdout).toMatch(/parked retries \(SQS delay\)\s+│\s+5\s+│ ApproximateNumberOfMessagesDelayed/);
  });

  it('counts ApproximateNumberOfMessagesNotVisible for visibility-timeout, saying it includes in-flight messages', async () => {
    const { ctx, mocks, out } = setup(outputsFor('visibility-timeout'));
    queueDepths(mocks);
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    expect(await status(ctx, { stack: STACK })).toBe(EXIT.ok);
    expect(out.stdout).toMatch(/parked retries \(visibility delay\)\s+│\s+7\s+│ ApproximateNumberOfMessagesNotVisible/);
    expect(out.stdout).toContain('also counts messages being processed right now');
  });

  it('counts both executions and delayed messages for auto', async () => {
    const { ctx, mocks } = setup(outputsFor('auto'));
    queueDepths(mocks);
    twoRunning(mocks);
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const report = await collectStatus(ctx, STACK);
    expect(report.waiting.map((w) => [w.home, w.count])).toEqual([
      ['executions', 2],
      ['delayed', 5],
    ]);
  });

  it('counts visibility delays for auto on a FIFO queue', async () => {
    const fifoUrl = `${QUEUE_URL}.fifo`;
    const { ctx, mocks } = setup(outputsFor('auto', { QueueUrl: fifoUrl }));
    queueDepths(mocks, fifoUrl);
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const report = await collectStatus(ctx, STACK);
    expect(report.waiting.map((w) => [w.home, w.count])).toEqual([['not-visible', 7]]);
    expect(mocks.sfn.commandCalls(ListExecutionsCommand)).toHaveLength(0);
  });

  it('fails with exit 1 on a Transport it does not know', async () => {
    const { ctx, mocks } = setup(outputsFor('carrier-pigeon'));
    queueDepths(mocks);
    await expect(collectStatus(ctx, STACK)).rejects.toMatchObject({
      exitCode: EXIT.unexpected,
      message: expect.stringContaining('output Transport = "carrier-pigeon", not one of step-functions, visibility-timeout, sqs-delay, auto'),
    });
  });
});

describe('pending per transport', () => {
  it('says plainly that delayed SQS messages cannot be listed (sqs-delay), exit 0', async () => {
    const { ctx, mocks, out } = setup(outputsFor('sqs-delay'));
    queueDepths(mocks);
    expect(await pending(ctx, { stack: STACK })).toBe(EXIT.ok);
    expect(out.stdout).toBe(
      'transport sqs-delay: 5 waiting (SQS delay: ApproximateNumberOfMessagesDelayed of the work queue) — ' +
        'SQS cannot list, read or delete a delayed message before its delay ends: these cannot be listed or recalled; each returns to the queue on its own\n',
    );
  });

  it('lists the executions of auto and counts its delayed messages beside them', async () => {
    const { ctx, mocks, out } = setup(outputsFor('auto'));
    queueDepths(mocks);
    twoRunning(mocks);
    expect(await pending(ctx, { stack: STACK })).toBe(EXIT.ok);
    expect(out.stdout).toContain('transport auto: 5 waiting (SQS delay:');
    expect(out.stdout).toContain('id-a');
    expect(out.stdout).toContain('2 parked retries');
  });

  it('keeps --json a list and puts the unlistable count on stderr', async () => {
    const { ctx, mocks, out } = setup(outputsFor('visibility-timeout'));
    queueDepths(mocks);
    expect(await pending(ctx, { stack: STACK, json: true })).toBe(EXIT.ok);
    expect(JSON.parse(out.stdout)).toEqual([]);
    expect(out.stderr).toContain('transport visibility-timeout: 7 waiting (visibility delay:');
  });
});

describe('recall per transport', () => {
  it.each(['sqs-delay', 'visibility-timeout'])('explains that %s has no recall, exit 6, calling nothing', async (transport) => {
    const { ctx, mocks } = setup(outputsFor(transport));
    const err = await recall(ctx, { stack: STACK, messageId: 'msg-1' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: EXIT.unsupported, message: expect.stringContaining(`uses transport ${transport}, which has no recall`) });
    expect(mocks.sfn.calls()).toHaveLength(0);
  });

  it('on auto, says why a message may not be found: only waits over 900 s can be recalled, shorter ones are delayed SQS messages', async () => {
    const { ctx, mocks, out } = setup(outputsFor('auto'));
    twoRunning(mocks);
    expect(await recall(ctx, { stack: STACK, messageId: 'short-delay-id' })).toBe(EXIT.nothingFound);
    expect(out.stderr).toContain(
      'transport auto: only its waits over 900 s can be recalled (Step Functions carries those; shorter ones wait as delayed SQS messages); ' +
        'SQS cannot list, read or delete a delayed message before its delay ends',
    );
    expect(mocks.sfn.commandCalls(StopExecutionCommand)).toHaveLength(0);
  });
});
