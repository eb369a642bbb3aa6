/**
 * Deploys the example app (cdk.json → bin/app.ts, stack SqsBackoffDemo) to a local AWS emulator.
 *
 *   npm run deploy:local -- policy=exponential base=1 cap=30 maxAttempts=4
 *
 * 1. ensureEmulator(): reuses AWS_ENDPOINT_URL, or installs/starts the pinned MiniStack
 * 2. `cdk bootstrap` unless a CDKToolkit stack already exists
 * 3. `cdk deploy --require-approval never --outputs-file cdk.out/outputs.local.json`, each extra
 *    argument passed as CDK context (`k=v`, `-c k=v`, `--context k=v` or `--k=v`)
 * 4. compares every deployed queue's attributes with what the template asked for and says plainly
 *    which properties the emulator dropped (RedrivePolicy, encryption, …): see docs/emulator.md.
 *
 * Uses the project's pinned CDK CLI (node_modules/.bin/cdk), which honours AWS_ENDPOINT_URL.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CloudFormationClient,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { unknownContextKeyProblems } from '../bin/demo-context-keys';
import { writeLocalProfile } from '../bin/ops/localProfile';
import { quietSdkNodeNotice } from '../bin/ops/quietSdkNotice';
import { emulatorEnv, ensureEmulator, ROOT } from './emulator/emulator';
import { REQUIRED_OUTPUTS } from './flow/stackOutputs';

export const DEFAULT_STACK = 'SqsBackoffDemo';

/** Stack outputs of the example app (names fixed by the spec) plus any others it declares. */
export interface Outputs {
  QueueUrl: string;
  DeadLetterQueueUrl: string;
  /** Absent when the transport needs no state machine (`visibility-timeout`, `sqs-delay`, FIFO). */
  StateMachineArn: string;
  ProcessedQueueUrl: string;
  [name: string]: string;
}

export interface DeployLocalOptions {
  /** CDK context (`-c key=value`), e.g. `{ policy: 'exponential', base: '1' }`. */
  context?: Record<string, string | number | boolean>;
  /** CLI-style context arguments (`k=v`, `-c k=v`, `--k=v`), merged under `context`. */
  contextArgs?: string[];
  /** Directory with the cdk.json to deploy. @default the project root */
  appDir?: string;
  /** @default 'SqsBackoffDemo' */
  stackName?: string;
  /**
   * The cloud assembly directory (`cdk deploy --output`). Two deploys running at once (the
   * MiniStack and LocalStack test projects) each need their own.
   * @default '<appDir>/cdk.out'
   */
  cdkOutDir?: string;
  /** @default '<cdkOutDir>/outputs.local.json' */
  outputsFile?: string;
  /** Emulator endpoint; when unset, ensureEmulator() finds or starts one. */
  endpoint?: string;
  /** Print the CDK CLI's output (else only on failure). @default true from the CLI, false from code */
  verbose?: boolean;
  /** Progress lines. @default console.error */
  log?: (line: string) => void;
}

/** One queue's comparison between the template and the deployed attributes. */
export interface QueueCheck {
  logicalId: string;
  queueUrl: string;
  role?: 'work queue' | 'dead-letter queue' | 'processed queue';
  kept: string[];
  dropped: { property: string; expected: string; actual: string | undefined }[];
}

const cdkBin = () => path.join(ROOT, 'node_modules', '.bin', 'cdk');

/** Turns CLI arguments into CDK context: `k=v`, `-c k=v`, `--context k=v`, `--context=k=v`, `--k=v`. */
export function parseContextArgs(args: string[]): Record<string, string> {
  const ctx: Record<string, string> = {};
  const put = (kv: string | undefined, arg: string) => {
    const m = kv ? /^([^=\s]+)=(.*)$/s.exec(kv) : null;
    if (!m) throw new Error(`cannot read "${arg}" as context: use key=value, -c key=value or --key=value`);
    ctx[m[1]] = m[2];
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-c' || a === '--context') put(args[++i], `${a} ${args[i] ?? ''}`);
    else if (a.startsWith('--context=')) put(a.slice('--context='.length), a);
    else if (a.startsWith('--')) put(a.slice(2), a);
    else put(a, a);
  }
  return ctx;
}

