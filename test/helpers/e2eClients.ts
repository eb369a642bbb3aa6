import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { DemoOutputs, assertDemoOutputs } from '../../scripts/flow/stackOutputs';

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** SDK clients pointed at the emulator the e2e globalSetup started, and the demo stack's outputs. */
export function e2eContext(): { sqs: SQSClient; sfn: SFNClient; cloudwatch: CloudWatchClient; lambda: LambdaClient; outputs: DemoOutputs; endpoint: string } {
  const endpoint = inject('endpoint');
  const config = { endpoint, region: process.env.AWS_REGION ?? 'us-east-1', credentials: CREDENTIALS };
  return {
    sqs: new SQSClient(config),
    sfn: new SFNClient(config),
    cloudwatch: new CloudWatchClient(config),
    lambda: new LambdaClient(config),
    outputs: assertDemoOutputs(inject('demoOutputs')),
    endpoint,
  };
}

/** Polls `probe` until it returns a value, or fails naming what it waited for. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 1_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A tag unique to this run, so that leftovers of an earlier run on the same stack never match. */
export function runTag(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}
