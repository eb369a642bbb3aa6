import { DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../bin/ops/errors';
import { pending } from '../../../bin/ops/pending';
import { collectStatus, status } from '../../../bin/ops/status';
import { DLQ_URL, executionArn, NOW, parkInput, QUEUE_URL, setup, SM_ARN, STACK } from './helpers';

function queues(mocks: ReturnType<typeof setup>['mocks']) {
  mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: QUEUE_URL }).resolves({
    Attributes: { ApproximateNumberOfMessages: '3', ApproximateNumberOfMessagesNotVisible: '2', ApproximateNumberOfMessagesDelayed: '1' },
  });
  mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: DLQ_URL }).resolves({
    Attributes: { ApproximateNumberOfMessages: '4', ApproximateNumberOfMessagesNotVisible: '0', ApproximateNumberOfMessagesDelayed: '0' },
  });
}

describe('status', () => {
  it('collects queue depths, RUNNING executions over all pages and alarm states', async () => {
    const { ctx, mocks } = setup();
    queues(mocks);
    mocks.sfn
      .on(ListExecutionsCommand)
      .resolvesOnce({ executions: [{ executionArn: executionArn('a'), stateMachineArn: SM_ARN, name: 'a', status: 'RUNNING', startDate: NOW }], nextToken: 't' })
      .resolvesOnce({ executions: [{ executionArn: executionArn('b'), stateMachineArn: SM_ARN, name: 'b', status: 'RUNNING', startDate: NOW }] });
    mocks.cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        { LogicalResourceId: 'Extra', PhysicalResourceId: 'Demo-OldestMessageAge', ResourceType: 'AWS::CloudWatch::Alarm', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: NOW },
        { LogicalResourceId: 'Q', PhysicalResourceId: QUEUE_URL, ResourceType: 'AWS::SQS::Queue', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: NOW },
      ],
    });
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        { AlarmName: 'Demo-DeadLetterMessages', StateValue: 'ALARM', StateReason: 'Threshold Crossed' },
        { AlarmName: 'Demo-ConsumerErrors', StateValue: 'OK' },
      ],
    });
    const report = await collectStatus(ctx, STACK);
    expect(report.queue).toMatchObject({ visible: 3, inFlight: 2, delayed: 1 });
    expect(report.deadLetter.visible).toBe(4);
    expect(report.parked).toBe(2);
    expect(mocks.sfn.commandCalls(ListExecutionsCommand)[0]!.args[0].input).toMatchObject({ stateMachineArn: SM_ARN, statusFilter: 'RUNNING' });
    expect(report.alarms).toEqual([
      { name: 'Demo-ConsumerErrors', state: 'OK' },
      { name: 'Demo-DeadLetterMessages', state: 'ALARM', reason: 'Threshold Crossed' },
      { name: 'Demo-OldestMessageAge', state: 'MISSING' },
    ]);
    expect(mocks.cloudwatch.commandCalls(DescribeAlarmsCommand)[0]!.args[0].input.AlarmNames).toHaveLength(3);
  });

  it('prints one table', async () => {
    const { ctx, mocks, out } = setup();
    queues(mocks);
    mocks.sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'Demo-DeadLetterMessages', StateValue: 'ALARM' }] });
    expect(await status(ctx, { stack: STACK })).toBe(EXIT.ok);
    expect(out.stdout).toMatch(/work queue: waiting\s+│\s+3/);
    expect(out.stdout).toMatch(/work queue: in flight\s+│\s+2/);
    expect(out.stdout).toMatch(/parked retries \(Step Functions\)\s+│\s+0/);
    expect(out.stdout).toMatch(/dead-letter queue\s+│\s+4/);
    expect(out.stdout).toMatch(/alarm\s+│ ALARM\s+│ Demo-DeadLetterMessages/);
    expect(out.stdout.match(/┌/g)).toHaveLength(1);
  });

  it('fails with exit 4 naming the missing output', async () => {
    const { ctx } = setup({ QueueUrl: QUEUE_URL });
    await expect(status(ctx, { stack: STACK })).rejects.toMatchObject({
      exitCode: EXIT.notFound,
      message: expect.stringMatching(/has no output DeadLetterQueueUrl — is it a sqs-backoff stack\? \(outputs: QueueUrl\)/),
    });
  });
});

