/**
 * The throttle storm's mechanics (test/e2e/throttleStorm.test.ts, and on the Python consumer in
 * test/e2e/pythonFlow.test.ts): a token-bucket proxy in front of the deployed consumer's Step
 * Functions calls, `messages` demo messages failing twice, drained until each has an outcome.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { DemoBody, demoMessage } from '../../scripts/flow/demoMessage';
import { drainOnce } from '../../scripts/flow/drainQueue';
import { MessageLedger } from '../../scripts/flow/messageLedger';
import { sendMessages } from '../../scripts/flow/sendMessages';
import { DemoOutputs } from '../../scripts/flow/stackOutputs';
import { runTag } from './e2eClients';
import { ConsumerEnvironment, Environment, listExecutions } from './faultInjection';
import { ThrottleProxy } from './throttleProxy';

export const STORM_FAIL_TIMES = 2;
const START_EXECUTION = 'AWSStepFunctions.StartExecution';
const DEADLINE_MS = 150_000;
const CHUNK = 100;

export interface Storm {
  readonly ledger: MessageLedger;
  readonly ids: readonly string[];
  /** When each id's chunk started sending: a lower bound of its send time. */
  readonly sentAt: ReadonlyMap<string, number>;
  readonly elapsedSeconds: number;
  /** Retry state machine executions started during the storm: the retries Step Functions carried. */
  readonly executions: number;
  /** StartExecution calls the proxy answered ThrottlingException, and those it let through. */
  readonly throttled: number;
  readonly forwarded: number;
  /** The distinct execution names among the forwarded calls: a retried forward starts nothing new. */
  readonly forwardedNames: number;
  /** The consumer's environment before the storm (restored after it). */
  readonly original: Environment;
}

export interface StormOptions {
  readonly sqs: SQSClient;
  readonly sfn: SFNClient;
  readonly lambda: LambdaClient;
  readonly endpoint: string;
  readonly outputs: DemoOutputs;
  readonly messages: number;
}

/** Points the consumer at the proxy (bucket 20, refill 5/s), runs the storm, restores the consumer. */
export async function throttleStorm(options: StormOptions): Promise<Storm> {
  const consumer = new ConsumerEnvironment(options.lambda, options.outputs.ConsumerFunctionName);
  const proxy = await ThrottleProxy.start({ upstream: options.endpoint, throttledTarget: START_EXECUTION, bucketSize: 20, refillPerSecond: 5 });
  try {
    const original = await consumer.read();
    await consumer.write({ ...original, AWS_ENDPOINT_URL: proxy.endpoint });
    try {
      const storm = await runStorm(options);
      return { ...storm, original, throttled: proxy.throttled, forwarded: proxy.forwardedCount(START_EXECUTION), forwardedNames: proxy.forwardedNames.size };
    } finally {
      await consumer.write(original);
    }
  } finally {
    await proxy.stop();
  }
}

/** Retries the processed messages needed: attempt − 1 each. */
export function retriesNeeded(storm: Storm): number {
  return storm.ids.reduce((sum, id) => sum + Math.max(0, (storm.ledger.processedReports(id)[0]?.attempt ?? 1) - 1), 0);
}

/** Sends in chunks (each chunk's start is its ids' earliest send time) and drains outcomes until every id has one. */
async function runStorm({ sqs, sfn, outputs, messages }: StormOptions): Promise<Omit<Storm, 'throttled' | 'forwarded' | 'forwardedNames' | 'original'>> {
  const tag = runTag('storm');
  const bodies: DemoBody[] = Array.from({ length: messages }, (_, i) => ({ id: `${tag}-${i}`, failTimes: STORM_FAIL_TIMES }));
  const ids = bodies.map((body) => body.id);
  const ledger = new MessageLedger();
  ledger.markSent(ids);
  const sentAt = new Map<string, number>();
  const started = Date.now();
  for (let i = 0; i < bodies.length; i += CHUNK) {
    const chunk = bodies.slice(i, i + CHUNK);
    const at = Date.now();
    for (const body of chunk) sentAt.set(body.id, at);
    await sendMessages(sqs, outputs.QueueUrl, chunk.map(demoMessage));
  }
  const busy = () => ledger.outstanding().length > 0 && Date.now() - started < DEADLINE_MS;
  // Several receivers: one long-polling receive returns at most 10 messages, and the consumer reports faster than that.
  const drain = async (queueUrl: string, record: (message: Message) => unknown) => {
    while (busy()) for (const message of await drainOnce(sqs, queueUrl, 1)) record(message);
  };
  await Promise.all([
    ...Array.from({ length: 4 }, () => drain(outputs.ProcessedQueueUrl, (message) => ledger.recordProcessed(message))),
    drain(outputs.DeadLetterQueueUrl, (message) => ledger.recordDeadLetter(message)),
  ]);
  const elapsedSeconds = (Date.now() - started) / 1000;
  const executions = (await listExecutions(sfn, outputs.StateMachineArn)).filter((execution) => execution.startDate!.getTime() >= started).length;
  return { ledger, ids, sentAt, elapsedSeconds, executions };
}
