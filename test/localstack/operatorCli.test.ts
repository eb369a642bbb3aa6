/**
 * The operator CLI against the consumer-less ops stack on LocalStack (exponential base 30 s).
 * Parked messages are executions started directly with a ParkInput; dead-lettered ones are sent
 * to the DLQ with their x-backoff. The tests of this file run one after the other: they share
 * the ops stack's DLQ.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bufferWriter } from '../../bin/ops/context';
import { EXIT } from '../../bin/ops/errors';
import { main } from '../../bin/sqs-backoff';
import { applyEmulatorEnv, ROOT } from '../../scripts/emulator/emulator';
import { eventually, runTag } from '../helpers/e2eClients';
import { exhaustedMetadata } from '../helpers/exhaustedMetadata';
import { deployedMetricAlarmCount } from '../helpers/stackAlarms';
import { localstackContext, LocalStackContext, takeMessage } from '../helpers/localstackClients';
import { parkInput } from '../helpers/parkInput';
import { LOCALSTACK_STACKS } from './stacks';

const STACK = LOCALSTACK_STACKS.ops;
const RUN = runTag('lsops');
let ls: LocalStackContext;

/** Runs the CLI in-process against LocalStack, as an operator would with `--endpoint-url`. */
async function cli(...argv: string[]) {
  const out = bufferWriter();
  const code = await main([...argv, '--endpoint-url', ls.endpoint], { out });
  return { code, stdout: out.stdout, stderr: out.stderr };
}

async function deadLetter(body: string, originalMessageId: string): Promise<void> {
  await ls.sqs.send(
    new SendMessageCommand({
      QueueUrl: ls.opsOutputs.DeadLetterQueueUrl,
      MessageBody: body,
      MessageAttributes: { 'x-backoff': { DataType: 'String', StringValue: JSON.stringify(exhaustedMetadata(originalMessageId)) } },
    }),
  );
}

async function depth(queueUrl: string): Promise<number> {
  const a = await ls.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(a.Attributes!.ApproximateNumberOfMessages);
}

beforeAll(async () => {
  ls = localstackContext();
  // The CLI, like any SDK v3 program, takes credentials and region from the environment.
  applyEmulatorEnv(ls.endpoint);
  const refused = await cli('dlq', 'purge', STACK);
  expect(refused.code).toBe(EXIT.usage);
  expect(refused.stderr).toMatch(/rerun with --yes/);
  expect((await cli('dlq', 'purge', STACK, '--yes')).code).toBe(EXIT.ok);
  await eventually('an empty ops DLQ', async () => ((await depth(ls.opsOutputs.DeadLetterQueueUrl)) === 0 ? true : undefined), 70_000);
});

