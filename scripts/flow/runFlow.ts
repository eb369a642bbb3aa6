import type { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { Message, SQSClient } from '@aws-sdk/client-sqs';
import { DemoBody, demoMessage } from './demoMessage';
import { drainOnce, peekOnce } from './drainQueue';
import { DeadLetterEntry, MessageLedger } from './messageLedger';
import { ParkEvent, ParkLogWatcher } from './parkLogWatcher';
import { RetryEvent, RetryWatcher } from './retryWatcher';
import { sendMessages } from './sendMessages';
import { DemoOutputs } from './stackOutputs';

export interface FlowOptions {
  readonly sqs: SQSClient;
  readonly sfn: SFNClient;
  readonly outputs: DemoOutputs;
  readonly bodies: readonly DemoBody[];
  /** Give up waiting for outcomes after this long; whatever is outstanding then is lost. */
  readonly deadlineMs: number;
  /** Leave dead-lettered messages on the DLQ (for operators and the DLQ alarm). @default false */
  readonly keepDeadLetters?: boolean;
  /** Watch the retry state machine (costs a ListExecutions per poll). @default true */
  readonly watchRetries?: boolean;
  readonly onProcessed?: (report: { id: string; attempt: number }, message: Message) => void;
  readonly onDeadLetter?: (entry: DeadLetterEntry) => void;
  readonly onRetry?: (event: RetryEvent) => void;
  /**
   * Follow every park in the consumer's log lines (which transport carried each retry, fallbacks
   * included), not only the Step Functions executions. @default - parks are not followed
   */
  readonly parkLog?: { readonly lambda: LambdaClient; readonly endpoint: string };
  /** Each park of this run's messages read from the consumer's log, with the demo id of its message. */
  readonly onPark?: (event: ParkEvent & { readonly id: string }) => void;
}

export interface FlowResult {
  readonly ledger: MessageLedger;
  readonly retries: RetryEvent[];
  /** The parks read from the consumer's log (empty without `parkLog`), with their demo ids. */
  readonly parks: Array<ParkEvent & { readonly id: string }>;
  readonly elapsedMs: number;
  /** The MessageId SQS gave each sent body, by the body's id. */
  readonly messageIds: ReadonlyMap<string, string>;
}

/** Sends the bodies and follows them until every id has an outcome or the deadline passes. */
export async function runFlow(options: FlowOptions): Promise<FlowResult> {
  const { sqs, sfn, outputs } = options;
  const ledger = new MessageLedger();
  const started = Date.now();
  const watcher = new RetryWatcher(sfn, outputs.StateMachineArn, new Date(started));
  // Only Step Functions retries can be listed; other transports have no state machine to watch.
  const watchRetries = options.watchRetries !== false && outputs.StateMachineArn !== undefined;
  const retries = new Map<string, RetryEvent>();

  ledger.markSent(options.bodies.map((body) => body.id));
  const sentIds = await sendMessages(sqs, outputs.QueueUrl, options.bodies.map(demoMessage));
  const messageIds = new Map(options.bodies.map((body, i) => [body.id, sentIds[i]] as const));
  const parks = parkFollower(options, messageIds, started);

  while (ledger.outstanding().length > 0 && Date.now() - started < options.deadlineMs) {
    const [processed, deadLettered] = await Promise.all([
      drainOnce(sqs, outputs.ProcessedQueueUrl, 1),
      takeDeadLetters(options),
    ]);
    for (const message of processed) {
      // Recorded first: an optional call `f?.(g())` would skip g() when there is no callback.
      const report = ledger.recordProcessed(message);
      options.onProcessed?.(report, message);
    }
    for (const message of deadLettered) {
      const entry = ledger.recordDeadLetter(message);
      if (entry) options.onDeadLetter?.(entry);
    }
    if (watchRetries) {
      await watcher.poll((event) => {
        retries.set(event.executionName, event);
        options.onRetry?.(event);
      });
    }
    await parks.poll();
  }
  await drainStragglers(options, ledger);
  if (watchRetries) {
    // The last requeues may end after the final outcome was drained: see them too.
    await watcher.poll((event) => retries.set(event.executionName, event));
  }
  await parks.settle();
  return { ledger, retries: [...retries.values()], parks: parks.events, elapsedMs: Date.now() - started, messageIds };
}

const PARK_POLL_MS = 1_000;
/** Log delivery trails the consumer: after the last outcome, read until a read brings nothing new. */
const PARK_SETTLE_MS = 2_000;

/** Reads the consumer's park lines at most once a second, if the caller asked for them. */
function parkFollower(options: FlowOptions, messageIds: ReadonlyMap<string, string>, startedMs: number) {
  const events: Array<ParkEvent & { readonly id: string }> = [];
  const functionName = options.outputs.ConsumerFunctionName;
  if (options.parkLog === undefined || functionName === undefined) return { events, poll: async () => {}, settle: async () => {} };
  const watcher = new ParkLogWatcher(options.parkLog.lambda, options.parkLog.endpoint, functionName, startedMs - 1_000);
  const idOf = new Map([...messageIds].map(([id, messageId]) => [messageId, id] as const));
  const record = (event: ParkEvent) => {
    const id = idOf.get(event.originalMessageId);
    if (id === undefined) return; // another run's message on the same stack
    const withId = { ...event, id };
    events.push(withId);
    options.onPark?.(withId);
  };
  let lastPoll = 0;
  return {
    events,
    poll: async () => {
      if (Date.now() - lastPoll < PARK_POLL_MS) return;
      lastPoll = Date.now();
      await watcher.poll(record);
    },
    settle: async () => {
      do await new Promise((resolve) => setTimeout(resolve, PARK_SETTLE_MS));
      while ((await watcher.poll(record)) > 0);
    },
  };
}

/** A last look for duplicates that arrive just after the final outcome. */
async function drainStragglers(options: FlowOptions, ledger: MessageLedger): Promise<void> {
  const { sqs, outputs } = options;
  for (const message of await drainOnce(sqs, outputs.ProcessedQueueUrl, 1)) ledger.recordProcessed(message);
  for (const message of await takeDeadLetters(options)) ledger.recordDeadLetter(message);
}

function takeDeadLetters(options: FlowOptions): Promise<Message[]> {
  const { sqs, outputs } = options;
  // Hidden only briefly, so that the DLQ's visible depth (what its alarm watches) recovers at once.
  return options.keepDeadLetters ? peekOnce(sqs, outputs.DeadLetterQueueUrl, 0, 2) : drainOnce(sqs, outputs.DeadLetterQueueUrl, 0);
}
