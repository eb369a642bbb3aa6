/**
 * `sqs-backoff dlq peek|redrive|purge <stack>`: look at, replay and empty the dead-letter queue.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  Message,
  MessageAttributeValue,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { BACKOFF_ATTRIBUTE, BackoffMetadata } from '../../lambda/contract';
import { OpsContext } from './context';
import { describeError, errorName, EXIT, ExitCode, OpsError, usageError } from './errors';
import { preview, table } from './format';
import { backoffOf } from './parked';
import { queueDepth } from './status';
import { describeStack, OUTPUT, requireOutput, StackInfo } from './stackOutputs';
import { backoffAttribute, userAttributes } from './wire';

/** A progress display; the CLI passes a cli-progress bar on a terminal, tests a recorder. */
export interface Progress {
  start(total: number): void;
  update(done: number, total?: number): void;
  stop(): void;
}

export const noProgress: Progress = { start() {}, update() {}, stop() {} };

async function queues(ctx: OpsContext, stack: string): Promise<{ info: StackInfo; queueUrl: string; dlqUrl: string }> {
  const info = await describeStack(ctx.clients.cfn, stack, { region: ctx.region });
  return {
    info,
    queueUrl: requireOutput(info, OUTPUT.queueUrl),
    dlqUrl: requireOutput(info, OUTPUT.deadLetterQueueUrl),
  };
}

/** Releases received messages at once instead of waiting for their visibility timeout. */
async function release(sqs: SQSClient, queueUrl: string, messages: readonly Message[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const batch = messages.slice(i, i + 10);
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 })),
      }),
    );
  }
}

// ---------------------------------------------------------------------------------------- peek

export interface PeekOptions {
  readonly stack: string;
  /** How many messages to show. @default 10 */
  readonly count?: number;
  readonly json?: boolean;
}

export interface PeekedMessage {
  readonly messageId: string;
  readonly originalMessageId?: string;
  readonly reason?: string;
  readonly attempts?: number;
  readonly lastError?: { readonly name: string; readonly message: string };
  readonly history?: number;
  readonly body: string;
}

/** How long peeked messages stay hidden while the peek collects them (released right after). */
export const PEEK_HOLD_SECONDS = 30;

export async function peek(ctx: OpsContext, options: PeekOptions): Promise<ExitCode> {
  const count = options.count ?? 10;
  if (!Number.isInteger(count) || count < 1) throw usageError(`-n must be a whole number ≥ 1 (given ${count})`);
  const { sqs } = ctx.clients;
  const { dlqUrl } = await queues(ctx, options.stack);
  const received: Message[] = [];
  const seen = new Set<string>();
  try {
    while (received.length < count) {
      const page = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          MaxNumberOfMessages: Math.min(10, count - received.length),
          // Hidden while we collect, so the next receive returns other messages; released below.
          VisibilityTimeout: PEEK_HOLD_SECONDS,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
        }),
      );
      const fresh = (page.Messages ?? []).filter((m) => !seen.has(m.MessageId!));
      if (fresh.length === 0) break;
      for (const m of fresh) seen.add(m.MessageId!);
      received.push(...fresh);
    }
  } finally {
    // Never delete: give every peeked message back to the queue at once.
    if (received.length > 0) await release(sqs, dlqUrl, received);
  }
  const peeked: PeekedMessage[] = received.map((m) => {
    const b = backoffOf(m.MessageAttributes);
    return {
      messageId: m.MessageId!,
      ...(b?.originalMessageId ? { originalMessageId: b.originalMessageId } : {}),
      ...(b?.reason ? { reason: b.reason } : {}),
      ...(b?.attempts !== undefined ? { attempts: b.attempts } : b?.attempt !== undefined ? { attempts: b.attempt } : {}),
      ...(b?.lastError ? { lastError: b.lastError } : {}),
      ...(b?.history?.length ? { history: b.history.length } : {}),
      body: m.Body ?? '',
    };
  });
  if (options.json) {
    ctx.out.out(JSON.stringify(peeked, null, 2));
    return EXIT.ok;
  }
  if (peeked.length === 0) {
    ctx.out.out(`the dead-letter queue of ${options.stack} is empty`);
    return EXIT.ok;
  }
  const t = table(['message id', 'reason', 'attempts', 'runs', 'last error', 'body']);
  for (const p of peeked) {
    t.push([
      p.messageId,
      p.reason ?? '(no x-backoff)',
      p.attempts ?? '',
      (p.history ?? 0) + 1,
      p.lastError ? preview(`${p.lastError.name}: ${p.lastError.message}`, 40) : '',
      preview(p.body, 40),
    ]);
  }
  ctx.out.out(t.toString());
  ctx.out.out(
    `${peeked.length} message${peeked.length === 1 ? '' : 's'} shown, none deleted ('runs' = 1 + earlier runs before a redrive; --json for full ids and errors)`,
  );
  return EXIT.ok;
}

