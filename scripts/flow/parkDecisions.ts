import type { LambdaClient } from '@aws-sdk/client-lambda';
import { decisionLines, logGroupOf } from './consumerLogs';

/** Which transport carried the parks of a run, and why any went to a fallback, from the consumer's own log lines. */
export interface ParkCounts {
  /** Parks by the `transport` field of the consumer's `parked` lines. */
  readonly byTransport: Readonly<Record<string, number>>;
  /** Parks that fell back to another transport, by the `fallback` field (`step-functions-throttled`, …). */
  readonly fallbacks: Readonly<Record<string, number>>;
  readonly total: number;
  /** `already-parked` lines: a second delivery of a message whose retry was already arranged, not a new park. */
  readonly alreadyParked: number;
}

interface DecisionLine {
  readonly msg?: string;
  readonly transport?: unknown;
  readonly fallback?: unknown;
}

/** Counts the park decisions among the consumer's JSON log lines (lambda/runtime/logger.ts). */
export function countParks(lines: readonly DecisionLine[]): ParkCounts {
  const byTransport: Record<string, number> = {};
  const fallbacks: Record<string, number> = {};
  let total = 0;
  let alreadyParked = 0;
  for (const line of lines) {
    if (line.msg === 'already-parked') alreadyParked++;
    if (line.msg !== 'parked') continue;
    total++;
    const transport = typeof line.transport === 'string' ? line.transport : 'unknown';
    byTransport[transport] = (byTransport[transport] ?? 0) + 1;
    if (typeof line.fallback === 'string') fallbacks[line.fallback] = (fallbacks[line.fallback] ?? 0) + 1;
  }
  return { byTransport, fallbacks, total, alreadyParked };
}

/** `step-functions 1,176` or `none`, for a summary line. */
export function formatCounts(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? 'none' : entries.map(([name, n]) => `${name} ${n.toLocaleString('en-US')}`).join(', ');
}

/**
 * The park decisions the consumer logged since `sinceMs`, read back from the emulator's
 * CloudWatch Logs. Log delivery may trail the last outcome a little, so it reads again (up to
 * `settleMs`) while fewer than `atLeast` parks are there.
 */
export async function parkDecisions(
  emulator: { readonly lambda: LambdaClient; readonly endpoint: string },
  functionName: string,
  sinceMs: number,
  atLeast: number,
  settleMs = 10_000,
): Promise<ParkCounts> {
  const { lambda, endpoint } = emulator;
  const logGroupName = await logGroupOf(lambda, functionName);
  const giveUpAt = Date.now() + settleMs;
  for (;;) {
    const counts = countParks(await decisionLines(endpoint, logGroupName, sinceMs));
    if (counts.total >= atLeast || Date.now() >= giveUpAt) return counts;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
