import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { TransportName } from '../../lambda/contract';
import type * as Runtime from '../../lambda/runtime';
import type { StubClients } from './stub-clients';

const SILENT: Runtime.BackoffLogger = { debug() {}, info() {}, warn() {}, error() {} };
/** The last metrics line, kept so that building it cannot be optimized away. */
export let lastMetricsLine = '';

/**
 * `withBackoff` around the no-op handler (throws `failure` for the failing ids), with stub
 * clients, configuration in code and a silent logger: the default JsonLogger would write one
 * JSON line per parked message, which Powertools does not do.
 *
 * @param runtime the runtime module: its esbuild bundle, as deployed
 * @param transport the delay transport that parks the failures (the stubs answer every call)
 */
export function oursHandler(
  runtime: typeof Runtime,
  failing: ReadonlySet<string>,
  failure: Error,
  clients: StubClients,
  transport: TransportName = 'step-functions',
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  // Named, so that a CPU profile shows it as such (same name as the Powertools one).
  const noOpHandler = async (message: Runtime.BackoffMessage): Promise<void> => {
    if (failing.has(message.messageId)) throw failure;
  };
  return runtime.withBackoff(noOpHandler, {
    clients: { sfn: clients.sfn, sqs: clients.sqs },
    logger: SILENT,
    // Metrics on: the invocation's EMF line is built and serialized as in Lambda, then dropped
    // instead of written, as the silent logger drops the decision lines.
    writeMetrics: (line: string) => {
      lastMetricsLine = line;
    },
    config: {
      policy: { kind: 'exponential', base: 2, cap: 300 },
      maxAttempts: 5,
      maxReceiveCount: 10,
      queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/bench-work',
      deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/bench-dlq',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:bench-retry',
      transport,
    },
  });
}