function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; verbose: boolean },
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (stream: NodeJS.WriteStream) => (d: Buffer) => {
      output += d.toString();
      if (opts.verbose) stream.write(d);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** A custom bootstrap qualifier from the app's cdk.json context, if it sets one. */
function bootstrapQualifier(appDir: string): string | undefined {
  try {
    const cfg = JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
    const q = cfg.context?.['@aws-cdk/core:bootstrapQualifier'];
    return typeof q === 'string' ? q : undefined;
  } catch {
    return undefined;
  }
}

/** `stackName=…` names the stack the example app builds, so it is the one to deploy. */
export function stackToDeploy(context: Record<string, unknown>, explicit?: string): string {
  return explicit ?? (typeof context.stackName === 'string' && context.stackName !== '' ? context.stackName : DEFAULT_STACK);
}

/** The example app's own one-line error (bad context), without the CDK CLI's noise around it. */
export function appError(output: string): string | undefined {
  const lines = output.split('\n').filter((line) => line.startsWith('BackoffValidationError: '));
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** The library's synth warnings (`[ack: sqs-backoff:…]`), which a quiet deploy would hide. */
export function libraryWarnings(output: string): string[] {
  const found = output
    .split('\n')
    .filter((line) => line.includes('[ack: sqs-backoff:'))
    .map((line) => line.replace(/^\s*\[Warning at [^\]]*\]\s*/, '').trim());
  return [...new Set(found)];
}

function tail(text: string, lines = 60): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

async function stackExists(cfn: CloudFormationClient, name: string): Promise<boolean> {
  try {
    const r = await cfn.send(new DescribeStacksCommand({ StackName: name }));
    const status = r.Stacks?.[0]?.StackStatus ?? '';
    return /_COMPLETE$/.test(status) && !/^(DELETE|ROLLBACK|CREATE_FAILED)/.test(status);
  } catch (e) {
    if ((e as Error).name === 'ValidationError') return false;
    throw e;
  }
}

type Template = { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const isLiteral = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v);

/**
 * Compares the deployed queues of `stackName` with the synthesized template: which of the
 * properties the template sets did the emulator keep, and which did it drop or change.
 */
export async function checkQueueAttributes(opts: {
  stackName?: string;
  templateFile: string;
  env: Record<string, string>;
  outputs?: Partial<Outputs>;
}): Promise<QueueCheck[]> {
  const stackName = opts.stackName ?? DEFAULT_STACK;
  const tpl = JSON.parse(fs.readFileSync(opts.templateFile, 'utf8')) as Template;
  const resources = tpl.Resources ?? {};
  const clientCfg = { endpoint: opts.env.AWS_ENDPOINT_URL, region: opts.env.AWS_REGION, credentials: { accessKeyId: opts.env.AWS_ACCESS_KEY_ID, secretAccessKey: opts.env.AWS_SECRET_ACCESS_KEY } };
  const cfn = new CloudFormationClient(clientCfg);
  const sqs = new SQSClient(clientCfg);

  const deployed = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
  const physical = new Map((deployed.StackResources ?? []).map((r) => [r.LogicalResourceId!, r.PhysicalResourceId!]));

  // queues that an AWS::SQS::QueuePolicy should have given a Policy
  const withPolicy = new Set<string>();
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::SQS::QueuePolicy') continue;
    for (const q of (r.Properties?.Queues as unknown[]) ?? []) {
      const ref = (q as { Ref?: string })?.Ref;
      if (ref) withPolicy.add(ref);
    }
  }

  const roles: Record<string, QueueCheck['role']> = {};
  if (opts.outputs?.QueueUrl) roles[opts.outputs.QueueUrl] = 'work queue';
  if (opts.outputs?.DeadLetterQueueUrl) roles[opts.outputs.DeadLetterQueueUrl] = 'dead-letter queue';
  if (opts.outputs?.ProcessedQueueUrl) roles[opts.outputs.ProcessedQueueUrl] = 'processed queue';

  const checks: QueueCheck[] = [];
  for (const [logicalId, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::SQS::Queue') continue;
    const queueUrl = physical.get(logicalId);
    if (!queueUrl) continue;
    const attrs: Record<string, string | undefined> =
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }))).Attributes ?? {};
    const props = r.Properties ?? {};
    const check: QueueCheck = { logicalId, queueUrl, role: roles[queueUrl], kept: [], dropped: [] };
    const verdict = (property: string, ok: boolean, expected: string, actual: string | undefined) => {
      if (ok) check.kept.push(property);
      else check.dropped.push({ property, expected, actual });
    };

    for (const p of ['VisibilityTimeout', 'MessageRetentionPeriod', 'DelaySeconds', 'ReceiveMessageWaitTimeSeconds', 'MaximumMessageSize', 'KmsDataKeyReusePeriodSeconds', 'FifoQueue', 'ContentBasedDeduplication']) {
      if (!(p in props)) continue;
      const want = props[p];
      if (isLiteral(want)) verdict(p, attrs[p] === String(want), String(want), attrs[p]);
      else verdict(p, attrs[p] !== undefined, `${asText(want)} (resolved at deploy)`, attrs[p]);
    }
    if (props.SqsManagedSseEnabled === true) {
      verdict('SqsManagedSseEnabled', attrs.SqsManagedSseEnabled === 'true', 'true', attrs.SqsManagedSseEnabled);
    }
    if (props.KmsMasterKeyId !== undefined) {
      const want = props.KmsMasterKeyId;
      const ok = isLiteral(want) ? attrs.KmsMasterKeyId === String(want) : !!attrs.KmsMasterKeyId;
      verdict('KmsMasterKeyId', ok, asText(want), attrs.KmsMasterKeyId);
    }
    for (const p of ['RedrivePolicy', 'RedriveAllowPolicy'] as const) {
      if (props[p] === undefined) continue;
      const want = props[p] as Record<string, unknown>;
      let ok = !!attrs[p];
      if (ok && p === 'RedrivePolicy') {
        try {
          const got = JSON.parse(attrs[p]!) as { maxReceiveCount?: unknown; deadLetterTargetArn?: unknown };
          ok = !!got.deadLetterTargetArn && (typeof want.maxReceiveCount !== 'number' || Number(got.maxReceiveCount) === want.maxReceiveCount);
        } catch {
          ok = false;
        }
      }
      verdict(p, ok, asText(want), attrs[p]);
    }
    if (withPolicy.has(logicalId)) verdict('Policy (AWS::SQS::QueuePolicy)', !!attrs.Policy, 'a queue policy', attrs.Policy ? 'set' : undefined);
    checks.push(check);
  }
  return checks;
}

