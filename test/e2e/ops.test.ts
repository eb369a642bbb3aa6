/**
 * The operator CLI against a real deployment on the emulator.
 *
 * Deploys its own copy of the example app, stack `SqsBackoffOps`, with long waits (exponential,
 * base 30 s → the first retry waits 60 s) so a parked message stays parked while the test looks
 * at it; the shared `SqsBackoffDemo` keeps the short defaults the other e2e files rely on.
 * Every message id carries a per-run tag, so leftovers of an earlier run cannot confuse it.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bufferWriter } from '../../bin/ops/context';
import { EXIT } from '../../bin/ops/errors';
import { main } from '../../bin/sqs-backoff';
import { BackoffMetadata } from '../../lambda/contract';
import { deployLocal, Outputs } from '../../scripts/deployLocal';
import { applyEmulatorEnv, ensureEmulator } from '../../scripts/emulator/emulator';
import { eventually } from '../helpers/e2eClients';
import { exhaustedMetadata } from '../helpers/exhaustedMetadata';
import { deployedMetricAlarmCount } from '../helpers/stackAlarms';

const STACK = 'SqsBackoffOps';
const ROOT = path.resolve(__dirname, '..', '..');
const RUN = `ops${Date.now().toString(36)}`;
/** The first retry of the ops stack waits base·2 = 60 s. */
const FIRST_DELAY = 60;

let outputs: Outputs;
let sqs: SQSClient;
let sfn: SFNClient;
let stopEmulator: (() => Promise<void>) | undefined;

/** Runs the CLI in-process; returns the exit code and what it printed. */
async function cli(...argv: string[]) {
  const out = bufferWriter();
  const code = await main(argv, { out });
  return { code, stdout: out.stdout, stderr: out.stderr };
}

/** Runs the real entry point in a child process, for exit codes as a shell sees them. */
function cliProcess(...argv: string[]) {
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'bin', 'sqs-backoff.ts'), ...argv], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const until = eventually;

interface PendingEntry {
  originalMessageId: string | null;
  attempt: number | null;
  lastError: { name: string; message: string } | null;
  dueAt: string | null;
  dueInSeconds: number | null;
  executionName: string;
  executionArn: string;
}

async function pendingFor(originalMessageId: string): Promise<PendingEntry | undefined> {
  const r = await cli('pending', STACK, '--json');
  expect(r.code, r.stderr).toBe(EXIT.ok);
  return (JSON.parse(r.stdout) as PendingEntry[]).find((p) => p.originalMessageId === originalMessageId);
}

async function send(queueUrl: string, body: object, backoff?: BackoffMetadata): Promise<string> {
  const r = await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(body),
      MessageAttributes: {
        tenant: { DataType: 'String', StringValue: `acme-${RUN}` },
        ...(backoff ? { 'x-backoff': { DataType: 'String', StringValue: JSON.stringify(backoff) } } : {}),
      },
    }),
  );
  return r.MessageId!;
}

/** Processed records seen so far, by demo id (the processed queue is drained as it is read). */
const processed = new Map<string, { id: string; attempt: number }>();
async function processedRecord(id: string) {
  if (!processed.has(id)) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: outputs.ProcessedQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const m of r.Messages ?? []) {
      const record = JSON.parse(m.Body!) as { id: string; attempt: number };
      processed.set(record.id, record);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: outputs.ProcessedQueueUrl, ReceiptHandle: m.ReceiptHandle! }));
    }
  }
  return processed.get(id);
}

async function executionsOf(originalMessageId: string) {
  const r = await sfn.send(new ListExecutionsCommand({ stateMachineArn: outputs.StateMachineArn, maxResults: 1000 }));
  return (r.executions ?? []).filter((e) => e.name!.startsWith(originalMessageId));
}

