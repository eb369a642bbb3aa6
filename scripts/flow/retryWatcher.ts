import { DescribeExecutionCommand, ExecutionListItem, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { ParkInput } from '../../lambda/contract';

/** One parked retry, seen through its retry state machine execution. */
export interface RetryEvent {
  readonly executionName: string;
  /** The demo body's id, when the body is a demo message. */
  readonly id: string;
  /** The attempt the requeued message will be. */
  readonly nextAttempt: number;
  readonly scheduledSeconds: number;
  readonly startedAt: Date;
  /** Set once the execution ended: wait + requeue send, as Step Functions timed it. */
  readonly observedSeconds?: number;
  readonly status: string;
}

/**
 * Polls the retry state machine and reports each execution twice: when it is first seen (the
 * message was parked) and when it has ended (the message was requeued or dead-lettered).
 */
export class RetryWatcher {
  private readonly started = new Map<string, RetryEvent>();
  private readonly finished = new Set<string>();

  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
    /** Executions that started before this belong to earlier runs and are never described. */
    private readonly since: Date = new Date(),
  ) {}

  public async poll(onEvent: (event: RetryEvent) => void): Promise<void> {
    for (const item of await this.listAll()) {
      if (item.startDate && item.startDate.getTime() < this.since.getTime() - 1_000) continue;
      const known = this.started.get(item.name!) ?? (await this.describe(item));
      if (!this.started.has(item.name!)) {
        this.started.set(item.name!, known);
        onEvent(known);
      }
      if (item.status !== 'RUNNING' && item.stopDate && !this.finished.has(item.name!)) {
        this.finished.add(item.name!);
        const observedSeconds = (item.stopDate.getTime() - known.startedAt.getTime()) / 1000;
        onEvent({ ...known, observedSeconds, status: item.status! });
      }
    }
  }

  public events(): RetryEvent[] {
    return [...this.started.values()];
  }

  public running(): number {
    return this.started.size - this.finished.size;
  }

  private async listAll(): Promise<ExecutionListItem[]> {
    const items: ExecutionListItem[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.sfn.send(
        new ListExecutionsCommand({ stateMachineArn: this.stateMachineArn, maxResults: 1000, nextToken }),
      );
      items.push(...(page.executions ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return items;
  }

  private async describe(item: ExecutionListItem): Promise<RetryEvent> {
    const execution = await this.sfn.send(new DescribeExecutionCommand({ executionArn: item.executionArn! }));
    const input = JSON.parse(execution.input ?? '{}') as Partial<ParkInput>;
    return {
      executionName: item.name!,
      id: demoId(input.body),
      nextAttempt: (input.backoff?.attempt ?? 0) + 1,
      scheduledSeconds: input.delaySeconds ?? NaN,
      startedAt: execution.startDate ?? item.startDate!,
      status: 'RUNNING',
    };
  }
}

function demoId(body: string | undefined): string {
  try {
    return (JSON.parse(body ?? '') as { id?: string }).id ?? '?';
  } catch {
    return '?';
  }
}
