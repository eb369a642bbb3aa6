import { Message } from '@aws-sdk/client-sqs';
import { BACKOFF_ATTRIBUTE, BackoffMetadata } from '../../lambda/contract';
import { DemoBody, ProcessedReport } from './demoMessage';

export interface DeadLetterEntry {
  readonly id: string;
  readonly reason?: string;
  readonly attempts?: number;
  readonly message: Message;
}

export interface LedgerTotals {
  readonly sent: number;
  readonly processed: number;
  readonly deadLettered: number;
  readonly lost: number;
  /** Extra deliveries beyond the first outcome of an id: at-least-once, counted, not hidden. */
  readonly duplicates: number;
}

/**
 * Accounts for every id sent: each must end processed (reported on the processed queue) or
 * dead-lettered (found on the DLQ). Whatever is neither when the run ends is lost.
 */
export class MessageLedger {
  private readonly sent = new Set<string>();
  private readonly processed = new Map<string, ProcessedReport[]>();
  private readonly deadLettered = new Map<string, DeadLetterEntry[]>();
  private readonly seenMessageIds = new Set<string>();

  public markSent(ids: Iterable<string>): void {
    for (const id of ids) this.sent.add(id);
  }

  public recordProcessed(message: Message): ProcessedReport {
    const report = JSON.parse(message.Body ?? '{}') as ProcessedReport;
    this.processed.set(report.id, [...(this.processed.get(report.id) ?? []), report]);
    return report;
  }

  /** @returns undefined for a message already recorded (one that was peeked, not deleted). */
  public recordDeadLetter(message: Message): DeadLetterEntry | undefined {
    if (message.MessageId !== undefined) {
      if (this.seenMessageIds.has(message.MessageId)) return undefined;
      this.seenMessageIds.add(message.MessageId);
    }
    const metadata = backoffMetadataOf(message);
    const entry: DeadLetterEntry = {
      id: idOf(message),
      reason: metadata?.reason,
      attempts: metadata?.attempts,
      message,
    };
    this.deadLettered.set(entry.id, [...(this.deadLettered.get(entry.id) ?? []), entry]);
    return entry;
  }

  public processedReports(id: string): readonly ProcessedReport[] {
    return this.processed.get(id) ?? [];
  }

  public deadLetters(id: string): readonly DeadLetterEntry[] {
    return this.deadLettered.get(id) ?? [];
  }

  /** Sent ids with no outcome yet. */
  public outstanding(): string[] {
    return [...this.sent].filter((id) => !this.processed.has(id) && !this.deadLettered.has(id));
  }

  /**
   * What the outcomes say the consumer did, to hold its metrics to: every processed report and
   * dead letter (duplicates included, as the consumer counted them too), and the retries they
   * took (a message that ended on attempt n was parked n − 1 times).
   */
  public outcomeCounts(): { processed: number; deadLetteredByReason: Record<string, number>; parks: number } {
    let processed = 0;
    let parks = 0;
    const deadLetteredByReason: Record<string, number> = {};
    for (const id of this.sent) {
      const reports = this.processed.get(id) ?? [];
      const letters = this.deadLettered.get(id) ?? [];
      processed += reports.length;
      for (const letter of letters) deadLetteredByReason[letter.reason ?? 'unknown'] = (deadLetteredByReason[letter.reason ?? 'unknown'] ?? 0) + 1;
      const attempts = [...reports.map((r) => r.attempt), ...letters.map((l) => l.attempts ?? 1)];
      if (attempts.length > 0) parks += Math.max(...attempts) - 1;
    }
    return { processed, deadLetteredByReason, parks };
  }

  public totals(): LedgerTotals {
    let processed = 0;
    let deadLettered = 0;
    let duplicates = 0;
    for (const id of this.sent) {
      const outcomes = (this.processed.get(id)?.length ?? 0) + (this.deadLettered.get(id)?.length ?? 0);
      if (this.processed.has(id)) processed++;
      else if (this.deadLettered.has(id)) deadLettered++;
      duplicates += Math.max(0, outcomes - 1);
    }
    return { sent: this.sent.size, processed, deadLettered, lost: this.outstanding().length, duplicates };
  }
}

export function backoffMetadataOf(message: Message): BackoffMetadata | undefined {
  const raw = message.MessageAttributes?.[BACKOFF_ATTRIBUTE]?.StringValue;
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as BackoffMetadata;
  } catch {
    return undefined;
  }
}

function idOf(message: Message): string {
  try {
    return (JSON.parse(message.Body ?? '') as DemoBody).id ?? `<no id: ${message.MessageId}>`;
  } catch {
    return `<not JSON: ${message.MessageId}>`;
  }
}