// ------------------------------------------------------------------------------------- redrive

export type RedriveMode = 'auto' | 'native' | 'copy';

export interface RedriveOptions {
  readonly stack: string;
  /** Messages per second. @default unlimited */
  readonly rate?: number;
  /** Stop after this many messages. @default the dead-letter queue's depth when the redrive starts */
  readonly max?: number;
  /**
   * `copy` receives, rewrites `x-backoff` (attempt 0, the previous run appended to `history`),
   * sends to the work queue, then deletes. `native` asks SQS to move the messages
   * (StartMessageMoveTask): faster, but `x-backoff` is moved unchanged. `auto` = `copy`.
   * @default 'auto'
   */
  readonly mode?: RedriveMode;
  readonly progress?: Progress;
}

/**
 * The `x-backoff` a redriven message starts its new run with: attempt 0 (its next processing is
 * attempt 1), a fresh `firstReceivedAt` (so `maxElapsed` counts from the redrive), the same
 * original message id, and every earlier run in `history`, newest last.
 */
export function redrivenMetadata(previous: BackoffMetadata | undefined, messageId: string, now: Date): BackoffMetadata {
  if (!previous) return { attempt: 0, firstReceivedAt: now.toISOString(), originalMessageId: messageId };
  const { history, ...run } = previous;
  return {
    attempt: 0,
    firstReceivedAt: now.toISOString(),
    originalMessageId: previous.originalMessageId || messageId,
    history: [...(history ?? []), run],
  };
}

/** The SendMessage entry for a redriven message: body and user attributes verbatim. */
export function redriveMessage(
  m: Message,
  queueUrl: string,
  now: Date,
): { QueueUrl: string; MessageBody: string; MessageAttributes: Record<string, MessageAttributeValue>; MessageGroupId?: string; MessageDeduplicationId?: string } {
  const metadata = redrivenMetadata(backoffOf(m.MessageAttributes), m.MessageId!, now);
  const fifo = queueUrl.endsWith('.fifo');
  return {
    QueueUrl: queueUrl,
    MessageBody: m.Body ?? '',
    MessageAttributes: { ...userAttributes(m.MessageAttributes), [BACKOFF_ATTRIBUTE]: backoffAttribute(metadata) },
    ...(fifo
      ? {
          MessageGroupId: m.Attributes?.MessageGroupId ?? 'sqs-backoff',
          MessageDeduplicationId: `${m.MessageId}-redrive-${metadata.history?.length ?? 0}`,
        }
      : {}),
  };
}

/** Spaces sends `1/rate` seconds apart. */
export function rateLimiter(rate: number | undefined, clock: OpsContext['clock']): () => Promise<void> {
  if (!rate) return async () => {};
  const interval = 1000 / rate;
  let next = clock.now().getTime();
  return async () => {
    const now = clock.now().getTime();
    if (next > now) await clock.sleep(next - now);
    next = Math.max(next, now) + interval;
  };
}