/** Human-readable summary of checkQueueAttributes(); the work queue first. */
export function formatQueueChecks(checks: QueueCheck[]): string {
  const order = (c: QueueCheck) => (c.role === 'work queue' ? 0 : c.role ? 1 : 2);
  const lines: string[] = [];
  for (const c of [...checks].sort((a, b) => order(a) - order(b))) {
    const name = `${c.role ?? 'queue'} ${c.logicalId}`;
    if (c.dropped.length === 0) {
      lines.push(`  ${name}: emulator kept everything the template set (${c.kept.join(', ') || 'no properties'})`);
    } else {
      lines.push(`  ${name}: EMULATOR DROPPED ${c.dropped.map((d) => d.property).join(', ')}`);
      for (const d of c.dropped) lines.push(`      ${d.property}: template ${d.expected} → deployed ${d.actual ?? '(absent)'}`);
      if (c.dropped.some((d) => d.property === 'RedrivePolicy')) {
        lines.push('      → no redrive to the DLQ here: a message that keeps failing is redelivered until the runtime backstop dead-letters it');
      }
      if (c.kept.length) lines.push(`      kept: ${c.kept.join(', ')}`);
    }
  }
  return lines.join('\n');
}

/** Bootstraps in progress in this process, by endpoint and qualifier. */
const bootstraps = new Map<string, Promise<void>>();

/**
 * Ensures an emulator, bootstraps it once, deploys the app and returns the stack outputs.
 * Throws (with the CDK output tail) when bootstrap or deploy fails.
 */
