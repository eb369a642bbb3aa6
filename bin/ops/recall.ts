/**
 * `sqs-backoff recall <stack> <message-id> [--to-dlq]`: take a parked message out of the retry
 * loop. Stops its RUNNING execution(s) so it never returns to the work queue; with `--to-dlq`
 * the message goes to the dead-letter queue instead, `x-backoff.reason` = `recalled`.
 *
 * Order matters: stop first, confirm the execution is ABORTED, only then send to the DLQ. An
 * execution that had already sent the message back to the queue is reported, not duplicated;
 * a failed DLQ send loses nothing because a stopped execution keeps its input (90 days).
 */
import { DescribeExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { BACKOFF_ATTRIBUTE, BackoffMetadata, MAX_SQS_DELAY_SECONDS } from '../../lambda/contract';
import { OpsContext } from './context';
import { describeError, EXIT, ExitCode, OpsError } from './errors';
import { backoffOf, byDue, describeParked, listRunning, nameMayBelong, ParkedMessage } from './parked';
import { HOME_TRAITS, retryHomes, stackTransport } from './stackTransport';
import { describeStack, OUTPUT, requireOutput } from './stackOutputs';
import { backoffAttribute, sdkAttributesFromWire } from './wire';

export const RECALL_CAUSE = 'recalled by operator';

/**
 * What `recall` can take back on a transport that keeps only some waits in Step Functions
 * (`auto` on a standard queue): the waits too long for an SQS delay.
 */
export const RECALLABLE_WAITS = `only its waits over ${MAX_SQS_DELAY_SECONDS} s can be recalled (Step Functions carries those; shorter ones wait as delayed SQS messages)`;
export const RECALL_ERROR = 'Recalled';

export interface RecallOptions {
  readonly stack: string;
  /** The original message id (`x-backoff.originalMessageId`), or an execution name or ARN. */
  readonly messageId: string;
  readonly toDlq?: boolean;
}

export function matches(p: ParkedMessage, id: string): boolean {
  return p.originalMessageId === id || p.executionName === id || p.executionArn === id;
}

/** The x-backoff a recalled message carries into the dead-letter queue. */
export function recalledMetadata(p: ParkedMessage): BackoffMetadata {
  const input = p.input!;
  const base = backoffOf(input.deadLetterAttributes) ?? input.backoff;
  return { ...base, reason: 'recalled', attempts: base.attempts ?? input.backoff.attempt };
}

type Outcome = 'recalled' | 'stopped' | 'gone' | 'failed';

/** How long `recall` waits for a stopped execution to leave RUNNING (LocalStack took 71 ms, measured). */
export const SETTLE_TIMEOUT_MS = 5_000;
export const SETTLE_POLL_MS = 100;

/**
 * DescribeExecution until the status is no longer RUNNING, at most `SETTLE_TIMEOUT_MS`: a
 * service may answer RUNNING for a moment after StopExecution returned.
 */
export async function settledExecution(ctx: OpsContext, executionArn: string): Promise<{ status?: string; cause?: string }> {
  const deadline = ctx.clock.now().getTime() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const d = await ctx.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING' || ctx.clock.now().getTime() >= deadline) return { status: d.status, cause: d.cause };
    await ctx.clock.sleep(SETTLE_POLL_MS);
  }
}