beforeAll(async () => {
  // The e2e globalSetup provides the emulator it started (or reused); run alone, find one.
  let endpoint = inject('endpoint') as string | undefined;
  if (!endpoint) {
    const emulator = await ensureEmulator();
    stopEmulator = emulator.started ? emulator.stop : undefined;
    endpoint = emulator.endpoint;
  }
  // The CLI runs in-process and, like any SDK v3 program, reads AWS_ENDPOINT_URL and the keys.
  applyEmulatorEnv(endpoint);
  outputs = await deployLocal({
    endpoint,
    stackName: STACK,
    context: { stackName: STACK, policy: 'exponential', base: 30, cap: 300, maxAttempts: 4 },
    outputsFile: path.join(ROOT, 'cdk.out', 'outputs.ops.json'),
    // A cloud assembly of its own: other e2e files synthesize theirs at the same time.
    cdkOutDir: path.join(ROOT, 'cdk.out', `e2e-${STACK}`),
  });
  sqs = new SQSClient({});
  sfn = new SFNClient({});
  // Start from an empty dead-letter queue (this also exercises purge and its --yes guard).
  const refused = await cli('dlq', 'purge', STACK);
  expect(refused.code).toBe(EXIT.usage);
  expect(refused.stderr).toMatch(/rerun with --yes/);
  const purged = await cli('dlq', 'purge', STACK, '--yes');
  expect(purged.code, purged.stderr).toBe(EXIT.ok);
  await until('an empty dead-letter queue', async () => {
    const a = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: outputs.DeadLetterQueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    return a.Attributes?.ApproximateNumberOfMessages === '0' ? true : undefined;
  }, 70_000);
}, 900_000);

afterAll(async () => {
  await stopEmulator?.();
});

