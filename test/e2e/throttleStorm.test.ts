/**
 * The throttle storm (issue 10, must-show): a token-bucket proxy on loopback answers the deployed
 * consumer's StartExecution with ThrottlingException above 20 requests, refilled at 5 per second
 * (real AWS: 800–1,300, refilled at 150–300 per second, reached by a scaled-out consumer), while
 * 1,000 messages fail twice. With the default transport (step-functions and its visibility-timeout
 * fallback) every park Step Functions refuses becomes a visibility timeout of the same delay on
 * the same message: backoff, not redrive.
 *
 * The consumer's AWS_ENDPOINT_URL is pointed at the proxy with UpdateFunctionConfiguration (its
 * other variables kept, all of them restored afterwards). Only its Step Functions calls pass the
 * proxy: the SQS client sends each call to its QueueUrl's host (the emulator) when no endpoint is
 * configured in code, so the ChangeMessageVisibility calls of the fallback are counted from the
 * other side: every retry the state machine did not carry. The demo stack's policy: exponential,
 * base 1 s, cap 8 s, 4 attempts, so a message failing twice waits 2 s and then 4 s.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../lambda/contract';
import { DemoBody, demoMessage } from '../../scripts/flow/demoMessage';
import { drainOnce } from '../../scripts/flow/drainQueue';
import { MessageLedger } from '../../scripts/flow/messageLedger';
import { sendMessages } from '../../scripts/flow/sendMessages';
import { e2eContext, runTag } from '../helpers/e2eClients';
import { ConsumerEnvironment, Environment, listExecutions } from '../helpers/faultInjection';
import { ThrottleProxy } from '../helpers/throttleProxy';

const MESSAGES = 1_000;
const FAIL_TIMES = 2;
/** The demo policy's waits after failures 1 and 2. */
const TOTAL_WAIT_SECONDS = 2 + 4;
const START_EXECUTION = 'AWSStepFunctions.StartExecution';
const DEADLINE_MS = 150_000;
const CHUNK = 100;

interface Storm {
  readonly ledger: MessageLedger;
  readonly ids: readonly string[];
  /** When each id's chunk started sending: a lower bound of its send time. */
  readonly sentAt: ReadonlyMap<string, number>;
  readonly elapsedSeconds: number;
  /** Retry state machine executions started during the storm: the retries Step Functions carried. */
  readonly executions: number;
}

describe(`a StartExecution throttle storm (bucket 20, refill 5/s): ${MESSAGES} messages failing ${FAIL_TIMES} times`, () => {
  const { sqs, sfn, outputs, endpoint } = e2eContext();
  const lambda = new LambdaClient({ endpoint, region: process.env.AWS_REGION ?? 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const consumer = new ConsumerEnvironment(lambda, outputs.ConsumerFunctionName);
  let proxy: ThrottleProxy;
  let original: Environment;
  let storm: Storm;

  beforeAll(async () => {
    proxy = await ThrottleProxy.start({ upstream: endpoint, throttledTarget: START_EXECUTION, bucketSize: 20, refillPerSecond: 5 });
    original = await consumer.read();
    await consumer.write({ ...original, AWS_ENDPOINT_URL: proxy.endpoint });
    try {
      storm = await runStorm();
    } finally {
      await consumer.write(original);
    }
    const totals = storm.ledger.totals();
    const onAttempt3 = storm.ids.filter((id) => storm.ledger.processedReports(id)[0]?.attempt === FAIL_TIMES + 1).length;
    console.log(
      `throttle storm: ${MESSAGES} messages failing ${FAIL_TIMES} times in ${storm.elapsedSeconds.toFixed(1)} s; ` +
        `StartExecution answered ThrottlingException ${proxy.throttled} times (SDK retries included), forwarded ${proxy.forwardedCount(START_EXECUTION)}; ` +
        `retries carried by Step Functions ${storm.executions}, by the visibility-timeout fallback ${retriesNeeded() - storm.executions}; ` +
        `processed ${totals.processed} (${onAttempt3} on attempt 3), dead-lettered ${totals.deadLettered}, lost ${totals.lost}, duplicates ${totals.duplicates}`,
    );
  }, 300_000);

  afterAll(async () => {
    await proxy?.stop();
  });

  /** Retries the processed messages needed: attempt − 1 each. */
  function retriesNeeded(): number {
    return storm.ids.reduce((sum, id) => sum + Math.max(0, (storm.ledger.processedReports(id)[0]?.attempt ?? 1) - 1), 0);
  }

  /** Sends in chunks (each chunk's start is its ids' earliest send time) and drains outcomes until every id has one. */
  async function runStorm(): Promise<Storm> {
    const tag = runTag('storm');
    const bodies: DemoBody[] = Array.from({ length: MESSAGES }, (_, i) => ({ id: `${tag}-${i}`, failTimes: FAIL_TIMES }));
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

  it('runs against the default transport: step-functions with the visibility fallback on', () => {
    expect(original[ENV.transport] ?? 'step-functions').toBe('step-functions');
    expect(original[ENV.visibilityFallback] ?? 'true').toBe('true');
  });

  it('really throttled StartExecution (most parks were refused)', () => {
    expect(proxy.throttled).toBeGreaterThan(MESSAGES);
  });

  it('loses nothing: every message ends processed or dead-lettered', () => {
    expect(storm.ledger.outstanding().filter((id) => storm.sentAt.has(id))).toEqual([]);
  });

  it('processes at least 99 % on attempt 3, after its two backoff waits', () => {
    const onAttempt3 = storm.ids.filter((id) => storm.ledger.processedReports(id)[0]?.attempt === FAIL_TIMES + 1);
    expect(onAttempt3.length).toBeGreaterThanOrEqual(Math.ceil(MESSAGES * 0.99));
  });

  it('gives every dead-lettered message a reason (none moved by SQS redrive without x-backoff)', () => {
    const deadLetters = storm.ids.flatMap((id) => storm.ledger.deadLetters(id));
    expect(deadLetters.filter((entry) => entry.reason === undefined).map((entry) => entry.id)).toEqual([]);
  });

  it(`processes no message before its waits (${TOTAL_WAIT_SECONDS} s) have passed since it was sent`, () => {
    const early = storm.ids.filter((id) => {
      const report = storm.ledger.processedReports(id)[0];
      return report !== undefined && (Date.parse(report.processedAt) - storm.sentAt.get(id)!) / 1000 < TOTAL_WAIT_SECONDS - 0.3;
    });
    expect(early).toEqual([]);
  });

  it('carried by Step Functions exactly the parks the proxy let through, and every other retry by the visibility-timeout fallback', () => {
    expect(storm.executions).toBe(proxy.forwardedCount(START_EXECUTION));
    expect(retriesNeeded() - storm.executions).toBeGreaterThan(MESSAGES);
  });
});