export async function recall(ctx: OpsContext, options: RecallOptions): Promise<ExitCode> {
  const { sfn, sqs, cfn } = ctx.clients;
  const info = await describeStack(cfn, options.stack, { region: ctx.region });
  const transport = stackTransport(info);
  const homes = retryHomes(transport, requireOutput(info, OUTPUT.queueUrl).endsWith('.fifo'));
  const sqsHomes = homes.filter((home) => home !== 'executions');
  const noRecall = sqsHomes.map((home) => HOME_TRAITS[home].cannot).join('; ');
  if (!homes.includes('executions')) {
    throw new OpsError(`stack "${info.name}" uses transport ${transport}, which has no recall: ${noRecall}`, EXIT.unsupported);
  }
  const stateMachineArn = requireOutput(info, OUTPUT.stateMachineArn);
  const dlqUrl = options.toDlq ? requireOutput(info, OUTPUT.deadLetterQueueUrl) : undefined;

  // Describe the executions whose names say they are this message's first; only when none of
  // them is, every RUNNING execution (thousands of parked messages make that slow).
  const id = options.messageId;
  const running = await listRunning(sfn, stateMachineArn);
  const likely = running.filter((e) => e.name === id || e.executionArn === id || nameMayBelong(e.name, id));
  let targets = (await describeParked(sfn, likely)).filter((p) => matches(p, id));
  if (targets.length === 0 && likely.length < running.length) {
    const rest = running.filter((e) => !likely.includes(e));
    targets = (await describeParked(sfn, rest)).filter((p) => matches(p, id));
  }
  targets.sort(byDue);
  if (targets.length === 0) {
    ctx.out.err(
      `nothing parked for message id ${id} in stack ${info.name} ` +
        `(${running.length} parked ${running.length === 1 ? 'retry' : 'retries'} checked) — list them with: sqs-backoff pending ${info.name}` +
        (sqsHomes.length > 0 ? ` (transport ${transport}: ${RECALLABLE_WAITS}; ${noRecall})` : ''),
    );
    return EXIT.nothingFound;
  }

  const outcomes: Outcome[] = [];
  const failures: { message: string; exitCode: ExitCode }[] = [];
  for (const p of targets) {
    const label = `${p.executionName} (message ${p.originalMessageId ?? '?'}, failed ${p.attempt ?? '?'})`;
    let stopFailure: unknown;
    try {
      await sfn.send(new StopExecutionCommand({ executionArn: p.executionArn, cause: RECALL_CAUSE, error: RECALL_ERROR }));
    } catch (err) {
      stopFailure = err;
    }
    // Whatever StopExecution answered, the execution's status says what happened, once it settles.
    let statusAfter: string | undefined;
    let causeAfter: string | undefined;
    try {
      ({ status: statusAfter, cause: causeAfter } = await settledExecution(ctx, p.executionArn));
    } catch (err) {
      if (!stopFailure) stopFailure = err;
    }
    if (statusAfter !== 'ABORTED') {
      if (statusAfter === 'SUCCEEDED' || statusAfter === 'FAILED' || statusAfter === 'TIMED_OUT') {
        ctx.out.out(`too late: ${label} already finished (${statusAfter}) — the message left the retry loop on its own`);
        outcomes.push('gone');
        continue;
      }
      const mapped = stopFailure
        ? describeError(stopFailure, { region: ctx.region, stack: info.name })
        : { message: `status ${statusAfter ?? 'unknown'}${statusAfter === 'RUNNING' ? ` ${SETTLE_TIMEOUT_MS / 1000} s after StopExecution` : ''}`, exitCode: EXIT.unexpected };
      failures.push({ message: `could not stop ${label}: ${mapped.message}`, exitCode: mapped.exitCode });
      outcomes.push('failed');
      continue;
    }
    if (causeAfter !== undefined && causeAfter !== RECALL_CAUSE) {
      ctx.out.out(`already stopped: ${label} was aborted by someone else (${causeAfter}) — not sending it anywhere`);
      outcomes.push('gone');
      continue;
    }
    if (!dlqUrl) {
      ctx.out.out(`recalled ${label}: execution stopped, the message will not return to the queue`);
      outcomes.push('stopped');
      continue;
    }
    if (!p.input) {
      failures.push({
        message: `stopped ${label}, but its input is not a parked message, so nothing was sent to the dead-letter queue`,
        exitCode: EXIT.unexpected,
      });
      outcomes.push('failed');
      continue;
    }
    try {
      const sent = await sqs.send(
        new SendMessageCommand({
          QueueUrl: dlqUrl,
          MessageBody: p.input.body,
          MessageAttributes: {
            ...sdkAttributesFromWire(p.input.deadLetterAttributes ?? p.input.attributes),
            [BACKOFF_ATTRIBUTE]: backoffAttribute(recalledMetadata(p)),
          },
          // A FIFO dead-letter queue needs the group; the execution name makes a retried recall
          // of the same execution deduplicate instead of sending twice.
          ...(dlqUrl.endsWith('.fifo')
            ? { MessageGroupId: p.input.messageGroupId ?? 'sqs-backoff', MessageDeduplicationId: `${p.executionName}-recalled`.slice(0, 128) }
            : {}),
        }),
      );
      ctx.out.out(`recalled ${label}: execution stopped, sent to the dead-letter queue as ${sent.MessageId ?? '?'} (reason recalled)`);
      outcomes.push('recalled');
    } catch (err) {
      const mapped = describeError(err, { region: ctx.region, stack: info.name });
      failures.push({
        message:
          `stopped ${label} but could not send it to the dead-letter queue: ${mapped.message} — its body and attributes ` +
          `stay in the stopped execution's input: aws stepfunctions describe-execution --execution-arn ${p.executionArn}`,
        exitCode: mapped.exitCode,
      });
      outcomes.push('failed');
    }
  }
  if (failures.length === 1) throw new OpsError(failures[0]!.message, failures[0]!.exitCode);
  if (failures.length > 1) {
    for (const f of failures) ctx.out.err(f.message);
    throw new OpsError(`${failures.length} of ${targets.length} recalls failed (see above)`, EXIT.unexpected);
  }
  if (outcomes.every((o) => o === 'gone')) {
    ctx.out.err(`nothing left to recall for message id ${options.messageId}: it already left the retry loop`);
    return EXIT.nothingFound;
  }
  return EXIT.ok;
}