/** Whether an error means "this endpoint does not implement that action" (emulators). */
export function isUnsupported(err: unknown): boolean {
  const name = errorName(err);
  const message = err instanceof Error ? err.message : String(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return (
    ['InvalidAction', 'UnsupportedOperation', 'UnknownOperationException', 'NotImplemented', 'InvalidParameterValue'].includes(name) &&
      /not (valid|supported|implemented)|unknown operation|InvalidAction/i.test(`${name} ${message}`)
  ) || status === 501;
}

export async function redrive(ctx: OpsContext, options: RedriveOptions): Promise<ExitCode> {
  const { rate, max } = options;
  if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) throw usageError(`--rate must be a positive number of messages per second (given ${rate})`);
  if (max !== undefined && !(Number.isInteger(max) && max >= 1)) throw usageError(`--max must be a whole number ≥ 1 (given ${max})`);
  const mode = options.mode ?? 'auto';
  if (mode === 'native') {
    if (max !== undefined) throw usageError('--max cannot be used with --mode native (SQS moves the whole queue); use --mode copy');
    if (rate !== undefined && rate > 500) throw usageError(`--rate must be ≤ 500 with --mode native (given ${rate})`);
  }
  const { queueUrl, dlqUrl } = await queues(ctx, options.stack);
  if (mode === 'native') return nativeRedrive(ctx, queueUrl, dlqUrl, options);
  return copyRedrive(ctx, queueUrl, dlqUrl, options);
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = attrs.Attributes?.QueueArn;
  if (!arn) throw new OpsError(`queue ${url} did not report its ARN`, EXIT.unexpected);
  return arn;
}

/** StartMessageMoveTask, then follow ListMessageMoveTasks until it ends. */
async function nativeRedrive(ctx: OpsContext, queueUrl: string, dlqUrl: string, options: RedriveOptions): Promise<ExitCode> {
  const { sqs } = ctx.clients;
  const progress = options.progress ?? noProgress;
  const [sourceArn, destinationArn] = await Promise.all([queueArn(sqs, dlqUrl), queueArn(sqs, queueUrl)]);
  let taskHandle: string | undefined;
  try {
    taskHandle = (
      await sqs.send(
        new StartMessageMoveTaskCommand({
          SourceArn: sourceArn,
          DestinationArn: destinationArn,
          ...(options.rate ? { MaxNumberOfMessagesPerSecond: Math.max(1, Math.floor(options.rate)) } : {}),
        }),
      )
    ).TaskHandle;
  } catch (err) {
    if (isUnsupported(err)) {
      throw new OpsError('this endpoint does not support StartMessageMoveTask — rerun with --mode copy', EXIT.unexpected, { cause: err });
    }
    throw err;
  }
  ctx.out.err(`started message move task ${taskHandle ?? ''} (x-backoff is moved unchanged)`);
  progress.start(0);
  try {
    for (;;) {
      await ctx.clock.sleep(1000);
      const tasks = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 1 }))).Results ?? [];
      const task = tasks.find((t) => !taskHandle || t.TaskHandle === taskHandle || t.TaskHandle === undefined) ?? tasks[0];
      if (!task) continue;
      progress.update(task.ApproximateNumberOfMessagesMoved ?? 0, task.ApproximateNumberOfMessagesToMove);
      if (task.Status && task.Status !== 'RUNNING' && task.Status !== 'CANCELLING') {
        if (task.Status !== 'COMPLETED') {
          throw new OpsError(`message move task ${task.Status}: ${task.FailureReason ?? 'no reason given'}`, EXIT.unexpected);
        }
        progress.stop();
        ctx.out.out(`redrove ${task.ApproximateNumberOfMessagesMoved ?? 0} messages from the dead-letter queue to the work queue (StartMessageMoveTask)`);
        return EXIT.ok;
      }
    }
  } finally {
    progress.stop();
  }
}

