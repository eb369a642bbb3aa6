import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { main, parseRate } from '../../../bin/sqs-backoff';
import { bufferWriter } from '../../../bin/ops/context';
import { describeError, EXIT, OpsError } from '../../../bin/ops/errors';
import { awsError, setup } from './helpers';

async function run(argv: string[], configure?: (m: ReturnType<typeof setup>['mocks']) => void) {
  const { ctx, mocks } = setup();
  configure?.(mocks);
  const out = bufferWriter();
  const files: Record<string, string> = {};
  const code = await main(argv, {
    out,
    env: { AWS_REGION: 'eu-west-1' },
    makeClients: () => ctx.clients,
    clock: ctx.clock,
    writeFile: (p, c) => (files[p] = c),
  });
  return { code, out, files, mocks };
}

describe('sqs-backoff CLI', () => {
  it('documents the exit codes in --help and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(EXIT.ok);
    expect(out.stdout).toContain('Exit codes:');
    expect(out.stdout).toMatch(/3\s+nothing found/);
    expect(out.stdout).toMatch(/5\s+no credentials or permission denied/);
    const sub = await run(['dlq', 'redrive', '--help']);
    expect(sub.code).toBe(EXIT.ok);
    expect(sub.out.stdout).toContain('--rate <n/s>');
    expect(sub.out.stdout).toContain('Exit codes:');
  });

  it('exits 2 on unknown commands, unknown flags and missing arguments', async () => {
    expect((await run(['bogus'])).code).toBe(EXIT.usage);
    expect((await run(['status', 'S', '--nope'])).code).toBe(EXIT.usage);
    const missing = await run(['recall', 'S']);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.out.stderr).toContain("missing required argument 'message-id'");
    expect((await run(['dlq', 'redrive', 'S', '--mode', 'sideways'])).code).toBe(EXIT.usage);
  });

  it('exits 2 on bad values, with one line naming the flag', async () => {
    const bad = await run(['dlq', 'redrive', 'S', '--rate', 'fast']);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.out.stderr).toBe('sqs-backoff: --rate must be messages per second like 10 or 10/s (given "fast")\n');
    const peek = await run(['dlq', 'peek', 'S', '-n', '0']);
    expect(peek.code).toBe(EXIT.usage);
    const sched = await run(['schedule', '--policy', 'exponential', '--base', '2', '--cap', '1']);
    expect(sched.code).toBe(EXIT.usage);
    expect(sched.out.stderr).toMatch(/^sqs-backoff: --cap must be ≥ base \(2 s\) \(given 1\)\n$/);
  });

  it('refuses dlq purge without --yes (exit 2)', async () => {
    const { code, out } = await run(['dlq', 'purge', 'SqsBackoffDemo'], (m) => {
      m.sqs.onAnyCommand().resolves({ Attributes: { ApproximateNumberOfMessages: '2' } });
    });
    expect(code).toBe(EXIT.usage);
    expect(out.stderr).toMatch(/rerun with --yes\n$/);
  });

  it('exits 4 with the region when the stack does not exist', async () => {
    const { code, out } = await run(['status', 'Foo'], (m) => {
      m.cfn.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id Foo does not exist'));
    });
    expect(code).toBe(EXIT.notFound);
    expect(out.stderr).toBe('sqs-backoff: stack "Foo" not found in eu-west-1 — check the name and --region or AWS_REGION\n');
  });

  it('exits 5 without credentials or permission, 1 on anything else; --debug adds the stack trace', async () => {
    const creds = await run(['pending', 'S'], (m) => {
      const err = new Error('Could not load credentials from any providers');
      err.name = 'CredentialsProviderError';
      m.cfn.on(DescribeStacksCommand).rejects(err);
    });
    expect(creds.code).toBe(EXIT.noPermission);
    expect(creds.out.stderr.split('\n').filter(Boolean)).toHaveLength(1);

    const denied = await run(['pending', 'SqsBackoffDemo'], (m) => {
      m.sfn.on(ListExecutionsCommand).rejects(awsError('AccessDeniedException', 'User x is not authorized to perform: states:ListExecutions'));
    });
    expect(denied.code).toBe(EXIT.noPermission);
    expect(denied.out.stderr).toMatch(/^sqs-backoff: permission denied in eu-west-1: .* — grant the missing action to this identity\n$/);

    const boom = await run(['pending', 'SqsBackoffDemo'], (m) => {
      m.sfn.on(ListExecutionsCommand).rejects(awsError('InternalFailure', 'something broke', 500));
    });
    expect(boom.code).toBe(EXIT.unexpected);
    expect(boom.out.stderr).toBe('sqs-backoff: InternalFailure: something broke\n');

    const debug = await run(['pending', 'SqsBackoffDemo', '--debug'], (m) => {
      m.sfn.on(ListExecutionsCommand).rejects(awsError('InternalFailure', 'something broke', 500));
    });
    expect(debug.out.stderr).toMatch(/^sqs-backoff: InternalFailure: something broke\nInternalFailure: something broke\n\s+at /);
  });

  it('exits 3 from recall when nothing is parked', async () => {
    const { code, out } = await run(['recall', 'SqsBackoffDemo', 'abc'], (m) => {
      m.sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    });
    expect(code).toBe(EXIT.nothingFound);
    expect(out.stderr).toMatch(/^nothing parked for message id abc/);
  });

  it('runs schedule without AWS and writes the SVG', async () => {
    const { code, out, files } = await run(['schedule', '--policy', 'full-jitter', '--base', '1', '--cap', '30', '--svg', 'x.svg', '--samples', '200']);
    expect(code).toBe(EXIT.ok);
    expect(out.stdout).toContain('chart written to x.svg');
    expect(files['x.svg']).toContain('<svg');
  });

  it('schedule --stack reads the deployed policy and max attempts from the outputs', async () => {
    const { code, out } = await run(['schedule', '--stack', 'SqsBackoffDemo'], (m) => {
      m.cfn.on(DescribeStacksCommand).resolves({
        Stacks: [{
          StackName: 'SqsBackoffDemo', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(),
          Outputs: [
            { OutputKey: 'BackoffPolicy', OutputValue: '{"kind":"exponential","base":1,"cap":8}' },
            { OutputKey: 'MaxAttempts', OutputValue: '4' },
          ],
        }],
      });
    });
    expect(code).toBe(EXIT.ok);
    expect(out.stdout).toContain('stack SqsBackoffDemo: policy exponential base=1 cap=8, max attempts 4');
    expect(out.stdout).toMatch(/│\s+4 │\s+8 │\s+8 s │\s+14 │\s+14 s │/);
    const both = await run(['schedule', '--stack', 'S', '--policy', 'fixed', '--base', '1']);
    expect(both.code).toBe(EXIT.usage);
    expect(both.out.stderr).toContain('--stack reads the policy from the stack; drop --policy, --base');
    const none = await run(['schedule', '--stack', 'SqsBackoffDemo']);
    expect(none.code).toBe(EXIT.notFound);
    expect(none.out.stderr).toMatch(/has no output BackoffPolicy/);
  });

  it('parses --rate', () => {
    expect(parseRate('10')).toBe(10);
    expect(parseRate('10/s')).toBe(10);
    expect(parseRate('0.5/sec')).toBe(0.5);
    expect(() => parseRate('0')).toThrow(OpsError);
    expect(() => parseRate('ten')).toThrow(/--rate/);
  });
});