describe('sqs-backoff against the emulator', () => {
  it('status reads the stack: queues, parked retries, DLQ, a row for each of its metric alarms', async () => {
    const r = await cli('status', STACK);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toContain(`stack ${STACK}, transport step-functions, policy {"kind":"exponential","base":30,"cap":300}, max attempts 4`);
    expect(r.stdout).toMatch(/work queue: waiting/);
    expect(r.stdout).toMatch(/parked retries/);
    expect(r.stdout).toMatch(/dead-letter queue\s+│ 0/);
    const alarms = await deployedMetricAlarmCount(STACK);
    expect(alarms).toBeGreaterThanOrEqual(4);
    expect(r.stdout.match(/│ alarm /g)).toHaveLength(alarms);
    const json = JSON.parse((await cli('status', STACK, '--json')).stdout);
    expect(json.alarms.map((a: { state: string }) => a.state)).not.toContain('MISSING');
  });

  it('exits 4 for a stack that does not exist, as a process', () => {
    const r = cliProcess('status', `NoSuchStack${RUN}`);
    expect(r.code).toBe(EXIT.notFound);
    expect(r.stderr.trim()).toBe(`sqs-backoff: stack "NoSuchStack${RUN}" not found in ${process.env.AWS_REGION} — check the name and --region or AWS_REGION`);
  });

  it('shows parked messages in pending; recall stops them for good, --to-dlq moves one to the DLQ', async () => {
    const kept = await send(outputs.QueueUrl, { id: `${RUN}-recall`, failTimes: 5 });
    const moved = await send(outputs.QueueUrl, { id: `${RUN}-to-dlq`, failTimes: 5 });

    const parked = await until('both messages parked', async () => {
      const [a, b] = [await pendingFor(kept), await pendingFor(moved)];
      return a && b ? { a, b } : undefined;
    });
    expect(parked.a.attempt).toBe(1);
    expect(parked.a.lastError?.message).toContain(`message ${RUN}-recall: simulated failure 1 of 5`);
    expect(parked.a.dueInSeconds).toBeGreaterThan(0);
    expect(parked.a.dueInSeconds).toBeLessThanOrEqual(FIRST_DELAY);
    const table = await cli('pending', STACK);
    expect(table.stdout).toContain(kept);
    expect(table.stdout).toContain(parked.a.executionName);

    const r1 = await cli('recall', STACK, kept);
    expect(r1.code, r1.stderr).toBe(EXIT.ok);
    expect(r1.stdout).toContain(`recalled ${parked.a.executionName}`);
    const r2 = await cli('recall', STACK, moved, '--to-dlq');
    expect(r2.code, r2.stderr).toBe(EXIT.ok);
    expect(r2.stdout).toMatch(/sent to the dead-letter queue as \S+ \(reason recalled\)/);

    for (const p of [parked.a, parked.b]) {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn: p.executionArn }));
      expect(d.status).toBe('ABORTED');
      expect(d.cause).toBe('recalled by operator');
    }
    expect(await pendingFor(kept)).toBeUndefined();

    // Nothing left: exit 3, as a shell sees it.
    const again = cliProcess('recall', STACK, kept);
    expect(again.code).toBe(EXIT.nothingFound);
    expect(again.stderr).toMatch(new RegExp(`^nothing parked for message id ${kept}`));

    // The recalled message is in the DLQ, body and user attribute verbatim, reason recalled.
    const peek = await cli('dlq', 'peek', STACK, '-n', '20', '--json');
    expect(peek.code, peek.stderr).toBe(EXIT.ok);
    const entry = (JSON.parse(peek.stdout) as { originalMessageId?: string; reason?: string; body: string; attempts?: number }[]).find(
      (m) => m.originalMessageId === moved,
    );
    expect(entry).toMatchObject({ reason: 'recalled', attempts: 1, body: JSON.stringify({ id: `${RUN}-to-dlq`, failTimes: 5 }) });
    const raw = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: outputs.DeadLetterQueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], VisibilityTimeout: 0 }),
    );
    const dlqCopy = raw.Messages?.find((m) => m.Body === entry!.body);
    expect(dlqCopy?.MessageAttributes?.tenant?.StringValue).toBe(`acme-${RUN}`);

    // Neither comes back to the queue: past the due time there is no second attempt and no
    // processed record, and each message still has exactly its one (aborted) execution.
    const waitMs = new Date(parked.b.dueAt!).getTime() + 10_000 - Date.now();
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
    for (const id of [kept, moved]) {
      const executions = await executionsOf(id);
      expect(executions.map((e) => e.status)).toEqual(['ABORTED']);
    }
    expect(await processedRecord(`${RUN}-recall`)).toBeUndefined();
    expect(await processedRecord(`${RUN}-to-dlq`)).toBeUndefined();

    // Leave the DLQ empty for the next test.
    const purge = await cli('dlq', 'purge', STACK, '--yes');
    expect(purge.code, purge.stderr).toBe(EXIT.ok);
  });

  it('dlq redrive replays dead-lettered messages from attempt 1, keeping their history', async () => {
    await until('an empty dead-letter queue', async () => {
      const a = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: outputs.DeadLetterQueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
      return a.Attributes?.ApproximateNumberOfMessages === '0' ? true : undefined;
    }, 70_000);
    // One that now succeeds at once, one that fails once more (and so parks again).
    await send(outputs.DeadLetterQueueUrl, { id: `${RUN}-ok` }, exhaustedMetadata(`${RUN}-orig-ok`));
    await send(outputs.DeadLetterQueueUrl, { id: `${RUN}-again`, failTimes: 1 }, exhaustedMetadata(`${RUN}-orig-again`));

    const r = await cli('dlq', 'redrive', STACK, '--rate', '10/s');
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toContain('redrove 2 of 2 messages');

    // Processed on the first attempt of its new run.
    const done = await until('the redriven message to be processed', () => processedRecord(`${RUN}-ok`));
    expect(done.attempt).toBe(1);

    // The other failed attempt 1 of its second run and parked, its previous run in history.
    const again = await until('the redriven message to park again', () => pendingFor(`${RUN}-orig-again`));
    expect(again.attempt).toBe(1);
    expect(again.executionName).toContain('-r1-');
    const input = JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn: again.executionArn }))).input!);
    expect(input.backoff.history).toEqual([expect.objectContaining({ attempt: 4, reason: 'exhausted', lastError: { name: 'DemoTransientError', message: 'downstream was down' } })]);

    // Nothing is left in the DLQ; clean up the parked one.
    const a = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: outputs.DeadLetterQueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(a.Attributes?.ApproximateNumberOfMessages).toBe('0');
    expect((await cli('recall', STACK, `${RUN}-orig-again`)).code).toBe(EXIT.ok);
  });

  // The pinned MiniStack has no StartMessageMoveTask (docs/emulator.md); the CLI must say what to
  // do instead. The move itself is unit-tested against a mocked SQS (test/unit/ops/dlq.test.ts).
  it('dlq redrive --mode native, on an emulator without StartMessageMoveTask, fails and says to use --mode copy', async () => {
    const r = await cli('dlq', 'redrive', STACK, '--mode', 'native');
    expect(r.code).toBe(EXIT.unexpected);
    expect(r.stderr.trim()).toBe('sqs-backoff: this endpoint does not support StartMessageMoveTask — rerun with --mode copy');
  });

  it('schedule --stack prints the deployed policy', async () => {
    const r = await cli('schedule', '--stack', STACK);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toContain(`stack ${STACK}: policy exponential base=30 cap=300, max attempts 4`);
    expect(r.stdout).toMatch(/│\s+2 │\s+60 │\s+1m 00s │\s+60 │\s+1m 00s │/);
  });
});
