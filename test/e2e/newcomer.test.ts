/**
 * The first hour of a new user (issue 12), scripted: every step is the command a newcomer types,
 * run as a child process in an environment with no AWS configuration at all (no AWS_* variables,
 * a HOME without ~/.aws), against the suite's emulator on MINISTACK_PORT.
 *
 * `npm run demo`, then the exact hint it prints; `send` with a String and a Binary attribute,
 * processed after one retry; `deploy:local -- stackName=…` deploying that stack; `recall` by the
 * execution name `pending` shows; a misspelt context key failing with the closest key named; a
 * piped `schedule | head -1` exiting cleanly.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_PROFILE_FILE } from '../../bin/ops/localProfile';
import { eventually, runTag } from '../helpers/e2eClients';

const ROOT = path.resolve(__dirname, '..', '..');
const RUN = runTag('nc');
/** The second stack: exponential base 30 s, so its first retry waits 60 s and stays recallable. */
const OTHER_STACK = 'SqsBackoffNewcomer';
const HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'newcomer-home-'));

/** What a newcomer's shell has: a PATH, a HOME without AWS config, and the emulator's port. */
function newcomerEnv(): NodeJS.ProcessEnv {
  const port = new URL(inject('endpoint')).port;
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME, LANG: process.env.LANG ?? 'C.UTF-8', MINISTACK_PORT: port };
  if (process.env.MINISTACK_VENV) env.MINISTACK_VENV = process.env.MINISTACK_VENV;
  return env;
}

function shell(command: string, timeoutMs = 120_000) {
  const r = spawnSync('bash', ['-c', command], { cwd: ROOT, env: newcomerEnv(), encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, all: `${r.stdout}\n${r.stderr}` };
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

afterAll(() => fs.rmSync(HOME, { recursive: true, force: true }));

describe('a newcomer, from the README only', () => {
  it('runs npm run demo, then the exact hint it prints, which finds the emulator with no AWS configuration', () => {
    // GIVEN no record of an earlier deployment: the demo itself must leave what the hint needs
    fs.rmSync(path.join(ROOT, LOCAL_PROFILE_FILE), { force: true });
    const demo = shell('npm run demo', 280_000);
    expect(demo.code, demo.all).toBe(0);
    expect(demo.stdout).toMatch(/^\s+lost\s+0$/m);
    const hint = /try `([^`]+)`/.exec(demo.stdout)?.[1];
    expect(hint).toBe('npm run ops -- status SqsBackoffDemo');

    // WHEN the hint runs exactly as printed
    const status = shell(hint!);
    // THEN it answers, says where it looked, and the SDK's Node notice is not there
    expect(status.code, status.all).toBe(0);
    expect(status.stdout).toContain('stack SqsBackoffDemo, transport step-functions');
    expect(status.stdout).toMatch(/parked retries \(Step Functions\)/);
    expect(status.stderr).toContain(`using the local emulator ${inject('endpoint')}`);
    expect(status.all).not.toContain('NodeVersionSupportWarning');
  }, 300_000);

  it('sends a message with a String and a Binary attribute that is processed after one retry', async () => {
    const id = `${RUN}-send`;
    // WHEN the newcomer sends one message of their own that fails once
    const sent = shell(
      `npm run -s ops -- send SqsBackoffDemo --body ${quote(JSON.stringify({ id, failTimes: 1 }))} ` +
        '--attribute tenant=String:acme --attribute sig=Binary:AAEC/w==',
    );
    expect(sent.code, sent.all).toBe(0);
    expect(sent.stdout).toMatch(/^sent \S+ to http\S+ with 2 attributes$/m);
    // THEN the example consumer reports it processed on attempt 2
    const sqs = new SQSClient({ endpoint: inject('endpoint'), region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const processedUrl = inject('demoOutputs').ProcessedQueueUrl;
    const report = await eventually(`processed report for ${id}`, async () => {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: processedUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 1 }));
      for (const m of Messages) {
        const body = JSON.parse(m.Body ?? '{}') as { id?: string; attempt?: number };
        if (body.id !== id) continue;
        await sqs.send(new DeleteMessageCommand({ QueueUrl: processedUrl, ReceiptHandle: m.ReceiptHandle }));
        return body;
      }
      return undefined;
    }, 90_000);
    expect(report.attempt).toBe(2);
  }, 120_000);

  it('deploys a second stack with deploy:local -- stackName=…, and recalls a parked retry by its execution name', async () => {
    // WHEN a documented key names the stack
    const deploy = shell(`npm run deploy:local -- stackName=${OTHER_STACK} base=30 cap=60 maxAttempts=2`, 280_000);
    // THEN that stack is deployed (not the default one)
    expect(deploy.code, deploy.all).toBe(0);
    expect(deploy.stderr).toContain(`cdk deploy ${OTHER_STACK}`);
    expect(deploy.all).not.toContain('NodeVersionSupportWarning');
    const id = `${RUN}-recall`;
    const sent = shell(`npm run -s ops -- send ${OTHER_STACK} --body ${quote(JSON.stringify({ id, failTimes: 5 }))}`);
    expect(sent.code, sent.all).toBe(0);
    const messageId = /^sent (\S+) to /m.exec(sent.stdout)?.[1];

    // WHEN pending shows the parked retry, and recall gets the name from its last column
    const executionName = await eventually(`a parked retry of ${messageId}`, async () => {
      const listed = shell(`npm run -s ops -- pending ${OTHER_STACK} --json`);
      expect(listed.code, listed.all).toBe(0);
      const entries = JSON.parse(listed.stdout) as Array<{ originalMessageId: string | null; executionName: string }>;
      return entries.find((e) => e.originalMessageId === messageId)?.executionName;
    }, 60_000, 2_000);
    const recalled = shell(`npm run -s ops -- recall ${OTHER_STACK} ${executionName}`);
    // THEN it is stopped
    expect(recalled.code, recalled.all).toBe(0);
    expect(recalled.stdout).toContain(`recalled ${executionName}`);
  }, 300_000);

  it('fails on a misspelt context key, naming the closest known key', () => {
    const r = shell('npm run deploy:local -- maxAtempts=0');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('unknown context key "maxAtempts" — did you mean maxAttempts?');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits cleanly when the reader of schedule closes the pipe early', () => {
    const head = shell('set -o pipefail; npm run -s ops -- schedule --stack SqsBackoffDemo | head -1');
    expect(head.code, head.all).toBe(0);
    expect(head.stdout).toBe('stack SqsBackoffDemo: policy exponential base=1 cap=8, max attempts 4\n');
    expect(head.stderr).not.toContain('EPIPE');
    // A reader that reads nothing makes every write fail with EPIPE, whatever the timing.
    const none = shell('set -o pipefail; npm run -s ops -- schedule --policy exponential --base 1 --max-attempts 20 | true');
    expect(none.code, none.all).toBe(0);
    expect(none.stderr).not.toContain('EPIPE');
  });
});
