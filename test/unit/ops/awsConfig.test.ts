/**
 * Where the CLI looks (issue 12 items 1 and 5): an endpoint without a scheme is a usage error;
 * with no AWS configuration at all it uses the emulator recorded in .sqs-backoff/local.json.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientOptions, bufferWriter } from '../../../bin/ops/context';
import { EXIT } from '../../../bin/ops/errors';
import { awsConfigured, readLocalProfile, writeLocalProfile } from '../../../bin/ops/localProfile';
import { checkEndpointUrl, main } from '../../../bin/sqs-backoff';
import { setup, STACK } from './helpers';

const dirs: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-profile-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Runs `schedule --stack` (needs AWS) with the given environment and working directory. */
async function run(env: NodeJS.ProcessEnv, cwd: string, extra: string[] = []) {
  const { ctx } = setup({ BackoffPolicy: '{"kind":"fixed","base":1}', MaxAttempts: '2' });
  const seen: ClientOptions[] = [];
  const out = bufferWriter();
  const code = await main(['schedule', '--stack', STACK, ...extra], {
    out,
    env,
    cwd,
    makeClients: (options) => {
      seen.push(options);
      // A client that finds no region in a (missing) shared config file.
      return { ...ctx.clients, cfn: Object.assign(ctx.clients.cfn, { config: { ...ctx.clients.cfn.config, region: async () => undefined } }) };
    },
  });
  return { code, out, seen };
}

describe('endpoint URL', () => {
  it('turns an endpoint without a scheme into a usage error naming the fix', () => {
    expect(() => checkEndpointUrl('127.0.0.1:4566', '--endpoint-url')).toThrow(
      '--endpoint-url must be a URL starting with http:// or https://, e.g. http://127.0.0.1:4566 (given "127.0.0.1:4566")',
    );
    expect(() => checkEndpointUrl('localhost:4566', 'AWS_ENDPOINT_URL')).toThrow(/^AWS_ENDPOINT_URL must be a URL/);
    expect(checkEndpointUrl('http://127.0.0.1:4566', '--endpoint-url')).toBe('http://127.0.0.1:4566');
  });

  it('exits 2, not 1, from the CLI', async () => {
    const { code, out } = await run({ AWS_REGION: 'us-east-1' }, tmp(), ['--endpoint-url', '127.0.0.1:4566']);
    expect(code).toBe(EXIT.usage);
    expect(out.stderr).toContain('--endpoint-url must be a URL starting with http://');
  });
});

describe('the local profile', () => {
  it('is used when nothing is configured, saying so in one line', async () => {
    // GIVEN a profile the demo wrote and an empty environment
    const dir = tmp();
    writeLocalProfile(dir, 'http://127.0.0.1:4599', 'us-east-1', 'SqsBackoffDemo');
    const { code, out, seen } = await run({}, dir);
    // THEN the clients talk to the recorded emulator with its region and dummy keys
    expect(code).toBe(EXIT.ok);
    expect(seen.at(-1)).toEqual({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4599', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    expect(out.stderr).toBe(
      'no AWS configuration: using the local emulator http://127.0.0.1:4599 (us-east-1) from .sqs-backoff/local.json, written by npm run demo / deploy:local\n',
    );
  });

  it('is ignored as soon as any AWS setting is present', async () => {
    const dir = tmp();
    writeLocalProfile(dir, 'http://127.0.0.1:4599', 'us-east-1', 'SqsBackoffDemo');
    const { code, out } = await run({ AWS_PROFILE: 'work' }, dir);
    expect(code).toBe(EXIT.usage);
    expect(out.stderr).toMatch(/no AWS region configured/);
  });

  it('without a profile, the region error says how to get one', async () => {
    const { code, out } = await run({}, tmp());
    expect(code).toBe(EXIT.usage);
    expect(out.stderr).toContain('for the local emulator: npm run demo or npm run deploy:local first');
  });

  it('keeps the stacks deployed to the same endpoint, newest last', () => {
    const dir = tmp();
    writeLocalProfile(dir, 'http://e:1', 'us-east-1', 'A');
    writeLocalProfile(dir, 'http://e:1', 'us-east-1', 'B');
    writeLocalProfile(dir, 'http://e:1', 'us-east-1', 'A');
    expect(readLocalProfile(dir)).toEqual({ endpoint: 'http://e:1', region: 'us-east-1', stacks: ['B', 'A'] });
    writeLocalProfile(dir, 'http://other:2', 'eu-west-1', 'C');
    expect(readLocalProfile(dir)?.stacks).toEqual(['C']);
  });

  it('counts AWS_REGION, AWS_PROFILE, keys and AWS_ENDPOINT_URL as configuration, blanks not', () => {
    expect(awsConfigured({})).toBe(false);
    expect(awsConfigured({ AWS_REGION: ' ' })).toBe(false);
    for (const key of ['AWS_REGION', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_ENDPOINT_URL']) expect(awsConfigured({ [key]: 'x' })).toBe(true);
  });
});
