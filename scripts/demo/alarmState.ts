import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';

/** The state of one alarm by name, or a sentence saying why it is unknown. */
export async function alarmState(cloudwatch: CloudWatchClient, alarmName: string | undefined): Promise<string> {
  if (!alarmName) return 'unknown (no alarm name in the stack outputs)';
  try {
    const { MetricAlarms = [] } = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }));
    const alarm = MetricAlarms[0];
    if (!alarm) return `unknown (alarm ${alarmName} not found)`;
    return `${alarm.StateValue}${alarm.StateReason ? ` — ${alarm.StateReason}` : ''}`;
  } catch (error) {
    return `unknown (${(error as Error).name}: ${(error as Error).message})`;
  }
}

/** The alarm's state once it has left INSUFFICIENT_DATA, or whatever it is after `timeoutMs`. */
export async function settledAlarmState(cloudwatch: CloudWatchClient, alarmName: string | undefined, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await alarmState(cloudwatch, alarmName);
    if (!state.startsWith('INSUFFICIENT_DATA') || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
