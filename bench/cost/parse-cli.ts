import { Command, InvalidArgumentError, Option } from 'commander';
import { TRANSPORT_NAMES, type TransportName } from '../../lambda/contract';
import type { FailureModel } from './failure-model';
import { parseDistribution } from './parse-distribution';
import { policyFromOptions } from './policy-from-options';
import { DEFAULT_SCENARIO, type CostScenario } from './scenario';

export interface CostCli {
  readonly scenario: CostScenario;
  readonly json: boolean;
  /** `--transport`: price only this delay transport; absent: all of them side by side. */
  readonly transport?: TransportName;
}

/** Parses the arguments of `npm run cost` (argv without node and the script) into a scenario. */
export function parseCostCli(args: readonly string[]): CostCli {
  const d = DEFAULT_SCENARIO;
  const program = new Command('cost')
    .description('Monthly cost of the retry path: sqs-backoff vs EventBridge Scheduler vs plain SQS redelivery')
    .option('--messages <n>', 'messages per month', count, d.messages)
    .option('--failure-rate <x>', 'share of messages that fail at least once (0…1)', share, d.failureRate)
    .option('--policy <kind>', 'fixed | exponential | random | full-jitter | equal-jitter | decorrelated-jitter | step-functions', 'exponential')
    .option('--base <s>', 'base delay in seconds (default 2)', seconds)
    .option('--cap <s>', 'cap in seconds (default 300)', seconds)
    .option('--factor <x>', 'exponential factor (default 2)', seconds)
    .option('--step <s>', 'fixed/random step in seconds', seconds)
    .option('--interval <s>', 'step-functions IntervalSeconds (default 1)', seconds)
    .option('--rate <x>', 'step-functions BackoffRate (default 2)', seconds)
    .option('--max-delay <s>', 'step-functions MaxDelaySeconds', seconds)
    .option('--jitter <FULL|NONE>', 'step-functions JitterStrategy')
    .option('--max-attempts <n>', 'total processing attempts including the first', count, d.maxAttempts)
    .option('--fail-times <n>', 'every failing message fails exactly n times in a row, then succeeds', count)
    .option('--distribution <spec>', 'failures in a row per failing message: "1:0.6,2:0.25,always:0.15" or "geometric:0.5"')
    .option('--message-bytes <n>', 'message size (body + attributes) in bytes', count, d.messageBytes)
    .option('--batch-size <n>', 'messages per receive/delete/invocation on the retry path', count, d.batchSize)
    .option('--transitions-per-retry <n>', 'Standard state transitions per retry', count, d.transitionsPerRetry)
    .option('--no-xray', 'leave out X-Ray tracing of the retry state machine')
    .option('--no-metrics', 'leave out the runtime metrics (EMF lines, billed as logs ingested and custom metrics)')
    .option('--log-bytes-per-retry <n>', 'CloudWatch Logs bytes per retry execution (level ALL)', count, d.logBytesPerRetry)
    .option('--lambda-memory-mb <n>', 'consumer memory', count, d.lambda.memoryMb)
    .option('--lambda-ms <n>', 'consumer duration per extra attempt', count, d.lambda.durationMs)
    .addOption(new Option('--transport <name>', 'price one delay transport (default: all side by side)').choices(TRANSPORT_NAMES))
    .option('--fifo', 'a FIFO work queue (FIFO request price; auto waits by visibility timeout; sqs-delay not deployable)', false)
    .option('--json', 'print the comparison as JSON (its "transports" maps each transport to its monthly total in USD)', false)
    .addHelpText('after', '\nWithout --fail-times or --distribution every failing message fails every attempt (the worst case).')
    .exitOverride()
    .parse(args as string[], { from: 'user' });
  const o = program.opts();
  if (o.failTimes !== undefined && o.distribution !== undefined) {
    throw new InvalidArgumentError('give --fail-times or --distribution, not both');
  }
  const failures: FailureModel =
    o.failTimes !== undefined
      ? { kind: 'fixed', failTimes: o.failTimes }
      : o.distribution !== undefined
        ? parseDistribution(o.distribution)
        : d.failures;
  if (o.maxAttempts < 1 || o.batchSize < 1) throw new InvalidArgumentError('--max-attempts and --batch-size must be ≥ 1');
  return {
    json: o.json,
    ...(o.transport !== undefined ? { transport: o.transport as TransportName } : {}),
    scenario: {
      ...d,
      messages: o.messages,
      failureRate: o.failureRate,
      policy: policyFromOptions(o as never),
      maxAttempts: o.maxAttempts,
      failures,
      messageBytes: o.messageBytes,
      batchSize: o.batchSize,
      transitionsPerRetry: o.transitionsPerRetry,
      xrayTracing: o.xray,
      runtimeMetrics: o.metrics,
      logBytesPerRetry: o.logBytesPerRetry,
      lambda: { memoryMb: o.lambdaMemoryMb, durationMs: o.lambdaMs },
      fifo: o.fifo,
    },
  };
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`a whole number ≥ 0 (given ${value})`);
  return n;
}

function share(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError(`a number between 0 and 1 (given ${value})`);
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`a number ≥ 0 (given ${value})`);
  return n;
}
