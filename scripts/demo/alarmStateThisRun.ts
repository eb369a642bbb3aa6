import { CloudWatchClient, DescribeAlarmsCommand, MetricAlarm } from '@aws-sdk/client-cloudwatch';

const OPERATOR: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '≥',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

/**
 * An alarm's state as of this run. CloudWatch rewrites `StateReason` only when the state changes,
 * so a second demo run finds the first run's reason ("… Maximum 4.0") beside this run's DLQ depth;
 * a state older than the run is shown with this run's value against the threshold instead.
 *
 * @param now what this run measured for the alarm's metric, e.g. `DLQ depth 10`
 */
export function describeAlarmThisRun(alarm: MetricAlarm, runStartedAt: Date, now: string): string {
  const state = alarm.StateValue ?? 'UNKNOWN';
  const changed = alarm.StateUpdatedTimestamp;
  if (changed !== undefined && changed.getTime() >= runStartedAt.getTime()) {
    return `${state}${alarm.StateReason ? ` — ${alarm.StateReason}` : ''}`;
  }
  const threshold = alarm.Threshold !== undefined ? ` (threshold ${OPERATOR[alarm.ComparisonOperator ?? ''] ?? alarm.ComparisonOperator ?? ''} ${alarm.Threshold})` : '';
  const since = changed !== undefined ? `since ${changed.toISOString().slice(11, 19)} UTC, before this run` : 'since before this run';
  return `${state} ${since} — now ${now}${threshold}`;
}

/** The alarm once it has left INSUFFICIENT_DATA (or whatever it is after `timeoutMs`), described as of this run. */
export async function alarmStateThisRun(
  cloudwatch: CloudWatchClient,
  alarmName: string | undefined,
  runStartedAt: Date,
  now: string,
  timeoutMs = 15_000,
): Promise<string> {
  if (!alarmName) return 'unknown (no alarm name in the stack outputs)';
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let alarm: MetricAlarm | undefined;
    try {
      alarm = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }))).MetricAlarms?.[0];
    } catch (error) {
      return `unknown (${(error as Error).name}: ${(error as Error).message})`;
    }
    if (!alarm) return `unknown (alarm ${alarmName} not found)`;
    if (alarm.StateValue !== 'INSUFFICIENT_DATA' || Date.now() > deadline) return describeAlarmThisRun(alarm, runStartedAt, now);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
