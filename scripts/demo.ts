/**
 * `npm run demo`: the main job. Starts the local emulator, deploys the example app, sends a mixed
 * batch, follows every attempt live and ends with a summary. Exits 1 if any message was lost.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsConfigured } from '../bin/ops/localProfile';
import { quietSdkNodeNotice } from '../bin/ops/quietSdkNotice';
import { alarmStateThisRun } from './demo/alarmStateThisRun';
import { isLocalEndpoint, readQueueDepthMetric } from './flow/queueDepthMetric';
import { demoScenario } from './demo/demoScenario';
import { DEFAULT_STACK, deployLocal, parseContextArgs } from './deployLocal';
import { ensureEmulator } from './emulator/emulator';
import { percentile } from '../bin/ops/schedule';
import { runFlow } from './flow/runFlow';
import { formatCounts } from './flow/parkDecisions';
import { emfCounts, total } from './flow/emfCounts';
import { ParkEvent } from './flow/parkLogWatcher';
import { retryCarrier } from './demo/retryCarrier';
import { assertDemoOutputs } from './flow/stackOutputs';

const DEADLINE_MS = 4 * 60_000;

async function main(): Promise<number> {
  quietSdkNodeNotice();
  // Decided before ensureEmulator() fills in the emulator's variables: with no AWS configuration of
  // their own, ops finds the emulator through .sqs-backoff/local.json and the plain hint works.
  const ownAwsConfig = awsConfigured(process.env);
  const runStartedAt = new Date();
  // Left running afterwards, so that `npm run ops -- status SqsBackoffDemo` can look at the stack.
  const emulator = await ensureEmulator({ detached: true });
  {
    const contextArgs = process.argv.slice(2);
    const stackName = parseContextArgs(contextArgs).stackName ?? DEFAULT_STACK;
    const outputs = assertDemoOutputs(await deployLocal({ contextArgs }));
    const clients = { sqs: new SQSClient({}), sfn: new SFNClient({}), cloudwatch: new CloudWatchClient({}) };
    const lambda = new LambdaClient({});
    const bodies = demoScenario(`demo${Date.now().toString(36)}`);
    const sentIds = new Set(bodies.map((body) => body.id));
    const sentAt = Date.now();
    const clock = () => `+${((Date.now() - sentAt) / 1000).toFixed(1).padStart(5)}s`;

    console.log(`\ntransport: ${retryCarrier(outputs)}`);
    console.log(`sending ${bodies.length} messages to ${outputs.QueueUrl}`);
    for (const body of bodies) console.log(`  ${body.id.padEnd(28)} ${describe(body)}`);
    console.log('');

    const result = await runFlow({
      ...clients,
      outputs,
      bodies,
      deadlineMs: DEADLINE_MS,
      // Dead letters stay on the DLQ: the DLQ alarm should see them, and `sqs-backoff dlq peek` too.
      keepDeadLetters: true,
      parkLog: { lambda, endpoint: emulator.endpoint },
      // Step Functions parks show as their executions (below, timed); every other carrier, a
      // fallback included, only in the consumer's own log line.
      onPark: (park) => {
        if (park.transport !== 'step-functions') console.log(`${clock()} retry   ${park.id.padEnd(28)} ${scheduled(park)}`);
      },
      onRetry: (event) =>
        console.log(
          event.observedSeconds === undefined
            ? `${clock()} retry   ${event.id.padEnd(28)} attempt ${event.nextAttempt} scheduled in ${event.scheduledSeconds}s via ${retryCarrier(outputs, event.scheduledSeconds)}`
            : `${clock()} requeue ${event.id.padEnd(28)} attempt ${event.nextAttempt} after ${event.observedSeconds.toFixed(2)}s (scheduled ${event.scheduledSeconds}s, ${event.status})`,
        ),
      onProcessed: (report) => console.log(`${clock()} done    ${report.id.padEnd(28)} on attempt ${report.attempt}`),
      // Earlier runs' dead letters stay on the DLQ (peeked, not taken): only this run's are news.
      onDeadLetter: (entry) =>
        sentIds.has(entry.id) &&
        console.log(`${clock()} DLQ     ${entry.id.padEnd(28)} reason ${entry.reason} after ${entry.attempts} attempt(s)`),
    });

    const totals = result.ledger.totals();
    const outcomes = result.ledger.outcomeCounts();
    // The consumer's own metrics (EMF lines in its log group), held to what the messages did.
    const emf = await emfCounts({ lambda, endpoint: emulator.endpoint }, outputs.ConsumerFunctionName, sentAt - 1_000,
      (c) => c.processed >= outcomes.processed && total(c.deadLetteredByReason) >= total(outcomes.deadLetteredByReason) && total(c.parkedByTransport) >= outcomes.parks);
    const addsUp = emf.processed === outcomes.processed && total(emf.parkedByTransport) === outcomes.parks &&
      formatCounts(emf.deadLetteredByReason) === formatCounts(outcomes.deadLetteredByReason);
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // peeked dead letters become visible again
    const dlq = await readQueueDepthMetric(clients.cloudwatch, clients.sqs, outputs.DeadLetterQueueUrl, {
      standIn: isLocalEndpoint(emulator.endpoint),
    });
    const dlqAlarm = () => alarmStateThisRun(clients.cloudwatch, outputs.DeadLetterMessagesAlarmName, runStartedAt, `DLQ depth ${dlq.queueDepth}`);
    const errors = result.retries
      .filter((event) => event.observedSeconds !== undefined)
      .map((event) => Math.abs(event.observedSeconds! - event.scheduledSeconds))
      .sort((a, b) => a - b);
    const summary: [string, string | number][] = [
      ['sent', totals.sent],
      ['processed', totals.processed],
      ['transport', retryCarrier(outputs)],
      ['retried (by carrier)', carriers(result.retries.length, result.parks)],
      ['dead-lettered', totals.deadLettered],
      ['lost', totals.lost],
      ['duplicates (at-least-once)', totals.duplicates],
      ['retry timing error p50', timingError(errors, 50)],
      ['retry timing error p95', timingError(errors, 95)],
      ['elapsed', `${(result.elapsedMs / 1000).toFixed(1)} s`],
      ['metrics: processed', `${emf.processed} (messages: ${outcomes.processed})`],
      ['metrics: parked', `${formatCounts(emf.parkedByTransport)} (messages: ${outcomes.parks} retries)`],
      ['metrics: dead-lettered', `${formatCounts(emf.deadLetteredByReason)} (messages: ${formatCounts(outcomes.deadLetteredByReason)})`],
      ['metrics: fallbacks', formatCounts(emf.fallbacksByCause)],
      ['metrics add up', `${addsUp ? 'yes' : 'NO'} (${emf.lines} EMF lines in the consumer's log group)`],
      ['DLQ depth', String(dlq.queueDepth)],
      ['DLQ alarm', `${await dlqAlarm()}${dlq.source === 'stand-in' ? ' (the emulator publishes no AWS/SQS metrics: fed the DLQ depth in their stead)' : ''}`],
    ];
    console.log('\nsummary');
    for (const [name, value] of summary) console.log(`  ${name.padEnd(28)} ${value}`);
    if (totals.lost > 0) console.error(`\nLOST: ${result.ledger.outstanding().join(', ')}`);
    const hint = ownAwsConfig
      ? `npm run ops -- status ${stackName} --endpoint-url ${emulator.endpoint} --region ${process.env.AWS_REGION}`
      : `npm run ops -- status ${stackName}`;
    console.log(`\nthe emulator keeps running at ${emulator.endpoint}: try \`${hint}\`; stop it with \`npm run emulator:stop\``);
    return totals.lost > 0 ? 1 : 0;
  }
}

/**
 * `12 (step-functions 10, visibility-timeout 2 after step-functions-throttled)`: Step Functions
 * retries counted from their executions (they need no log line), the rest from the consumer's log.
 */
