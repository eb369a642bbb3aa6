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
  let nextToken: string | undefined;
  do {
    const page = await logsCall(endpoint, 'FilterLogEvents', { logGroupName, startTime: sinceMs, nextToken });
    if (page === undefined) return lines; // the log group does not exist yet
    for (const event of (page.events ?? []) as Array<{ message?: string }>) {
      for (const text of (event.message ?? '').split('\n')) {
        const start = text.indexOf('{"level"');
        if (start < 0) continue;
        try {
          lines.push(JSON.parse(text.slice(start)) as DecisionLine);
        } catch {
          // a line cut by the log pipeline: not a decision we can read
        }
      }
    }
    nextToken = page.nextToken as string | undefined;
  } while (nextToken);
  return lines;
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
