import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';

/**
 * The consumer's own JSON decision lines (lambda/runtime/logger.ts), read back from the
 * emulator's CloudWatch Logs (the function's log group): the positive signal an e2e test waits
 * for before it asserts that something did NOT happen (instead of sleeping a fixed window), and
 * where the load run reads which transport carried each park.
 * Plain JSON-protocol calls, as the project does not depend on the CloudWatch Logs client.
 */
export interface DecisionLine {
  readonly level: string;
  readonly msg: string;
  readonly messageId?: string;
  readonly [field: string]: unknown;
}

/** The log group a function writes to: its LoggingConfig's (the construct sets one), or Lambda's default. */
export async function logGroupOf(lambda: LambdaClient, functionName: string): Promise<string> {
  const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  return config.LoggingConfig?.LogGroup ?? `/aws/lambda/${functionName}`;
}

export async function decisionLines(endpoint: string, logGroupName: string, sinceMs: number): Promise<DecisionLine[]> {
  const lines: DecisionLine[] = [];
  for (const text of await logLines(endpoint, logGroupName, sinceMs)) {
    const start = text.indexOf('{"level"');
    if (start < 0) continue;
    try {
      lines.push(JSON.parse(text.slice(start)) as DecisionLine);
    } catch {
      // a line cut by the log pipeline: not a decision we can read
    }
  }
  return lines;
}

/** The most events one FilterLogEvents answer holds (AWS's and MiniStack's default and maximum `limit`). */
export const FILTER_PAGE_EVENTS = 10_000;

/**
 * Every log line of the group since `sinceMs`, oldest first. Follows `nextToken`; and where an
 * endpoint caps an answer at `FILTER_PAGE_EVENTS` events without a `nextToken` (MiniStack 1.5.33
 * does: the load run's per-transport count lost every park after the first 10,000 events), asks
 * again from the newest timestamp it got, skipping the events (by `eventId`) it already has.
 */
export async function logLines(endpoint: string, logGroupName: string, sinceMs: number): Promise<string[]> {
  const lines: string[] = [];
  const seen = new Set<string>();
  let startTime = sinceMs;
  for (;;) {
    let nextToken: string | undefined;
    let newest = startTime;
    let fresh = 0;
    let capped = false;
    do {
      const page = await logsCall(endpoint, 'FilterLogEvents', { logGroupName, startTime, nextToken });
      if (page === undefined) return lines; // the log group does not exist yet
      const events = (page.events ?? []) as Array<{ message?: string; eventId?: string; timestamp?: number }>;
      for (const event of events) {
        const key = event.eventId ?? `${event.timestamp}:${event.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        fresh++;
        newest = Math.max(newest, event.timestamp ?? newest);
        lines.push(...(event.message ?? '').split('\n'));
      }
      nextToken = page.nextToken as string | undefined;
      capped = nextToken === undefined && events.length >= FILTER_PAGE_EVENTS;
    } while (nextToken);
    // A full answer without a token may have more behind it; nothing new means nothing more.
    if (!capped || fresh === 0) return lines;
    startTime = newest;
  }
}

async function logsCall(endpoint: string, action: string, body: object): Promise<Record<string, unknown> | undefined> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `Logs_20140328.${action}`,
      // The emulator routes by the credential scope and does not check the signature.
      Authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status === 400 && text.includes('ResourceNotFoundException')) return undefined;
  if (!response.ok) throw new Error(`CloudWatch Logs ${action} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}
