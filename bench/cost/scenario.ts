import type { PolicySpec } from '../../lambda/backoff';
import type { FailureModel } from './failure-model';

/** A month of traffic through one queue, and how the retry path is configured. */
export interface CostScenario {
  /** Messages sent to the work queue per month. */
  readonly messages: number;
  /** Share of messages that fail at least once (0…1). */
  readonly failureRate: number;
  readonly policy: PolicySpec;
  /** Total processing attempts including the first. */
  readonly maxAttempts: number;
  readonly failures: FailureModel;
  /** Body + attributes of one message, in bytes (SQS and Scheduler bill per 64 KiB chunk). */
  readonly messageBytes: number;
  /** Messages per ReceiveMessage / DeleteMessageBatch / Lambda invocation on the retry path. */
  readonly batchSize: number;
  /** Step Functions Standard state transitions per trip through the retry state machine. */
  readonly transitionsPerRetry: number;
  /** The consumer Lambda that processes each extra attempt; the same in every design. */
  readonly lambda: { readonly memoryMb: number; readonly durationMs: number };
  /**
   * Whether the retry state machine's executions are traced with X-Ray (the construct sets
   * `tracingEnabled: true`); every execution is assumed sampled, an upper bound (the default
   * sampling rule records 1 per second plus 5 % of the rest).
   */
  readonly xrayTracing: boolean;
  /**
   * Bytes the retry state machine's execution log ingests into CloudWatch Logs per execution.
   * The construct logs level ALL without execution data: ~10 events (started, wait
   * entered/exited, task entered/scheduled/started/submitted/succeeded/exited, succeeded) of
   * ~350 B each.
   */
  readonly logBytesPerRetry: number;
  /**
   * Whether the consumer writes the runtime's metrics (one EMF line per invocation, billed as logs
   * ingested and as custom metrics); only sqs-backoff's own designs have them.
   */
  readonly runtimeMetrics: boolean;
  /** Express variant only: how long the SendMessage task after the Wait runs. */
  readonly sendTaskMs: number;
  /**
   * A FIFO work queue: SQS requests cost the FIFO price, `auto` waits by visibility timeout and
   * `sqs-delay` cannot be deployed (DelaySeconds is per queue on FIFO).
   */
  readonly fifo: boolean;
}

/** Defaults of `npm run cost` and of the cost row of `npm run bench`. */
export const DEFAULT_SCENARIO: CostScenario = Object.freeze({
  messages: 1_000_000,
  failureRate: 0.1,
  policy: Object.freeze({ kind: 'exponential', base: 2, cap: 300 }) as PolicySpec,
  maxAttempts: 5,
  failures: Object.freeze({ kind: 'always' }) as FailureModel,
  messageBytes: 1024,
  batchSize: 1,
  transitionsPerRetry: 2,
  xrayTracing: true,
  logBytesPerRetry: 3500,
  runtimeMetrics: true,
  lambda: Object.freeze({ memoryMb: 128, durationMs: 100 }),
  sendTaskMs: 100,
  fifo: false,
});
