/**
 * SQS's own redrive of the deployed work queue, and the DLQ alarm reaching ALARM from the
 * `AWS/SQS` metric LocalStack publishes (MiniStack publishes none). Both run at once so the
 * alarm's minute or two overlaps the rest of the project.
 */
import { DescribeAlarmsCommand, GetMetricStatisticsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, runTag } from '../helpers/e2eClients';
import { localstackContext, LocalStackContext, takeMessage } from '../helpers/localstackClients';

const RUN = runTag('lsra');
let ls: LocalStackContext;

beforeAll(() => {
  ls = localstackContext();
});

describe.concurrent('SQS redrive and the DLQ alarm on LocalStack', () => {
  it('moves a message received maxReceiveCount (3) times to the DLQ on the next receive', async () => {
    const body = `${RUN}-redrive`;
    await ls.sqs.send(new SendMessageCommand({ QueueUrl: ls.outputs.QueueUrl, MessageBody: body }));
    let receives = 0;
    await eventually('three receives of the message', async () => {
      const r = await ls.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: ls.outputs.QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 1 }),
      );
      if ((r.Messages ?? []).some((m) => m.Body === body)) receives++;
      return receives === 3 ? true : undefined;
    }, 30_000, 50);
    // The fourth receive finds it over the limit and redrives it instead of returning it.
    const fourth = await ls.sqs.send(new ReceiveMessageCommand({ QueueUrl: ls.outputs.QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    expect((fourth.Messages ?? []).map((m) => m.Body)).not.toContain(body);
    const dead = await takeMessage(ls.sqs, ls.outputs.DeadLetterQueueUrl, (m) => m.Body === body);
    expect(Number(dead.Attributes!.ApproximateReceiveCount)).toBeGreaterThanOrEqual(3);
  });

  it('the dead-letter alarm goes to ALARM by itself: SQS publishes ApproximateNumberOfMessagesVisible', async () => {
    const alarmName = ls.outputs.DeadLetterMessagesAlarmName;
    const queueName = ls.outputs.DeadLetterQueueUrl.split('/').pop()!;
    // Start from OK, so that ALARM can only come from an evaluation after this point (a reused
    // LocalStack may still hold an ALARM from an earlier run).
    const resetAt = new Date();
    await ls.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'OK', StateReason: `reset by ${RUN}` }));
    await ls.sqs.send(new SendMessageCommand({ QueueUrl: ls.outputs.DeadLetterQueueUrl, MessageBody: `${RUN}-alarm` }));
    const visible = await ls.sqs.send(new GetQueueAttributesCommand({ QueueUrl: ls.outputs.DeadLetterQueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(Number(visible.Attributes!.ApproximateNumberOfMessages)).toBeGreaterThanOrEqual(1);

    const alarm = await eventually('the dead-letter alarm in ALARM', async () => {
      const r = await ls.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }));
      const a = r.MetricAlarms?.[0];
      return a?.StateValue === 'ALARM' && a.StateUpdatedTimestamp! >= resetAt ? a : undefined;
    }, 180_000, 5_000);
    expect(alarm).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible' });

    // The datapoint came from SQS itself: nothing in this project calls PutMetricData.
    const stats = await ls.cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: queueName }],
        StartTime: new Date(Date.now() - 10 * 60_000),
        EndTime: new Date(Date.now() + 60_000),
        Period: 60,
        Statistics: ['Maximum'],
      }),
    );
    expect(Math.max(...(stats.Datapoints ?? []).map((d) => d.Maximum ?? 0))).toBeGreaterThanOrEqual(1);
    await takeMessage(ls.sqs, ls.outputs.DeadLetterQueueUrl, (m) => m.Body === `${RUN}-alarm`);
  });
});