describe('describeError', () => {
  it('maps SDK errors to exit codes and one line', () => {
    const cases: [unknown, number, RegExp][] = [
      [awsError('ValidationError', 'Stack with id X does not exist'), EXIT.notFound, /^stack "X" not found in r1/],
      [awsError('QueueDoesNotExist', 'The specified queue does not exist.'), EXIT.notFound, /^The specified queue does not exist in r1 — was stack/],
      [awsError('StateMachineDoesNotExist', 'State Machine Does Not Exist'), EXIT.notFound, /^State Machine Does Not Exist in r1 — was stack "S" deleted or redeployed\? check --region$/],
      [awsError('ExpiredTokenException', 'The security token included in the request is expired'), EXIT.noPermission, /refresh them/],
      [awsError('UnrecognizedClientException', 'bad key'), EXIT.noPermission, /AWS rejected the credentials/],
      [awsError('AccessDenied', 'nope'), EXIT.noPermission, /^permission denied in r1: nope/],
      [new Error('Region is missing'), EXIT.usage, /pass --region or set AWS_REGION/],
      [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' }), EXIT.unexpected, /^cannot reach http:\/\/e \(ECONNREFUSED\) — is the emulator running/],
      [new OpsError('mine', EXIT.nothingFound), EXIT.nothingFound, /^mine$/],
      [awsError('ThrottlingException', 'Rate exceeded'), EXIT.unexpected, /^ThrottlingException: Rate exceeded$/],
    ];
    for (const [err, code, message] of cases) {
      const d = describeError(err, { region: 'r1', endpoint: 'http://e', stack: 'S' });
      expect(d.exitCode, String(err)).toBe(code);
      expect(d.message).toMatch(message);
      expect(d.message).not.toContain('\n');
    }
  });
});
