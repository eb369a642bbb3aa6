/**
 * The operator CLI (`bin/sqs-backoff.ts`) run against a stack on the emulator, as a user runs it:
 * explicit `--endpoint-url` and `--region`, and the emulator's test keys. `run` is the real entry
 * point in a child process (exit codes and output as a shell sees them, about a second each);
 * `runInProcess` is the same `main()` without the process start, for checks that poll.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { bufferWriter, createClients } from '../../bin/ops/context';
import { main } from '../../bin/sqs-backoff';

const ROOT = path.resolve(__dirname, '..', '..');
const REGION = 'us-east-1';
const KEYS = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface OpsCli {
  /** `tsx bin/sqs-backoff.ts <argv> --endpoint-url <endpoint> --region us-east-1` in a child process. */
  run(...argv: string[]): Promise<CliResult>;
  /** The same command through `main()` in this process. */
  runInProcess(...argv: string[]): Promise<CliResult>;
}

export function opsCli(endpoint: string): OpsCli {
  const flags = ['--endpoint-url', endpoint, '--region', REGION];
  return {
    run: (...argv) => spawnCli([...argv, ...flags]),
    async runInProcess(...argv) {
      const out = bufferWriter();
      const code = await main([...argv, ...flags], {
        out,
        env: { AWS_REGION: REGION },
        makeClients: (options) => createClients({ ...options, credentials: KEYS }),
      });
      return { code, stdout: out.stdout, stderr: out.stderr };
    },
  };
}

function spawnCli(argv: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'bin', 'sqs-backoff.ts'), ...argv], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
