/**
 * The dead-letters-by-reason alarm on LocalStack, which evaluates metric alarms: datapoints of the
 * runtime's `DeadLettered` metric (namespace SqsBackoff, dimensions QueueName and Reason, as the
 * consumer's EMF lines publish it), put here with PutMetricData, drive it to ALARM.
 */
import { DescribeAlarmsCommand, MetricAlarm, PutMetricDataCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_METRICS_NAMESPACE, DIMENSION, METRIC, queueNameOf } from '../../lambda/metricNames';
import { eventually, runTag } from '../helpers/e2eClients';
import { localstackContext, LocalStackContext } from '../helpers/localstackClients';

const RUN = runTag('lsdr');
let ls: LocalStackContext;

beforeAll(() => {
  ls = localstackContext();
});

/** Every alarm of the account, over all pages. */
async function allAlarms(): Promise<MetricAlarm[]> {
  const alarms: MetricAlarm[] = [];
  let token: string | undefined;
  do {
    const page = await ls.cloudwatch.send(new DescribeAlarmsCommand({ NextToken: token }));
    alarms.push(...(page.MetricAlarms ?? []));
    token = page.NextToken;
  } while (token);
  return alarms;
}

describe('the dead-letters-by-reason alarm on LocalStack', () => {
  it('goes to ALARM on DeadLettered datapoints of its reason, put with PutMetricData', async () => {
    // GIVEN the deployed stack's alarm for reason too-large on its work queue, reset to OK
    const queueName = queueNameOf(ls.outputs.QueueUrl);
    const dimension = (alarm: MetricAlarm, name: string) => alarm.Dimensions?.find((d) => d.Name === name)?.Value;
    const alarm = (await allAlarms()).find(
      (a) => a.MetricName === METRIC.deadLettered && dimension(a, DIMENSION.queue) === queueName && dimension(a, DIMENSION.reason) === 'too-large',
    );
    expect(alarm, 'the stack has a DeadLettered alarm for reason too-large').toBeDefined();
    expect(alarm).toMatchObject({ Namespace: DEFAULT_METRICS_NAMESPACE, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Statistic: 'Sum' });
    await ls.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: alarm!.AlarmName, StateValue: 'OK', StateReason: `reset by ${RUN}` }));

    // WHEN the runtime's metric reports dead letters of that reason
    const put = (reason: string, value: number) =>
      ls.cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: DEFAULT_METRICS_NAMESPACE,
          MetricData: [{ MetricName: METRIC.deadLettered, Dimensions: [{ Name: DIMENSION.queue, Value: queueName }, { Name: DIMENSION.reason, Value: reason }], Value: value, Unit: 'Count', Timestamp: new Date() }],
        }),
      );
    const putAt = new Date();
    // THEN it goes to ALARM (the datapoints go on until it does: an evaluation may fall between two)
    const fired = await eventually('the dead-letters-by-reason alarm in ALARM', async () => {
      await put('too-large', 2);
      const a = (await ls.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarm!.AlarmName!] }))).MetricAlarms?.[0];
      return a?.StateValue === 'ALARM' && a.StateUpdatedTimestamp! >= putAt ? a : undefined;
    }, 180_000, 10_000);
    expect(fired.StateReason).toMatch(/Threshold Crossed/);
  });
});
