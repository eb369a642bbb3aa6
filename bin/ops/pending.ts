/**
 * `sqs-backoff pending <stack>`: the parked retries, soonest first. Only Step Functions waits can
 * be listed; retries waiting as delayed or invisible SQS messages are counted, and said so.
 */
import { OpsContext } from './context';
import { EXIT, ExitCode } from './errors';
import { isoSeconds, preview, relative, table } from './format';
import { byDue, listParked, ParkedMessage } from './parked';
import { queueDepth } from './status';
import { HOME_TRAITS, RetryHome, retryHomes, stackTransport } from './stackTransport';
import { describeStack, OUTPUT, requireOutput } from './stackOutputs';

export interface PendingOptions {
  readonly stack: string;
  readonly json?: boolean;
}

export interface PendingReport {
  /** The Step Functions waits, soonest first (none when the transport uses no state machine). */
  readonly parked: ParkedMessage[];
  /** One sentence per place SQS keeps retries it cannot list: how many, and why they are not shown. */
  readonly unlisted: string[];
}

export async function pendingForStack(ctx: OpsContext, stack: string): Promise<PendingReport> {
  const info = await describeStack(ctx.clients.cfn, stack, { region: ctx.region });
  const queueUrl = requireOutput(info, OUTPUT.queueUrl);
  const transport = stackTransport(info);
  const homes = retryHomes(transport, queueUrl.endsWith('.fifo'));
  const parked = homes.includes('executions') ? (await listParked(ctx.clients.sfn, requireOutput(info, OUTPUT.stateMachineArn))).sort(byDue) : [];
  const sqsHomes = homes.filter((home) => home !== 'executions');
  const depth = sqsHomes.length > 0 ? await queueDepth(ctx.clients.sqs, queueUrl) : undefined;
  const count = (home: RetryHome) => (home === 'delayed' ? depth!.delayed : depth!.inFlight);
  const unlisted = sqsHomes.map(
    (home) => `transport ${transport}: ${count(home)} waiting (${HOME_TRAITS[home].label}: ${HOME_TRAITS[home].source}) — ${HOME_TRAITS[home].cannot}`,
  );
  return { parked, unlisted };
}

export async function pending(ctx: OpsContext, options: PendingOptions): Promise<ExitCode> {
  const { parked, unlisted } = await pendingForStack(ctx, options.stack);
  const now = ctx.clock.now();
  // JSON stays the list of listable retries; what cannot be listed is said on stderr.
  for (const line of unlisted) (options.json ? ctx.out.err : ctx.out.out).call(ctx.out, line);
  if (options.json) {
    ctx.out.out(
      JSON.stringify(
        parked.map((p) => ({
          originalMessageId: p.originalMessageId ?? null,
          attempt: p.attempt ?? null,
          lastError: p.lastError ?? null,
          dueAt: p.dueAt?.toISOString() ?? null,
          dueInSeconds: p.dueAt ? Math.round((p.dueAt.getTime() - now.getTime()) / 1000) : null,
          executionName: p.executionName,
          executionArn: p.executionArn,
        })),
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  if (parked.length === 0) {
    if (unlisted.length === 0) ctx.out.out(`no parked retries in stack ${options.stack}`);
    return EXIT.ok;
  }
  const t = table(['original message id', 'failed', 'last error', 'due', 'in', 'execution']);
  for (const p of parked) {
    t.push([
      p.originalMessageId ?? '(not a parked message)',
      p.attempt ?? '?',
      p.lastError ? preview(`${p.lastError.name}: ${p.lastError.message}`, 48) : '',
      p.dueAt ? isoSeconds(p.dueAt) : '?',
      p.dueAt ? relative(p.dueAt, now) : '',
      p.executionName,
    ]);
  }
  ctx.out.out(t.toString());
  ctx.out.out(`${parked.length} parked ${parked.length === 1 ? 'retry' : 'retries'} ('failed' = failed attempts so far)`);
  return EXIT.ok;
}
