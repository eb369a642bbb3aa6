/**
 * `sqs-backoff pending <stack>`: the parked retries, soonest first.
 */
import { OpsContext } from './context';
import { EXIT, ExitCode } from './errors';
import { isoSeconds, preview, relative, table } from './format';
import { byDue, listParked, ParkedMessage } from './parked';
import { describeStack, OUTPUT, requireOutput } from './stackOutputs';

export interface PendingOptions {
  readonly stack: string;
  readonly json?: boolean;
}

export async function parkedForStack(ctx: OpsContext, stack: string): Promise<ParkedMessage[]> {
  const info = await describeStack(ctx.clients.cfn, stack, { region: ctx.region });
  const arn = requireOutput(info, OUTPUT.stateMachineArn);
  return (await listParked(ctx.clients.sfn, arn)).sort(byDue);
}

export async function pending(ctx: OpsContext, options: PendingOptions): Promise<ExitCode> {
  const parked = await parkedForStack(ctx, options.stack);
  const now = ctx.clock.now();
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
    ctx.out.out(`no parked retries in stack ${options.stack}`);
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
