/**
 * The README's "Use it in your stack" and "Python consumers" blocks are what new users paste
 * first: the TypeScript ones must compile against the library's public entry points
 * (`sqs-backoff` and `sqs-backoff/runtime`), the Python consumer must run on `sqs_backoff`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSUMER_ENVIRONMENT } from '../../helpers/consumerEnvironment';

const ROOT = path.join(__dirname, '..', '..', '..');

function exampleBlock(marker: string, language = 'ts'): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const after = readme.split(`<!-- example:${marker} -->`)[1];
  return after.split(`\`\`\`${language}\n`)[1].split('```')[0];
}

/**
 * Type-checks each source as a file of one program, so that aws-cdk-lib's typings are read once
 * for every example (three programs took a minute on a loaded 2-core machine), and returns each
 * file's diagnostics by its key.
 */
function compileErrors(sources: Readonly<Record<string, string>>): Record<string, string[]> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-example-'));
  const files = Object.fromEntries(Object.keys(sources).map((key) => [key, path.join(directory, `${key}.ts`)]));
  for (const [key, source] of Object.entries(sources)) fs.writeFileSync(files[key], source);
  const program = ts.createProgram(Object.values(files), {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [path.join(ROOT, 'node_modules', '@types')],
    baseUrl: ROOT,
    paths: {
      'sqs-backoff': ['lib/index.ts'],
      'sqs-backoff/runtime': ['lambda/runtime/index.ts'],
      '*': ['node_modules/*', 'node_modules/@types/*'],
    },
  });
  const errors = Object.fromEntries(
    Object.entries(files).map(([key, file]) => [
      key,
      ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    ]),
  );
  fs.rmSync(directory, { recursive: true, force: true });
  return errors;
}

describe('README examples', () => {
  const stack = exampleBlock('stack');
  const consumer = exampleBlock('consumer');
  const pythonStack = exampleBlock('python-stack');
  const broken = stack.replace('maxAttempts: 8', 'maxAttempt: 8');
  let errors: Record<string, string[]>;

  beforeAll(() => {
    errors = compileErrors({ stack, consumer, pythonStack, broken });
  }, 180_000);

  it('the stack example compiles against sqs-backoff', () => {
    expect(stack).toContain('new BackoffQueue(');
    expect(errors.stack).toEqual([]);
  });

  it('the consumer example compiles against sqs-backoff/runtime', () => {
    expect(consumer).toContain('withBackoff(');
    expect(errors.consumer).toEqual([]);
  });

  it('the Python stack example compiles against sqs-backoff', () => {
    expect(pythonStack).toContain('BackoffConsumer.python(');
    expect(errors.pythonStack).toEqual([]);
  });

  it('the Python consumer example runs on sqs_backoff: a good order is charged once and acknowledged', () => {
    const result = runPythonConsumer(exampleBlock('python-consumer', 'python'), { sku: 'A-1', amount: 3 });
    expect(result).toEqual({ response: { batchItemFailures: [] }, charged: [{ sku: 'A-1', amount: 3 }] });
  });

  it('a wrong prop in the stack example would fail to compile', () => {
    expect(broken).not.toEqual(stack);
    expect(errors.broken.join('\n')).toMatch(/maxAttempt/);
  });
});

/**
 * Imports the README's `src/orders.py` with lambda/python on the path (as the layer puts it at
 * /opt/python), gives it a `charge` that records, and invokes the handler with one SQS record.
 */
function runPythonConsumer(source: string, order: unknown): unknown {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-python-'));
  fs.writeFileSync(path.join(directory, 'orders.py'), source);
  const driver = [
    'import json, sys',
    'import orders',
    'charged = []',
    'orders.charge = charged.append',
    'class Context:',
    '    aws_request_id = "readme"',
    '    def get_remaining_time_in_millis(self): return 30000',
    'record = {"messageId": "m-1", "receiptHandle": "r-1", "body": sys.argv[1], "messageAttributes": {}, "md5OfBody": "",',
    '  "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1767225600000", "ApproximateFirstReceiveTimestamp": "1767225600000"},',
    '  "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:work", "awsRegion": "us-east-1"}',
    'print(json.dumps({"response": orders.handler({"Records": [record]}, Context()), "charged": charged}))',
  ].join('\n');
  try {
    const stdout = execFileSync('python3', ['-c', driver, JSON.stringify(order)], {
      cwd: directory,
      encoding: 'utf8',
      env: { ...process.env, ...CONSUMER_ENVIRONMENT, PYTHONPATH: [directory, path.join(ROOT, 'lambda', 'python')].join(path.delimiter) },
    });
    return JSON.parse(stdout.trim().split('\n').pop()!);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
