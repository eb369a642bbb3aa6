/**
 * `sqs-backoff status <stack>`: one table with the work queue, the parked retries, the
 * dead-letter queue and the stack's alarms.
 */
import { DescribeAlarmsCommand, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { OpsContext } from './context';
import { EXIT, ExitCode } from './errors';
import { table } from './format';
import { listRunning } from './parked';
import { TransportName } from '../../lambda/contract';
import { HOME_TRAITS, RetryHome, retryHomes, stackTransport } from './stackTransport';
import { describeStack, OUTPUT, requireOutput, stackAlarmNames } from './stackOutputs';
import { RecentMetrics, recentMetrics, recentRows } from './recentMetrics';

export interface StatusOptions {
  readonly stack: string;
  readonly json?: boolean;
}

export interface QueueDepth {
  readonly url: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

/** Retries waiting in one place (a transport's home for them). */
export interface WaitingRetries {
  readonly home: RetryHome;
  readonly label: string;
  readonly count: number;
  /** Where the number comes from, and what else it counts. */
  readonly source: string;
}

export interface StatusReport {
  readonly stack: string;
  /** The stack's delay transport (output `Transport`; `step-functions` when absent). */
  readonly transport: TransportName;
  readonly queue: QueueDepth;
  /** RUNNING retry executions (0 when the transport uses no state machine). */
  readonly parked: number;
  /** Waiting retries, per place the transport keeps them. */
  readonly waiting: readonly WaitingRetries[];
  readonly deadLetter: QueueDepth;
  readonly alarms: readonly { readonly name: string; readonly state: string; readonly reason?: string }[];
  /** The `BackoffPolicy` and `MaxAttempts` outputs, when the stack exports them. */
  readonly policy?: string;
  readonly maxAttempts?: string;
  /** The runtime's metrics over the last 15 minutes (GetMetricData). */
  readonly recent: RecentMetrics;
}

export async function queueDepth(sqs: SQSClient, url: string): Promise<QueueDepth> {
  const attrs =
    (
      await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      )
    ).Attributes ?? {};
  const n = (key: string) => Number(attrs[key as keyof typeof attrs] ?? 0) || 0;
  return {
    url,
    visible: n('ApproximateNumberOfMessages'),
    inFlight: n('ApproximateNumberOfMessagesNotVisible'),
    delayed: n('ApproximateNumberOfMessagesDelayed'),
  };
}

export async function collectStatus(ctx: OpsContext, stack: string): Promise<StatusReport> {
  const { sqs, sfn, cfn, cloudwatch } = ctx.clients;
  const info = await describeStack(cfn, stack, { region: ctx.region });
  const queueUrl = requireOutput(info, OUTPUT.queueUrl);
  const dlqUrl = requireOutput(info, OUTPUT.deadLetterQueueUrl);
  const transport = stackTransport(info);
  const homes = retryHomes(transport, queueUrl.endsWith('.fifo'));
  const stateMachineArn = homes.includes('executions') ? requireOutput(info, OUTPUT.stateMachineArn) : undefined;
  const [queue, deadLetter, running, alarmNames] = await Promise.all([
    queueDepth(sqs, queueUrl),
    queueDepth(sqs, dlqUrl),
    stateMachineArn ? listRunning(sfn, stateMachineArn) : Promise.resolve([]),
    stackAlarmNames(cfn, info),
  ]);
  const recent = await recentMetrics(cloudwatch, queueUrl, ctx.clock.now());
  const counts: Record<RetryHome, number> = { executions: running.length, delayed: queue.delayed, 'not-visible': queue.inFlight };
  const waiting = homes.map((home): WaitingRetries => ({ home, label: HOME_TRAITS[home].label, count: counts[home], source: HOME_TRAITS[home].source }));
  const alarms: MetricAlarm[] = [];
  // DescribeAlarms takes at most 100 names per call.
  for (let i = 0; i < alarmNames.length; i += 100) {
    let token: string | undefined;
    do {
      const page = await cloudwatch.send(
        new DescribeAlarmsCommand({ AlarmNames: alarmNames.slice(i, i + 100), NextToken: token }),
      );
      alarms.push(...(page.MetricAlarms ?? []));
      token = page.NextToken;
    } while (token);
  }
  const found = new Map(alarms.map((a) => [a.AlarmName!, a]));
  return {
    stack: info.name,
    transport,
    waiting,
    ...(info.outputs.BackoffPolicy ? { policy: info.outputs.BackoffPolicy } : {}),
    ...(info.outputs.MaxAttempts ? { maxAttempts: info.outputs.MaxAttempts } : {}),
    queue,
    parked: running.length,
    deadLetter,
    recent,
    alarms: alarmNames.sort().map((name) => {
      const alarm = found.get(name);
      return alarm
        ? { name, state: alarm.StateValue ?? 'UNKNOWN', ...(alarm.StateReason ? { reason: alarm.StateReason } : {}) }
        : { name, state: 'MISSING' };
    }),
  };
}

export async function status(ctx: OpsContext, options: StatusOptions): Promise<ExitCode> {
  const report = await collectStatus(ctx, options.stack);
  if (options.json) {
    ctx.out.out(JSON.stringify(report, null, 2));
    return EXIT.ok;
  }
  const t = table(['', 'value', 'detail']);
  t.push(
    ['work queue: waiting', report.queue.visible, 'ApproximateNumberOfMessages'],
    ['work queue: in flight', report.queue.inFlight, 'ApproximateNumberOfMessagesNotVisible'],
    ['work queue: delayed', report.queue.delayed, 'ApproximateNumberOfMessagesDelayed'],
  );
  for (const w of report.waiting) t.push([`parked retries (${w.label})`, w.count, w.source]);
  t.push(
    ['dead-letter queue', report.deadLetter.visible, `+ ${report.deadLetter.inFlight} in flight`],
  );
  for (const row of recentRows(report.recent)) t.push(row);
  if (report.alarms.length === 0) {
    t.push(['alarms', '-', 'none found in the stack outputs or resources']);
  }
  for (const alarm of report.alarms) {
    t.push(['alarm', alarm.state, alarm.state === 'MISSING' ? `${alarm.name} (not in CloudWatch)` : alarm.name]);
  }
  const policy = report.policy ? `, policy ${report.policy}` : '';
  const attempts = report.maxAttempts ? `, max attempts ${report.maxAttempts}` : '';
  ctx.out.out(`stack ${report.stack}, transport ${report.transport}${policy}${attempts}`);
  ctx.out.out(t.toString());
  return EXIT.ok;
}