describe('sqs-backoff CLI on LocalStack', () => {
  it('status reads the stack: policy, queues, parked retries, DLQ and a row for each of its metric alarms', async () => {
    const r = await cli('status', STACK);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toContain(`stack ${STACK}, transport step-functions, policy {"kind":"exponential","base":30,"cap":300}, max attempts 4`);
    expect(r.stdout).toMatch(/parked retries/);
    const alarms = await deployedMetricAlarmCount(STACK, ls.endpoint);
    expect(alarms).toBeGreaterThanOrEqual(4);
    expect(r.stdout.match(/│ alarm /g)).toHaveLength(alarms);
    const json = JSON.parse((await cli('status', STACK, '--json')).stdout);
    expect(json.alarms.map((a: { state: string }) => a.state)).not.toContain('MISSING');
  });

  it('exits 4 for a stack that does not exist, as a process', () => {
    const r = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      [path.join(ROOT, 'bin', 'sqs-backoff.ts'), 'status', `NoSuchStack${RUN}`, '--endpoint-url', ls.endpoint],
      { cwd: ROOT, env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(EXIT.notFound);
    expect(r.stderr).toContain(`stack "NoSuchStack${RUN}" not found`);
  });

  it('pending lists parked executions soonest first, with the attempt and due time from their input', async () => {
    const ids = [`${RUN}-later`, `${RUN}-sooner`];
    const started = await Promise.all(
      ids.map((id, i) =>
        ls.sfn.send(
          new StartExecutionCommand({
            stateMachineArn: ls.opsOutputs.StateMachineArn,
            name: `${id}-1-x`,
            input: JSON.stringify(
              parkInput({
                queueUrl: ls.opsOutputs.QueueUrl,
                body: id,
                delaySeconds: i === 0 ? 600 : 300,
                backoff: { attempt: 2, firstReceivedAt: new Date().toISOString(), originalMessageId: id },
              }),
            ),
          }),
        ),
      ),
    );
    try {
      const r = await cli('pending', STACK, '--json');
      expect(r.code, r.stderr).toBe(EXIT.ok);
      const mine = (JSON.parse(r.stdout) as { originalMessageId: string; attempt: number; dueInSeconds: number }[]).filter((p) =>
        ids.includes(p.originalMessageId),
      );
      expect(mine.map((p) => p.originalMessageId)).toEqual([`${RUN}-sooner`, `${RUN}-later`]);
      expect(mine.every((p) => p.attempt === 2)).toBe(true);
      expect(mine[0].dueInSeconds).toBeGreaterThan(250);
      expect(mine[0].dueInSeconds).toBeLessThanOrEqual(300);
      const table = await cli('pending', STACK);
      expect(table.stdout).toContain(`${RUN}-sooner-1-x`);
    } finally {
      for (const s of started) await ls.sfn.send(new StopExecutionCommand({ executionArn: s.executionArn }));
    }
  });

  it('dlq peek shows a dead-lettered message with its reason and attempts, leaving it there', async () => {
    await deadLetter(`${RUN}-peek`, `${RUN}-orig-peek`);
    const r = await cli('dlq', 'peek', STACK, '-n', '10', '--json');
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const entry = (JSON.parse(r.stdout) as { originalMessageId?: string; reason?: string; attempts?: number; body: string }[]).find(
      (m) => m.originalMessageId === `${RUN}-orig-peek`,
    );
    expect(entry).toMatchObject({ reason: 'exhausted', attempts: 4, body: `${RUN}-peek` });
    await eventually('the peeked message visible again', async () => ((await depth(ls.opsOutputs.DeadLetterQueueUrl)) === 1 ? true : undefined), 60_000);
  });

  it('dlq redrive --mode copy moves every dead-lettered message back to the work queue', async () => {
    await deadLetter(`${RUN}-copy`, `${RUN}-orig-copy`);
    await eventually('two messages in the DLQ', async () => ((await depth(ls.opsOutputs.DeadLetterQueueUrl)) === 2 ? true : undefined), 60_000);
    const r = await cli('dlq', 'redrive', STACK, '--mode', 'copy', '--rate', '10/s');
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toContain('redrove 2 of 2 messages');
    for (const body of [`${RUN}-peek`, `${RUN}-copy`]) await takeMessage(ls.sqs, ls.opsOutputs.QueueUrl, (m) => m.Body === body);
    expect(await depth(ls.opsOutputs.DeadLetterQueueUrl)).toBe(0);
  });

  it('dlq redrive --mode native starts an SQS message move task, which LocalStack carries out', async () => {
    await deadLetter(`${RUN}-native`, `${RUN}-orig-native`);
    await eventually('one message in the DLQ', async () => ((await depth(ls.opsOutputs.DeadLetterQueueUrl)) === 1 ? true : undefined), 60_000);
    const r = await cli('dlq', 'redrive', STACK, '--mode', 'native');
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/StartMessageMoveTask/);
    await takeMessage(ls.sqs, ls.opsOutputs.QueueUrl, (m) => m.Body === `${RUN}-native`, 60_000);
  });

  it('schedule --stack prints the deployed policy', async () => {
    const r = await cli('schedule', '--stack', STACK);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toContain(`stack ${STACK}: policy exponential base=30 cap=300, max attempts 4`);
    expect(r.stdout).toMatch(/│\s+2 │\s+60 │\s+1m 00s │\s+60 │\s+1m 00s │/);
  });
});