function carriers(executions: number, parks: readonly ParkEvent[]): string {
  const counts: Record<string, number> = {};
  if (executions > 0) counts['step-functions'] = executions;
  for (const park of parks) {
    if (park.transport === 'step-functions') continue;
    const carrier = park.fallback === undefined ? park.transport : `${park.transport} after ${park.fallback}`;
    counts[carrier] = (counts[carrier] ?? 0) + 1;
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return total === 0 ? '0' : `${total} (${formatCounts(counts)})`;
}

/** `attempt 2 scheduled in 1s via sqs-delay` (`… via visibility-timeout, fallback step-functions-throttled`). */
function scheduled(park: ParkEvent): string {
  return `attempt ${park.attempt + 1} scheduled in ${park.delaySeconds}s via ${park.transport}${park.fallback === undefined ? '' : `, fallback ${park.fallback}`}`;
}

/** Only a Step Functions execution shows when its wait ended; other carriers cannot be timed from outside. */
function timingError(errors: readonly number[], p: number): string {
  return errors.length === 0 ? 'n/a (only Step Functions retries are timed from outside)' : `${percentile(errors, p).toFixed(2)} s`;
}

function describe(body: { failTimes?: number; poison?: boolean; retryAfter?: number | string }): string {
  if (body.poison) return 'poison: non-retryable at once';
  if (body.retryAfter !== undefined) return `asks to retry after ${body.retryAfter}s (RetryAfterError), then succeeds`;
  if (body.failTimes === undefined) return 'succeeds first time';
  if (body.failTimes >= 1_000) return 'fails forever: dead-lettered when exhausted';
  return `fails ${body.failTimes} time(s), then succeeds`;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`demo failed: ${(error as Error).message}`);
    process.exit(2);
  },
);
