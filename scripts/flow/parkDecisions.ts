import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';

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
  readonly transport?: string;
  readonly fallback?: string;
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
    const transport = line.transport ?? 'unknown';
    byTransport[transport] = (byTransport[transport] ?? 0) + 1;
    if (line.fallback !== undefined) fallbacks[line.fallback] = (fallbacks[line.fallback] ?? 0) + 1;
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
  const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  const logGroupName = config.LoggingConfig?.LogGroup ?? `/aws/lambda/${functionName}`;
  const giveUpAt = Date.now() + settleMs;
  for (;;) {
    const counts = countParks(await logLines(endpoint, logGroupName, sinceMs));
    if (counts.total >= atLeast || Date.now() >= giveUpAt) return counts;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function logLines(endpoint: string, logGroupName: string, startTime: number): Promise<DecisionLine[]> {
  const lines: DecisionLine[] = [];
  let nextToken: string | undefined;
  do {
    const page = await filterLogEvents(endpoint, { logGroupName, startTime, nextToken });
    if (page === undefined) return lines; // no log group yet: nothing was logged
    for (const event of page.events ?? []) lines.push(...jsonLines(event.message ?? ''));
    nextToken = page.nextToken;
  } while (nextToken);
  return lines;
}

function jsonLines(text: string): DecisionLine[] {
  const lines: DecisionLine[] = [];
  for (const line of text.split('\n')) {
    const start = line.indexOf('{"level"');
    if (start < 0) continue;
    try {
      lines.push(JSON.parse(line.slice(start)) as DecisionLine);
    } catch {
      // a line cut by the log pipeline: not a decision we can read
    }
  }
  return lines;
}

interface FilterLogEventsPage {
  readonly events?: Array<{ message?: string }>;
  readonly nextToken?: string;
}

/** A plain JSON-protocol call: the project does not depend on the CloudWatch Logs client. */
async function filterLogEvents(endpoint: string, body: object): Promise<FilterLogEventsPage | undefined> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'Logs_20140328.FilterLogEvents',
      // The emulator routes by the credential scope and does not check the signature.
      Authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status === 400 && text.includes('ResourceNotFoundException')) return undefined;
  if (!response.ok) throw new Error(`CloudWatch Logs FilterLogEvents answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as FilterLogEventsPage;
}
