import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { buildSync, type BuildOptions } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NonRetryableError, withBackoff } from '../../../lambda/runtime';
import { TEST_CONFIG } from '../../helpers/backoffHarness';
import { lambdaContext } from '../../helpers/lambdaContext';
import { MemoryLogger } from '../../helpers/memoryLogger';
import { sqsEvent, sqsRecord } from '../../helpers/sqsRecord';

const PROJECT = resolve(__dirname, '../../..');

/** The runtime bundled as the construct bundles it: esbuild, minify with keepNames, CommonJS, node22, `@aws-sdk/*` external. */
const AS_THE_CONSTRUCT_BUNDLES: BuildOptions = {
  entryPoints: [join(PROJECT, 'lambda/runtime/index.ts')],
  bundle: true,
  minify: true,
  keepNames: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  external: ['@aws-sdk/*'],
  logLevel: 'silent',
};

/**
 * Runs `script` in a fresh node next to the runtime bundled as the construct bundles it
 * (esbuild, minify with keepNames, CommonJS, node22, `@aws-sdk/*` external), resolving the
 * external SDK from the project's node_modules as Lambda resolves it from its runtime.
 */
function runAgainstBundle(script: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'sqs-backoff-lazy-sdk-'));
  try {
    buildSync({ ...AS_THE_CONSTRUCT_BUNDLES, outfile: join(dir, 'runtime.js') });
    writeFileSync(join(dir, 'probe.js'), script);
    const out = execFileSync(process.execPath, [join(dir, 'probe.js')], {
      cwd: dir,
      env: { ...process.env, NODE_PATH: join(PROJECT, 'node_modules'), AWS_REGION: 'us-east-1' },
      encoding: 'utf8',
    });
    return JSON.parse(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the AWS SDK is loaded lazily', () => {
  it('is not required by loading the bundled runtime or processing messages that succeed; the first park and dead-letter require it', () => {
    // GIVEN the bundled runtime with injected stub clients, in a fresh process
    const result = runAgainstBundle(`
      const sdkModules = () => [...new Set(Object.keys(require.cache)
        .map((file) => /@aws-sdk[\\\\/](client-[a-z]+)[\\\\/]/.exec(file)?.[1]).filter(Boolean))].sort();
      const runtime = require('./runtime.js');
      const out = { afterRequire: sdkModules(), sent: [] };
      const client = { send: async (command) => { out.sent.push(command.constructor.name); return {}; } };
      const handler = runtime.withBackoff(async (message) => {
        if (message.body === 'retry') throw new Error('retry me');
        if (message.body === 'poison') throw new runtime.NonRetryableError('never');
      }, {
        clients: { sfn: client, sqs: client },
        logger: { debug() {}, info() {}, warn() {}, error() {} },
        writeMetrics() {},
        config: ${JSON.stringify(TEST_CONFIG)},
      });
      const event = (body) => ({ Records: [{ messageId: 'm-' + body, receiptHandle: 'r', body, messageAttributes: {},
        attributes: { ApproximateReceiveCount: '1', ApproximateFirstReceiveTimestamp: '1767225600000' },
        eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:work', awsRegion: 'us-east-1', md5OfBody: 'x' }] });
      (async () => {
        out.successResult = await handler(event('ok'), {});
        out.afterSuccess = sdkModules();
        out.parkResult = await handler(event('retry'), {});
        out.afterPark = sdkModules();
        out.deadLetterResult = await handler(event('poison'), {});
        out.afterDeadLetter = sdkModules();
        process.stdout.write(JSON.stringify(out));
      })();
    `);
    // THEN neither client module is loaded until a message is parked (client-sfn) or dead-lettered (client-sqs)
    expect(result).toEqual({
      afterRequire: [],
      successResult: { batchItemFailures: [] },
      afterSuccess: [],
      parkResult: { batchItemFailures: [] },
      afterPark: ['client-sfn'],
      deadLetterResult: { batchItemFailures: [] },
      afterDeadLetter: ['client-sfn', 'client-sqs'],
      sent: ['StartExecutionCommand', 'SendMessageCommand'],
    });
  });

  it('leaves the lazy requires external in the bundle, with no top-level SDK require', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sqs-backoff-lazy-sdk-'));
    try {
      const outfile = join(dir, 'runtime.js');
      const built = buildSync({ ...AS_THE_CONSTRUCT_BUNDLES, outfile, metafile: true });
      const imports = Object.values(built.metafile!.outputs)[0].imports.filter((i) => i.path.startsWith('@aws-sdk/'));
      // Kept external (not bundled), and only ever reached by require() calls inside functions.
      expect(imports.map((i) => [i.path, i.external, i.kind]).sort()).toEqual([
        ['@aws-sdk/client-sfn', true, 'require-call'],
        ['@aws-sdk/client-sqs', true, 'require-call'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the default clients', () => {
  // No injected clients: the runtime creates its own, which these class-level mocks intercept.
  const sfnMock = mockClient(SFNClient);
  const sqsMock = mockClient(SQSClient);

  beforeEach(() => {
    sfnMock.reset();
    sqsMock.reset();
    sfnMock.on(StartExecutionCommand).resolves({ executionArn: 'arn', startDate: new Date() });
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'dlq' });
  });

  afterEach(() => {
    sfnMock.reset();
    sqsMock.reset();
  });

  afterAll(() => {
    sfnMock.restore();
    sqsMock.restore();
  });

  it('are created once per execution environment and shared by every wrapper', async () => {
    // GIVEN two wrappers without injected clients, one retrying and one giving up
    const retrying = withBackoff(
      () => {
        throw new Error('retry');
      },
      { config: TEST_CONFIG, logger: new MemoryLogger() },
    );
    const poisoned = withBackoff(
      () => {
        throw new NonRetryableError('poison');
      },
      { config: TEST_CONFIG, logger: new MemoryLogger() },
    );
    // WHEN each handles two batches
    for (let i = 0; i < 2; i++) {
      expect(await retrying(sqsEvent(sqsRecord()), lambdaContext())).toEqual({ batchItemFailures: [] });
      expect(await poisoned(sqsEvent(sqsRecord()), lambdaContext())).toEqual({ batchItemFailures: [] });
    }
    // THEN every park went through one SFNClient and every dead-letter through one SQSClient
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(2);
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(2);
    expect(new Set(sfnMock.send.getCalls().map((call) => call.thisValue)).size).toBe(1);
    expect(new Set(sqsMock.send.getCalls().map((call) => call.thisValue)).size).toBe(1);
    expect(sfnMock.send.getCall(0).thisValue).toBeInstanceOf(SFNClient);
  });

  it('leave a message for redelivery when the SDK call fails (no visibility fallback), as with injected clients', async () => {
    sfnMock.on(StartExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const record = sqsRecord();
    const logger = new MemoryLogger();
    const wrapped = withBackoff(
      () => {
        throw new Error('retry');
      },
      { config: { ...TEST_CONFIG, visibilityFallback: false }, logger },
    );
    expect(await wrapped(sqsEvent(record), lambdaContext())).toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    expect(logger.find('park-failed')).toMatchObject({ level: 'error', reason: 'left for SQS redelivery', parkError: { name: 'ThrottlingException', message: 'Rate exceeded' } });
  });
});
