/**
 * Every price the cost model uses, in one frozen place. US East (N. Virginia), on-demand, USD.
 *
 * Sources (as of 2026-11-23, the transport rows re-checked 2026-12-02):
 * - SQS requests, Step Functions Standard transitions, Step Functions Express requests: the
 *   "Limits to respect (AWS, 2026)" section of SPEC.md, which quotes the AWS pricing pages.
 * - Looked up 2026-12-02 for the delay transports (stored copies of the pages, read with the
 *   project's search tool):
 *   https://aws.amazon.com/step-functions/pricing/ — "$0.025 per 1,000 state transitions",
 *   US East (N. Virginia) $0.0250, retries billed as extra transitions; StartExecution itself is
 *   not a billed item of Standard workflows.
 *   https://aws.amazon.com/sqs/features/ — "each 64 KB chunk of a payload is billed as one
 *   request (a 256 KB payload is 4 requests)".
 *   https://cloudburn.io/blog/amazon-sqs-pricing (March 2026) and
 *   https://www.factualminds.com/blog/amazon-sqs-pricing-64kb-rule-fifo-vs-standard/ (June 2026),
 *   both quoting https://aws.amazon.com/sqs/pricing/ for us-east-1: Standard $0.40/M requests
 *   (first 100 B/month), FIFO $0.50/M; send, receive, delete and ChangeMessageVisibility are all
 *   billed requests. The SQS pricing page itself was not among the stored pages.
 * - Everything else is from the public AWS pricing pages as the author knew them on that date
 *   (not fetched by this tool; check before you rely on a figure):
 *   https://aws.amazon.com/sqs/pricing/ · https://aws.amazon.com/step-functions/pricing/ ·
 *   https://aws.amazon.com/eventbridge/pricing/ (Scheduler) · https://aws.amazon.com/lambda/pricing/ ·
 *   https://aws.amazon.com/xray/pricing/ · https://aws.amazon.com/cloudwatch/pricing/
 *
 * GB means 2^30 bytes throughout, as AWS bills data and memory.
 *
 * Free tiers are listed for reference only; the model prices the marginal cost of the retry
 * path, so it never subtracts them (they are shared with everything else in the account).
 */
export const PRICES = Object.freeze({
  asOf: '2026-12-02',
  region: 'us-east-1',

  /** SQS standard queue, per million requests (after the first 1 M free per month). */
  sqsPerMillionRequests: 0.4,
  /** SQS FIFO queue, per million requests (send, receive, delete, ChangeMessageVisibility alike). */
  sqsFifoPerMillionRequests: 0.5,
  /** SQS bills every 64 KiB chunk of a request's payload as one request. */
  sqsChunkBytes: 64 * 1024,

  /** Step Functions Standard, per million state transitions ($0.025 per 1,000). */
  sfnStandardPerMillionTransitions: 25,

  /** Step Functions Express, per million requests (executions started). */
  sfnExpressPerMillionRequests: 1,
  /** Step Functions Express duration, per GB-second (first 1,000 GB-hours per month; later tiers are cheaper). */
  sfnExpressPerGbSecond: 0.00001667,
  /** Express memory is billed in 64 MB chunks; a small payload uses one. */
  sfnExpressMemoryMb: 64,
  /** Express duration is rounded up to the next 100 ms. */
  sfnExpressDurationStepMs: 100,
  /** Longest Express execution. */
  sfnExpressMaxSeconds: 300,

  /** EventBridge Scheduler, per million invocations (after the free tier). */
  schedulerPerMillionInvocations: 1,
  /** Scheduler bills every 64 KB chunk of a target payload as one invocation. */
  schedulerChunkBytes: 64 * 1024,

  /** X-Ray, per million traces recorded (the retry state machine has `tracingEnabled: true`). */
  xrayPerMillionTracesRecorded: 5,

  /** CloudWatch Logs ingestion (standard class, also vended logs' first tier), per GB. */
  cloudWatchLogsPerGbIngested: 0.5,
  /** CloudWatch custom metrics (EMF-extracted ones included), per metric-month (first 10,000). */
  cloudWatchCustomMetricPerMonth: 0.3,

  /** Lambda, per million requests. */
  lambdaPerMillionRequests: 0.2,
  /** Lambda x86 duration, per GB-second (first 6 billion GB-seconds per month). */
  lambdaPerGbSecond: 0.0000166667,

  freeTierPerMonth: Object.freeze({
    sqsRequests: 1_000_000,
    sfnStandardTransitions: 4_000,
    schedulerInvocations: 14_000_000,
    lambdaRequests: 1_000_000,
    lambdaGbSeconds: 400_000,
    xrayTracesRecorded: 100_000,
  }),
});

export type Prices = typeof PRICES;
