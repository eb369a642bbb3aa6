import type { LambdaClient } from '@aws-sdk/client-lambda';
import { DecisionLine, decisionLines, logGroupOf } from './consumerLogs';

/** One retry as the consumer logged it when it parked the message: which transport carried it. */
export interface ParkEvent {
  readonly originalMessageId: string;
  /** The attempt that failed; the retry is attempt + 1. */
  readonly attempt: number;
  readonly delaySeconds: number;
  readonly transport: string;
  /** Why another transport carried it (`step-functions-throttled`, …), when one did. */
  readonly fallback?: string;
}

/** The park a consumer's `parked` log line records, or undefined for any other line. */
export function parkEventOf(line: DecisionLine): ParkEvent | undefined {
  const { msg, originalMessageId, attempt, delaySeconds, transport, fallback } = line;
  if (msg !== 'parked') return undefined;
  if (typeof originalMessageId !== 'string' || typeof attempt !== 'number' || typeof delaySeconds !== 'number' || typeof transport !== 'string') {
    return undefined;
  }
  return { originalMessageId, attempt, delaySeconds, transport, fallback: typeof fallback === 'string' ? fallback : undefined };
}

/**
 * Follows the parks of a run from the consumer's own log lines: the one place that says which
 * transport carried every retry (delayed copies and hidden messages cannot be listed from SQS),
 * fallbacks included. Each park is reported once, however often its line is read.
 */
export class ParkLogWatcher {
  private readonly seen = new Set<string>();
  private logGroup: string | undefined;

  constructor(
    private readonly lambda: LambdaClient,
    private readonly endpoint: string,
    private readonly functionName: string,
    /** Lines logged before this (epoch ms) belong to earlier runs. */
    private readonly sinceMs: number,
  ) {}

  /** Reports the parks logged since the last poll; returns how many were new. */
  public async poll(onPark: (event: ParkEvent) => void): Promise<number> {
    this.logGroup ??= await logGroupOf(this.lambda, this.functionName);
    let fresh = 0;
    for (const line of await decisionLines(this.endpoint, this.logGroup, this.sinceMs)) {
      const event = parkEventOf(line);
      if (event === undefined) continue;
      const key = `${event.originalMessageId}#${event.attempt}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      fresh++;
      onPark(event);
    }
    return fresh;
  }
}