describe('pending', () => {
  it('lists parked messages sorted by due time, skipping ones that finished meanwhile', async () => {
    const { ctx, mocks, out } = setup();
    const started = new Date(NOW.getTime() - 30_000);
    mocks.sfn.on(ListExecutionsCommand).resolves({
      executions: ['late', 'soon', 'gone', 'foreign'].map((name) => ({ executionArn: executionArn(name), stateMachineArn: SM_ARN, name, status: 'RUNNING', startDate: started })),
    });
    mocks.sfn.on(DescribeExecutionCommand, { executionArn: executionArn('late') }).resolves({
      executionArn: executionArn('late'), name: 'late', status: 'RUNNING', startDate: started,
      stateMachineArn: SM_ARN, input: JSON.stringify(parkInput({ originalMessageId: 'm-late', attempt: 3, delaySeconds: 600 })),
    });
    mocks.sfn.on(DescribeExecutionCommand, { executionArn: executionArn('soon') }).resolves({
      executionArn: executionArn('soon'), name: 'soon', status: 'RUNNING', startDate: started,
      stateMachineArn: SM_ARN, input: JSON.stringify(parkInput({ originalMessageId: 'm-soon', attempt: 1, delaySeconds: 40 })),
    });
    mocks.sfn.on(DescribeExecutionCommand, { executionArn: executionArn('gone') }).resolves({
      executionArn: executionArn('gone'), name: 'gone', status: 'SUCCEEDED', startDate: started, stateMachineArn: SM_ARN, input: '{}',
    });
    mocks.sfn.on(DescribeExecutionCommand, { executionArn: executionArn('foreign') }).resolves({
      executionArn: executionArn('foreign'), name: 'foreign', status: 'RUNNING', startDate: started, stateMachineArn: SM_ARN, input: '{"hello":1}',
    });
    expect(await pending(ctx, { stack: STACK })).toBe(EXIT.ok);
    const lines = out.stdout.split('\n');
    const soon = lines.findIndex((l) => l.includes('m-soon'));
    const late = lines.findIndex((l) => l.includes('m-late'));
    const foreign = lines.findIndex((l) => l.includes('(not a parked message)'));
    expect(soon).toBeGreaterThan(0);
    expect(late).toBeGreaterThan(soon);
    expect(foreign).toBeGreaterThan(late);
    expect(lines[soon]).toMatch(/m-soon\s+│\s+1\s+│ Error: downstream timeout\s+│ 2026-05-01T10:00:10Z │ in 10 s\s+│ soon/);
    expect(lines[late]).toMatch(/2026-05-01T10:09:30Z │ in 9m 30s/);
    expect(out.stdout).not.toContain('gone');
    expect(out.stdout).toContain('3 parked retries');
  });

  it('prints JSON with --json and says so when nothing is parked', async () => {
    const a = setup();
    a.mocks.sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    await pending(a.ctx, { stack: STACK });
    expect(a.out.stdout).toBe(`no parked retries in stack ${STACK}\n`);

    const b = setup();
    b.mocks.sfn.on(ListExecutionsCommand).resolves({ executions: [{ executionArn: executionArn('e'), stateMachineArn: SM_ARN, name: 'e', status: 'RUNNING', startDate: NOW }] });
    b.mocks.sfn.on(DescribeExecutionCommand).resolves({ executionArn: executionArn('e'), name: 'e', status: 'RUNNING', startDate: NOW, stateMachineArn: SM_ARN, input: JSON.stringify(parkInput({ delaySeconds: 5 })) });
    await pending(b.ctx, { stack: STACK, json: true });
    expect(JSON.parse(b.out.stdout)).toEqual([
      expect.objectContaining({ originalMessageId: 'msg-1', attempt: 2, dueInSeconds: 5, executionName: 'e', dueAt: '2026-05-01T10:00:05.000Z' }),
    ]);
  });
});

describe('status: the last 15 minutes of the runtime’s metrics', () => {
  it('asks GetMetricData for retries by transport, dead letters by reason and time to success over 15 minutes, and prints them', async () => {
    // GIVEN an endpoint with datapoints for two transports, one reason and the time to success
    const { ctx, mocks, out } = setup();
    queues(mocks);
    mocks.sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    mocks.cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'parked0', Values: [12] },
        { Id: 'parked1', Values: [3] },
        { Id: 'parked2', Values: [] },
        { Id: 'dead0', Values: [2] },
        { Id: 'tts50', Values: [4100.4] },
        { Id: 'tts99', Values: [30000] },
      ],
    });
    // WHEN status runs
    expect(await status(ctx, { stack: STACK })).toBe(EXIT.ok);
    // THEN one call covered the 15 minutes before now, per queue name
    const input = mocks.cloudwatch.commandCalls(GetMetricDataCommand)[0]!.args[0].input;
    expect(input.EndTime!.getTime() - input.StartTime!.getTime()).toBe(15 * 60_000);
    expect(input.MetricDataQueries![0]).toMatchObject({
      MetricStat: { Metric: { Namespace: 'SqsBackoff', MetricName: 'Parked', Dimensions: [{ Name: 'QueueName', Value: 'work' }, { Name: 'Transport', Value: 'step-functions' }] }, Period: 900, Stat: 'Sum' },
    });
    // AND the table says what happened
    expect(out.stdout).toMatch(/last 15 min: retries\s+│\s+15\s+│ by transport: step-functions 12, visibility-timeout 3/);
    expect(out.stdout).toMatch(/last 15 min: dead letters\s+│\s+2\s+│ by reason: exhausted 2/);
    expect(out.stdout).toMatch(/last 15 min: time to success\s+│ 4100 ms\s+│ p50; p99 30000 ms/);
    // AND no outage-holds row without holds
    expect(out.stdout).not.toContain('outage holds');
  });

  it('shows outage protection holds when there were any', async () => {
    // GIVEN Held datapoints (outage protection parked failing records without counting attempts)
    const { ctx, mocks, out } = setup();
    queues(mocks);
    mocks.sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    mocks.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'held', Values: [40, 7] }] });
    // WHEN status runs THEN the holds are summed in their own row
    await status(ctx, { stack: STACK });
    const held = mocks.cloudwatch.commandCalls(GetMetricDataCommand)[0]!.args[0].input.MetricDataQueries!.find((q) => q.Id === 'held');
    expect(held?.MetricStat?.Metric?.MetricName).toBe('Held');
    expect(out.stdout).toMatch(/last 15 min: outage holds\s+│\s+47\s+│ failing records held/);
  });

  it('says in one line when the endpoint has no datapoints', async () => {
    const { ctx, mocks, out } = setup();
    queues(mocks);
    mocks.sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    await status(ctx, { stack: STACK });
    expect(out.stdout.match(/last 15 min/g)).toHaveLength(1);
    expect(out.stdout).toContain('no datapoints');
  });
});
