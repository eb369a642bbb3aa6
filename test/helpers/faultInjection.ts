/**
 * Fault injection and observation for the end-to-end fault tests (test/e2e/faults.test.ts):
 * change the deployed consumer's environment through the Lambda API, invoke it directly with a
 * realistic SQS event, and watch the processed and dead-letter queues for the whole file.
 */
import { randomUUID } from 'node:crypto';
import {
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { ExecutionListItem, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { ENV } from '../../lambda/contract';
import { ProcessedReport } from '../../scripts/flow/demoMessage';
import { drainOnce } from '../../scripts/flow/drainQueue';
import { sqsRecord } from './sqsRecord';

/** The environment variables of a function, as Lambda reports them. */
export type Environment = Record<string, string>;

/** Reads, replaces and restores the environment of one deployed function. */
export class ConsumerEnvironment {
  constructor(
    private readonly lambda: LambdaClient,
    readonly functionName: string,
  ) {}

  async read(): Promise<Environment> {
    const config = await this.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: this.functionName }));
    return { ...config.Environment?.Variables };
  }

  /** Replaces the whole environment and waits until Lambda reports the update done. */
  async write(variables: Environment): Promise<void> {
    await this.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: this.functionName, Environment: { Variables: variables } }));
    const result = await waitUntilFunctionUpdatedV2(
      { client: this.lambda, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
      { FunctionName: this.functionName },
    );
    if (result.state !== 'SUCCESS') throw new Error(`the update of ${this.functionName} did not finish: ${result.state} ${JSON.stringify(result.reason)}`);
  }

  /**
   * Runs `body` with `overrides` merged over the current environment; the original comes back
   * afterwards even when `body` throws.
   */
  async withFault<T>(overrides: Partial<Record<keyof typeof ENV, string>>, body: () => Promise<T>): Promise<T> {
    const original = await this.read();
    const faulty = { ...original };
    for (const [key, value] of Object.entries(overrides)) faulty[ENV[key as keyof typeof ENV]] = value!;
    await this.write(faulty);
    try {
      return await body();
    } finally {
      await this.write(original);
    }
  }
}

/** Invokes the function synchronously with an SQS event; fails on a function error. */
export async function invokeWithSqsEvent(lambda: LambdaClient, functionName: string, event: SQSEvent): Promise<SQSBatchResponse> {
  const response = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)) }),
  );
  const payload = Buffer.from(response.Payload ?? new Uint8Array()).toString('utf8');
  if (response.FunctionError !== undefined) throw new Error(`${functionName} failed (${response.FunctionError}): ${payload}`);
  return JSON.parse(payload) as SQSBatchResponse;
}

/**
 * A record as the SQS event source mapping would deliver it from `queueArn`: a fresh UUID as
 * message id, a receipt handle, system attributes (receive count, timestamps, sender) and
 * message attributes in the Lambda event shape.
 */
export function deliveredRecord(options: {
  readonly queueArn: string;
  readonly body: string;
  readonly attributes?: SQSMessageAttributes;
  readonly messageId?: string;
  readonly receiveCount?: number;
}): SQSRecord {
  const record = sqsRecord({
    messageId: options.messageId ?? randomUUID(),
    body: options.body,
    attributes: options.attributes,
    receiveCount: options.receiveCount,
    firstReceivedAt: Date.now(),
    eventSourceARN: options.queueArn,
  });
  return { ...record, receiptHandle: `AQEB${randomUUID().replace(/-/g, '')}`, md5OfBody: '' };
}

/** Every execution of a state machine (all pages). */
export async function listExecutions(sfn: SFNClient, stateMachineArn: string): Promise<ExecutionListItem[]> {
  const all: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000, nextToken }));
    all.push(...(page.executions ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}

/**
 * The executions that park an SQS message: the runtime names them after the message id
 * (`<id>-<n>-<hash>`, see lambda/runtime/executionName.ts), and a UUID needs no sanitizing.
 */
export async function executionsForMessage(sfn: SFNClient, stateMachineArn: string, messageId: string): Promise<ExecutionListItem[]> {
  return (await listExecutions(sfn, stateMachineArn)).filter((execution) => execution.name?.startsWith(`${messageId}-`));
}

/** One message seen on the processed queue: the demo consumer's report. */
export interface ProcessedEntry {
  readonly report: ProcessedReport;
  readonly seenAt: number;
}

/** One message seen on the dead-letter queue. */
export interface DeadLetterSeen {
  readonly message: Message;
  readonly seenAt: number;
}

/**
 * Drains the processed queue and the dead-letter queue in the background for a whole test
 * file, so that every test can ask what arrived for its own ids (and how often) without
 * stealing another test's messages.
 */
export class QueueWatcher {
  readonly processed: ProcessedEntry[] = [];
  readonly deadLetters: DeadLetterSeen[] = [];
  private running = false;
  private loop: Promise<void> | undefined;
  private failure: unknown;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queues: { readonly processedQueueUrl: string; readonly deadLetterQueueUrl: string },
  ) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          const [processed, deadLetters] = await Promise.all([
            drainOnce(this.sqs, this.queues.processedQueueUrl, 1),
            drainOnce(this.sqs, this.queues.deadLetterQueueUrl, 1),
          ]);
          const now = Date.now();
          for (const message of processed) this.processed.push({ report: JSON.parse(message.Body ?? '{}') as ProcessedReport, seenAt: now });
          for (const message of deadLetters) this.deadLetters.push({ message, seenAt: now });
        } catch (error) {
          this.failure = error;
          this.running = false;
        }
      }
    })();
  }

  /** Stops the loop; rejects when the loop had died, so the file's afterAll fails too. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.assertAlive();
  }

  /**
   * What arrived for `id` so far. Throws once the watcher has died: an empty or short answer
   * from a dead watcher would turn "processed exactly once" or "nothing in the DLQ" into a pass.
   */
  reportsFor(id: string): ProcessedReport[] {
    this.assertAlive();
    return this.processed.filter((entry) => entry.report.id === id).map((entry) => entry.report);
  }

  deadLettersWhere(match: (message: Message) => boolean): DeadLetterSeen[] {
    this.assertAlive();
    return this.deadLetters.filter((seen) => match(seen.message));
  }

  private assertAlive(): void {
    if (this.failure !== undefined) throw new Error(`the queue watcher stopped: ${String(this.failure)}`);
  }

  /** Polls `probe` against what was collected so far until it returns a value. */
  async until<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.assertAlive();
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** The demo id of a JSON body, if it has one. */
export function demoIdOf(message: Message): string | undefined {
  try {
    return (JSON.parse(message.Body ?? '') as { id?: string }).id;
  } catch {
    return undefined;
  }
}
