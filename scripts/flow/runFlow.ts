import { SFNClient } from '@aws-sdk/client-sfn';
import { Message, SQSClient } from '@aws-sdk/client-sqs';
import { DemoBody, demoMessage } from './demoMessage';
import { drainOnce, peekOnce } from './drainQueue';
import { DeadLetterEntry, MessageLedger } from './messageLedger';
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
}

export interface FlowResult {
  readonly ledger: MessageLedger;
  readonly retries: RetryEvent[];
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
  }
  await drainStragglers(options, ledger);
  if (watchRetries) {
    // The last requeues may end after the final outcome was drained: see them too.
    await watcher.poll((event) => retries.set(event.executionName, event));
  }
  return { ledger, retries: [...retries.values()], elapsedMs: Date.now() - started, messageIds };
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
