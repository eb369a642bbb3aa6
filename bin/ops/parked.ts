/**
 * A parked message is a RUNNING execution of the retry state machine; its input (`ParkInput`)
 * says which message it is, how often it failed, why, and how long it waits.
 */
import {
  DescribeExecutionCommand,
  ExecutionListItem,
  ListExecutionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { BACKOFF_ATTRIBUTE, BackoffMetadata, ParkInput } from '../../lambda/contract';
import { mapLimit } from './format';

export interface ParkedMessage {
  readonly executionArn: string;
  readonly executionName: string;
  readonly startDate: Date;
  /** Start + `delaySeconds`: when the message goes back to the work queue. */
  readonly dueAt?: Date;
  readonly originalMessageId?: string;
  /** Failed attempts so far (`x-backoff.attempt`). */
  readonly attempt?: number;
  readonly lastError?: { readonly name: string; readonly message: string };
  /** The parsed input; absent when the execution was not started by the runtime. */
  readonly input?: ParkInput;
}

/** Every RUNNING execution of the state machine (ListExecutions, all pages). */
export async function listRunning(sfn: SFNClient, stateMachineArn: string): Promise<ExecutionListItem[]> {
  const all: ExecutionListItem[] = [];
  let token: string | undefined;
  do {
    const page = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 1000, nextToken: token }),
    );
    all.push(...(page.executions ?? []));
    token = page.nextToken;
  } while (token);
  return all;
}

/** `ParkInput` from an execution's input, or undefined when it is not one. */
export function parseParkInput(input: string | undefined): ParkInput | undefined {
  if (!input) return undefined;
  try {
    const parsed = JSON.parse(input) as Partial<ParkInput>;
    if (
      parsed &&
      typeof parsed === 'object' &&
      typeof parsed.body === 'string' &&
      parsed.backoff &&
      typeof parsed.backoff === 'object'
    ) {
      return parsed as ParkInput;
    }
  } catch {
    // not JSON: not ours
  }
  return undefined;
}

/** The `x-backoff` metadata a wire attribute map carries, if any. */
export function backoffOf(attributes: Record<string, { StringValue?: string } | undefined> | undefined): BackoffMetadata | undefined {
  const raw = attributes?.[BACKOFF_ATTRIBUTE]?.StringValue;
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as BackoffMetadata;
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** DescribeExecution for each RUNNING execution (8 at a time) and parse what it parks. */
export async function listParked(sfn: SFNClient, stateMachineArn: string, concurrency = 8): Promise<ParkedMessage[]> {
  return describeParked(sfn, await listRunning(sfn, stateMachineArn), concurrency);
}

/**
 * Whether an execution's name may belong to a message id. The runtime names executions
 * `<id with [^A-Za-z0-9_-] replaced by _, cut to fit>-[r<run>-]<n>-<hash>`, so a name that does
 * not start with the id's first characters is not that message's (callers still fall back to a
 * full scan when no name matches, for executions named some other way).
 */
export function nameMayBelong(executionName: string | undefined, id: string): boolean {
  if (!executionName) return false;
  const readable = id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
  return readable.length > 0 && executionName.startsWith(readable);
}

/** DescribeExecution for the given executions (8 at a time); those no longer RUNNING are left out. */
export async function describeParked(sfn: SFNClient, running: readonly ExecutionListItem[], concurrency = 8): Promise<ParkedMessage[]> {
  const parked = await mapLimit(running, concurrency, async (item): Promise<ParkedMessage | undefined> => {
    const executionArn = item.executionArn!;
    let described;
    try {
      described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    } catch (err) {
      // Finished and gone between the list and the describe: no longer parked.
      if ((err as { name?: string }).name === 'ExecutionDoesNotExist') return undefined;
      throw err;
    }
    if (described.status && described.status !== 'RUNNING') return undefined;
    const input = parseParkInput(described.input);
    const startDate = described.startDate ?? item.startDate ?? new Date(0);
    const delay = input && Number.isFinite(input.delaySeconds) ? input.delaySeconds : undefined;
    return {
      executionArn,
      executionName: described.name ?? item.name ?? executionArn.split(':').pop()!,
      startDate,
      ...(delay !== undefined ? { dueAt: new Date(startDate.getTime() + delay * 1000) } : {}),
      ...(input?.backoff.originalMessageId ? { originalMessageId: input.backoff.originalMessageId } : {}),
      ...(typeof input?.backoff.attempt === 'number' ? { attempt: input.backoff.attempt } : {}),
      ...(input?.backoff.lastError ? { lastError: input.backoff.lastError } : {}),
      ...(input ? { input } : {}),
    };
  });
  return parked.filter((p): p is ParkedMessage => p !== undefined);
}

/** Sorted by due time (unknown due times last), then by name for a stable order. */
export function byDue(a: ParkedMessage, b: ParkedMessage): number {
  const da = a.dueAt?.getTime() ?? Infinity;
  const db = b.dueAt?.getTime() ?? Infinity;
  if (da !== db) return da < db ? -1 : 1;
  return a.executionName.localeCompare(b.executionName);
}