/** Receive → send (to the work queue) → delete (from the DLQ), never deleting an unsent message. */
async function copyRedrive(ctx: OpsContext, queueUrl: string, dlqUrl: string, options: RedriveOptions): Promise<ExitCode> {
  const { sqs } = ctx.clients;
  const progress = options.progress ?? noProgress;
  // Bounded by the depth at the start, so messages that fail again and come back during the
  // redrive are not replayed in a loop.
  const depth = await queueDepth(sqs, dlqUrl);
  const total = options.max ?? depth.visible;
  if (total === 0) {
    ctx.out.out(`the dead-letter queue of ${options.stack} is empty${depth.inFlight ? ` (${depth.inFlight} in flight)` : ''}: nothing to redrive`);
    return EXIT.ok;
  }
  const wait = rateLimiter(options.rate, ctx.clock);
  let moved = 0;
  let notDeleted = 0;
  let failure: string | undefined;
  progress.start(total);
  try {
    outer: while (moved < total) {
      const page = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          MaxNumberOfMessages: Math.min(10, total - moved),
          VisibilityTimeout: 60,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
        }),
      );
      const messages = page.Messages ?? [];
      if (messages.length === 0) break;
      for (let i = 0; i < messages.length; i++) {
        const m = messages[i]!;
        await wait();
        try {
          await sqs.send(new SendMessageCommand(redriveMessage(m, queueUrl, ctx.clock.now())));
        } catch (err) {
          // Not sent, so not deleted: give this and the rest of the batch back, and stop.
          failure = describeError(err, { region: ctx.region, stack: options.stack }).message;
          await release(sqs, dlqUrl, messages.slice(i)).catch(() => undefined);
          break outer;
        }
        moved++;
        try {
          await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: m.ReceiptHandle! }));
        } catch (err) {
          notDeleted++;
          ctx.out.err(
            `sent ${m.MessageId} to the work queue but could not delete it from the dead-letter queue ` +
              `(${describeError(err).message}); it will be visible there again`,
          );
        }
        progress.update(moved, total);
      }
    }
  } finally {
    progress.stop();
  }
  const summary = `redrove ${moved} of ${total} message${total === 1 ? '' : 's'} from the dead-letter queue to the work queue`;
  if (failure) {
    throw new OpsError(`${summary}, then sending failed: ${failure} — nothing unsent was deleted; rerun to continue`, EXIT.unexpected);
  }
  ctx.out.out(`${summary} (attempts restart at 1, the previous x-backoff is kept in history)`);
  if (notDeleted > 0) {
    throw new OpsError(`${notDeleted} redriven message${notDeleted === 1 ? ' is' : 's are'} still in the dead-letter queue too — peek and purge them once processed`, EXIT.unexpected);
  }
  return EXIT.ok;
}

// --------------------------------------------------------------------------------------- purge

export interface PurgeOptions {
  readonly stack: string;
  readonly yes?: boolean;
}

export async function purge(ctx: OpsContext, options: PurgeOptions): Promise<ExitCode> {
  const { sqs } = ctx.clients;
  const { dlqUrl } = await queues(ctx, options.stack);
  const depth = await queueDepth(sqs, dlqUrl);
  const count = depth.visible + depth.inFlight + depth.delayed;
  if (!options.yes) {
    throw usageError(
      `dlq purge deletes ${count === 1 ? 'the 1 message' : `all ${count} messages`} in the dead-letter queue of ${options.stack} for good — rerun with --yes`,
    );
  }
  try {
    await sqs.send(new PurgeQueueCommand({ QueueUrl: dlqUrl }));
  } catch (err) {
    if (errorName(err).includes('PurgeQueueInProgress')) {
      throw new OpsError('a purge of this queue already ran in the last 60 seconds — wait a minute and retry', EXIT.unexpected, { cause: err });
    }
    throw err;
  }
  ctx.out.out(`purged the dead-letter queue of ${options.stack} (${count} message${count === 1 ? '' : 's'}; SQS may take up to 60 s to finish)`);
  return EXIT.ok;
}