export async function deployLocal(opts: DeployLocalOptions = {}): Promise<Outputs> {
  const log = opts.log ?? ((l: string) => console.error(`[deploy:local] ${l}`));
  quietSdkNodeNotice();
  const appDir = path.resolve(opts.appDir ?? ROOT);
  // The example app leaves out what the emulator cannot create (composite alarm, saved queries); another app knows no such key.
  const context = { ...(appDir === ROOT ? { emulator: 'true' } : {}), ...parseContextArgs(opts.contextArgs ?? []), ...opts.context };
  // The example app's keys are known here: a typo fails now, not after a 10-second synth.
  const unknown = appDir === ROOT ? unknownContextKeyProblems(Object.keys(context)) : [];
  if (unknown.length > 0) throw new Error(unknown.join('\n'));
  const stackName = stackToDeploy(context, opts.stackName);
  const cdkOutDir = path.resolve(opts.cdkOutDir ?? path.join(appDir, 'cdk.out'));
  const outputsFile = path.resolve(opts.outputsFile ?? path.join(cdkOutDir, 'outputs.local.json'));
  const verbose = opts.verbose ?? false;
  if (!fs.existsSync(path.join(appDir, 'cdk.json'))) throw new Error(`no cdk.json in ${appDir}`);
  if (!fs.existsSync(cdkBin())) throw new Error(`${cdkBin()} not found: run npm ci`);

  const endpoint = opts.endpoint ?? (await ensureEmulator({ log })).endpoint;
  const awsEnv = emulatorEnv(endpoint);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...awsEnv,
    AWS_ENDPOINT_URL: endpoint,
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
  delete env.AWS_PROFILE; // the emulator takes the dummy keys above; a profile could start an SSO login
  const common = ['--no-notices', '--ci'];
  const cfn = new CloudFormationClient({
    endpoint,
    region: awsEnv.AWS_REGION,
    credentials: { accessKeyId: awsEnv.AWS_ACCESS_KEY_ID, secretAccessKey: awsEnv.AWS_SECRET_ACCESS_KEY },
  });

  // Deploys to one endpoint may run at once (the LocalStack project's two stacks): the first
  // bootstraps, the others wait for it instead of bootstrapping the same toolkit stack again.
  // Only in-flight bootstraps are shared: a later deploy checks again (the emulator may be new).
  const key = `${endpoint} ${bootstrapQualifier(appDir) ?? ''}`;
  if (!bootstraps.has(key)) bootstraps.set(key, bootstrapOnce().finally(() => bootstraps.delete(key)));
  await bootstraps.get(key);

  async function bootstrapOnce(): Promise<void> {
    const t = Date.now();
    if (await stackExists(cfn, 'CDKToolkit')) {
      log('CDKToolkit stack exists: skipping cdk bootstrap');
    } else {
      log(`cdk bootstrap (${endpoint}) …`);
      // Run outside the app directory: inside it the CLI synthesizes the whole app first (≈8 s more).
      // unknown-account: the CLI asks STS for the emulator's account.
      const qualifier = bootstrapQualifier(appDir);
      const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-bootstrap-'));
      const r = await run(
        cdkBin(),
        ['bootstrap', ...common, `aws://unknown-account/${awsEnv.AWS_REGION}`, ...(qualifier ? ['--qualifier', qualifier] : [])],
        { cwd, env, verbose },
      ).finally(() => fs.rmSync(cwd, { recursive: true, force: true }));
      if (r.code !== 0) throw new Error(`cdk bootstrap failed (exit ${r.code}) against ${endpoint}:\n${tail(r.output)}`);
      log(`bootstrapped in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
  }

  const ctxArgs = Object.entries(context).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const t = Date.now();
  log(`cdk deploy ${stackName}${ctxArgs.length ? ` ${ctxArgs.join(' ')}` : ''} …`);
  fs.rmSync(outputsFile, { force: true });
  const r = await run(
    cdkBin(),
    ['deploy', stackName, ...common, '--require-approval', 'never', '--output', cdkOutDir, '--outputs-file', outputsFile, ...ctxArgs],
    { cwd: appDir, env, verbose },
  );
  if (r.code !== 0) throw new Error(appError(r.output) ?? `cdk deploy ${stackName} failed (exit ${r.code}) against ${endpoint}:\n${tail(r.output)}`);
  for (const warning of libraryWarnings(r.output)) log(`warning: ${warning}`);
  log(`deployed in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const all = JSON.parse(fs.readFileSync(outputsFile, 'utf8')) as Record<string, Record<string, string>>;
  const outputs = all[stackName] as Outputs | undefined;
  if (!outputs) throw new Error(`${outputsFile} has no outputs for ${stackName}`);
  const missing = REQUIRED_OUTPUTS.filter((k) => !outputs[k]);
  if (missing.length) log(`warning: stack outputs lack ${missing.join(', ')}`);

  if (appDir === ROOT) {
    const file = writeLocalProfile(ROOT, endpoint, awsEnv.AWS_REGION, stackName);
    log(`recorded the emulator in ${path.relative(ROOT, file)}: npm run ops -- status ${stackName} finds it with no AWS configuration`);
  }

  const templateFile = path.join(cdkOutDir, `${stackName}.template.json`);
  if (fs.existsSync(templateFile)) {
    const checks = await checkQueueAttributes({ stackName, templateFile, env: awsEnv, outputs });
    const dropped = checks.flatMap((c) => c.dropped);
    log(
      dropped.length
        ? `the emulator did NOT apply everything the template asked for (docs/emulator.md):\n${formatQueueChecks(checks)}`
        : `deployed queue attributes match the template:\n${formatQueueChecks(checks)}`,
    );
  } else {
    log(`warning: ${templateFile} not found: queue attributes not checked`);
  }
  return outputs;
}

if (require.main === module) {
  (async () => {
    const outputs = await deployLocal({ contextArgs: process.argv.slice(2), verbose: process.env.VERBOSE === '1' });
    console.log(JSON.stringify(outputs, null, 2));
  })().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
