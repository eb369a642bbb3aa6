/**
 * What every command gets injected: the AWS clients, somewhere to write, and a clock. The CLI
 * entry builds the real ones; unit tests pass aws-sdk-client-mock clients and a string buffer.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';

export interface OpsClients {
  readonly sqs: SQSClient;
  readonly sfn: SFNClient;
  readonly cfn: CloudFormationClient;
  readonly cloudwatch: CloudWatchClient;
}

/** Where a command writes: `out` for results (stdout), `err` for progress and notes (stderr). */
export interface Writer {
  out(text: string): void;
  err(text: string): void;
}

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface OpsContext {
  readonly clients: OpsClients;
  readonly out: Writer;
  readonly clock: Clock;
  /** For error messages: the region the clients talk to. */
  readonly region?: string;
}

export interface ClientOptions {
  readonly region?: string;
  readonly endpoint?: string;
  /** Only for the local emulator (`.sqs-backoff/local.json`), which takes any keys. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/**
 * Real clients. `endpoint` (from `--endpoint-url`) wins over `AWS_ENDPOINT_URL`, which the SDK
 * reads by itself when no endpoint is given.
 */
export function createClients(options: ClientOptions): OpsClients {
  const config = {
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
  return {
    sqs: new SQSClient(config),
    sfn: new SFNClient(config),
    cfn: new CloudFormationClient(config),
    cloudwatch: new CloudWatchClient(config),
  };
}

/** A writer that keeps everything, for tests and for capturing docs. */
export function bufferWriter(): Writer & { stdout: string; stderr: string } {
  const w = {
    stdout: '',
    stderr: '',
    out(text: string) {
      w.stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    err(text: string) {
      w.stderr += text.endsWith('\n') ? text : `${text}\n`;
    },
  };
  return w;
}

export const processWriter: Writer = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};
