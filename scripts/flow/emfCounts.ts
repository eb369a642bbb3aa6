import type { LambdaClient } from '@aws-sdk/client-lambda';
import { DIMENSION, METRIC } from '../../lambda/metricNames';
import { logGroupOf, logLines } from './consumerLogs';

/** What the consumer's Embedded Metric Format lines (lambda/runtime/metrics.ts) add up to. */
export interface EmfCounts {
  /** EMF lines read. */
  readonly lines: number;
  readonly processed: number;
  readonly recovered: number;
  readonly parkFailed: number;
  readonly deadLetterFailed: number;
  readonly parkedByTransport: Readonly<Record<string, number>>;
  readonly deadLetteredByReason: Readonly<Record<string, number>>;
  readonly fallbacksByCause: Readonly<Record<string, number>>;
}

type Doc = Record<string, unknown>;

/** Sums the EMF documents among `lines` (a line that is not one is skipped). */
export function countEmf(lines: readonly string[]): EmfCounts {
  const counts = { lines: 0, processed: 0, recovered: 0, parkFailed: 0, deadLetterFailed: 0 };
  const parkedByTransport: Record<string, number> = {};
  const deadLetteredByReason: Record<string, number> = {};
  const fallbacksByCause: Record<string, number> = {};
  const number = (doc: Doc, name: string) => (typeof doc[name] === 'number' ? (doc[name] as number) : 0);
  const add = (into: Record<string, number>, doc: Doc, dimension: string, name: string) => {
    if (typeof doc[dimension] === 'string' && typeof doc[name] === 'number') into[doc[dimension] as string] = (into[doc[dimension] as string] ?? 0) + (doc[name] as number);
  };
  for (const text of lines) {
    const start = text.indexOf('{"_aws"');
    if (start < 0) continue;
    let doc: Doc;
    try {
      doc = JSON.parse(text.slice(start)) as Doc;
    } catch {
      continue;
    }
    counts.lines++;
    counts.processed += number(doc, METRIC.processed);
    counts.recovered += number(doc, METRIC.recovered);
    counts.parkFailed += number(doc, METRIC.parkFailed);
    counts.deadLetterFailed += number(doc, METRIC.deadLetterFailed);
    add(parkedByTransport, doc, DIMENSION.transport, METRIC.parked);
    add(deadLetteredByReason, doc, DIMENSION.reason, METRIC.deadLettered);
    add(fallbacksByCause, doc, DIMENSION.fallbackCause, METRIC.fallback);
  }
  return { ...counts, parkedByTransport, deadLetteredByReason, fallbacksByCause };
}

/** Sum of a by-dimension count. */
export function total(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/**
 * The consumer's EMF lines since `sinceMs`, summed, read with FilterLogEvents. Log delivery may
 * trail the last outcome, so it reads again (up to `settleMs`) while `enough` says no.
 */
export async function emfCounts(
  emulator: { readonly lambda: LambdaClient; readonly endpoint: string },
  functionName: string,
  sinceMs: number,
  enough: (counts: EmfCounts) => boolean = () => true,
  settleMs = 10_000,
): Promise<EmfCounts> {
  const logGroupName = await logGroupOf(emulator.lambda, functionName);
  const giveUpAt = Date.now() + settleMs;
  for (;;) {
    const counts = countEmf(await logLines(emulator.endpoint, logGroupName, sinceMs));
    if (enough(counts) || Date.now() >= giveUpAt) return counts;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
