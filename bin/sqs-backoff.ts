#!/usr/bin/env node
/**
 * `sqs-backoff`: the operator CLI for a deployed sqs-backoff stack (and a policy calculator).
 *
 *   sqs-backoff status  <stack>                       queues, parked retries, DLQ, alarms
 *   sqs-backoff pending <stack>                       parked retries, soonest first
 *   sqs-backoff recall  <stack> <message-id|execution-name> [--to-dlq]
 *   sqs-backoff send    <stack> (--body … | --file …) [--attribute name=Type:value …]
 *   sqs-backoff dlq peek|redrive|purge <stack>
 *   sqs-backoff schedule --policy <kind> --base <s> …
 *
 * Commands live in bin/ops/ as functions over injected clients; this file only wires commander,
 * builds the AWS clients and turns errors into one line and an exit code (bin/ops/errors.ts).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { ClientOptions, Clock, createClients, OpsClients, OpsContext, processWriter, systemClock, Writer } from './ops/context';
import { noProgress, peek, Progress, purge, redrive, RedriveMode } from './ops/dlq';
import { exitQuietlyWhenPipeCloses } from './ops/closedPipe';
import { describeError, EXIT, EXIT_CODES_HELP, usageError } from './ops/errors';
import { LOCAL_PROFILE_FILE, awsConfigured, readLocalProfile } from './ops/localProfile';
import { quietSdkNodeNotice } from './ops/quietSdkNotice';
import { send } from './ops/send';
import { pending } from './ops/pending';
import { recall } from './ops/recall';
import {
  assertNoPolicyFlags,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_SAMPLES,
  DEFAULT_SEED,
  DeployedPolicy,
  deployedPolicy,
  scheduleCommand,
  ScheduleFlags,
} from './ops/schedule';
import { describeStack } from './ops/stackOutputs';
import { status } from './ops/status';

export interface MainDeps {
  readonly out?: Writer;
  readonly env?: NodeJS.ProcessEnv;
  readonly clock?: Clock;
  readonly makeClients?: (options: ClientOptions) => OpsClients;
  /** A progress display for long operations; none when absent. */
  readonly progress?: () => Progress;
  /** Writes files (`schedule --svg`). */
  readonly writeFile?: (path: string, content: string) => void;
  /** Reads `send --file`. */
  readonly readFile?: (path: string) => string;
  /** Where `.sqs-backoff/local.json` is looked for. @default process.cwd() */
  readonly cwd?: string;
}

interface AwsFlags {
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly debug?: boolean;
}

const ENV_HELP = [
  '',
  'Environment:',
  '  AWS_REGION / AWS_DEFAULT_REGION   region (or --region)',
  '  AWS_ENDPOINT_URL                  endpoint, e.g. http://127.0.0.1:4566 for the local emulator (or --endpoint-url)',
  '  AWS_PROFILE, AWS_ACCESS_KEY_ID …  credentials, as for the AWS CLI',
  `  none of these, and no region in ~/.aws/config: the emulator in ${LOCAL_PROFILE_FILE}`,
  '                                    (written by npm run demo and npm run deploy:local), if there is one',
  '',
  EXIT_CODES_HELP,
].join('\n');

/** `10`, `10/s`, `0.5/s` → messages per second. */
export function parseRate(raw: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*s(?:ec(?:ond)?)?)?\s*$/i.exec(raw);
  const value = m ? Number(m[1]) : NaN;
  if (!(value > 0)) throw usageError(`--rate must be messages per second like 10 or 10/s (given ${JSON.stringify(raw)})`);
  return value;
}

/** `--endpoint-url` / `AWS_ENDPOINT_URL` must be an http(s) URL; `127.0.0.1:4566` is a usage error, not a TypeError. */
export function checkEndpointUrl(raw: string | undefined, source: string): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.host === '') {
    throw usageError(`${source} must be a URL starting with http:// or https://, e.g. http://127.0.0.1:4566 (given ${JSON.stringify(raw)})`);
  }
  return raw.trim();
}

function parseWhole(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw usageError(`${flag} must be a whole number ≥ 1 (given ${JSON.stringify(raw)})`);
  return value;
}

/** The CLI: parses `argv` (without node and the script), runs the command, returns the exit code. */
export async function main(argv: readonly string[], deps: MainDeps = {}): Promise<number> {
  const out = deps.out ?? processWriter;
  const env = deps.env ?? process.env;
  const clock = deps.clock ?? systemClock;
  const makeClients = deps.makeClients ?? createClients;
  let exitCode: number = EXIT.ok;
  let debug = argv.includes('--debug');
  let errorContext: { region?: string; endpoint?: string; stack?: string } = {};

  const contextFor = async (flags: AwsFlags, stack?: string): Promise<OpsContext> => {
    debug = debug || !!flags.debug;
    const flagEndpoint = checkEndpointUrl(flags.endpointUrl, '--endpoint-url');
    let endpoint = flagEndpoint ?? checkEndpointUrl(env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL');
    let region = flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    let clients = makeClients({ ...(flags.region ? { region: flags.region } : {}), ...(flagEndpoint ? { endpoint: flagEndpoint } : {}) });
    if (!region) {
      try {
        region = await clients.cfn.config.region(); // shared config file / profile
      } catch {
        region = undefined;
      }
    }
    if (!region && !endpoint && !awsConfigured(env)) {
      // Nothing configured at all: the emulator the demo (or deploy:local) left running, if any.
      const local = readLocalProfile(deps.cwd ?? process.cwd());
      if (local) {
        ({ endpoint, region } = local);
        clients = makeClients({ region, endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
        out.err(`no AWS configuration: using the local emulator ${endpoint} (${region}) from ${LOCAL_PROFILE_FILE}, written by npm run demo / deploy:local`);
      }
    }
    if (!region) throw usageError('no AWS region configured — pass --region or set AWS_REGION (for the local emulator: npm run demo or npm run deploy:local first)');
    errorContext = { region, ...(endpoint ? { endpoint } : {}), ...(stack ? { stack } : {}) };
    return { clients, out, clock, region };
  };

  const program = new Command('sqs-backoff')
    .description('Operate sqs-backoff stacks: queue and retry status, parked retries, recall, dead-letter queue; and preview backoff schedules.')
    .version(readVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => out.out(s.replace(/\n$/, '')),
      writeErr: (s) => out.err(s.replace(/\n$/, '')),
    })
    .showSuggestionAfterError(true)
    .addHelpText('after', ENV_HELP);

  const aws = (cmd: Command) =>
    cmd
      .option('--region <region>', 'AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile)')
      .option('--endpoint-url <url>', 'AWS endpoint, e.g. an emulator (default: AWS_ENDPOINT_URL)')
      .option('--debug', 'print stack traces')
      .addHelpText('after', ENV_HELP);

  aws(program.command('status').argument('<stack>', 'CloudFormation stack name').option('--json', 'print JSON'))
    .description('work queue depth and in-flight, parked retries, dead-letter queue depth, alarm states')
    .action(async (stack: string, flags: AwsFlags & { json?: boolean }) => {
      exitCode = await status(await contextFor(flags, stack), { stack, ...(flags.json ? { json: true } : {}) });
    });

  aws(program.command('pending').argument('<stack>', 'CloudFormation stack name').option('--json', 'print JSON'))
    .description('parked retries (RUNNING retry executions): message id, failed attempts, last error, due time; soonest first')
    .action(async (stack: string, flags: AwsFlags & { json?: boolean }) => {
      exitCode = await pending(await contextFor(flags, stack), { stack, ...(flags.json ? { json: true } : {}) });
    });

  aws(
    program
      .command('recall')
      .argument('<stack>', 'CloudFormation stack name')
      .argument('<message-id>', 'original message id (x-backoff.originalMessageId), or an execution name or ARN from `pending`')
      .option('--to-dlq', 'send the message to the dead-letter queue (x-backoff reason "recalled") instead of dropping it'),
  )
    .description('stop the parked retries of a message so it never returns to the queue; exit 3 when none is parked')
    .action(async (stack: string, messageId: string, flags: AwsFlags & { toDlq?: boolean }) => {
      exitCode = await recall(await contextFor(flags, stack), { stack, messageId, ...(flags.toDlq ? { toDlq: true } : {}) });
    });

  const collect = (value: string, previous: string[] = []) => [...previous, value];
  aws(
    program
      .command('send')
      .argument('<stack>', 'CloudFormation stack name')
      .option('--body <text>', 'the message body')
      .option('--file <path>', 'read the message body from a file (UTF-8)')
      .option('--attribute <name=Type:value>', 'a message attribute: String, Number or Binary (base64 value); repeat for more (at most 9)', collect)
      .option('--group-id <id>', 'FIFO queues: the message group (default sqs-backoff-send)')
      .option('--json', 'print JSON')
      .addHelpText(
        'after',
        '\nExample:\n  sqs-backoff send SqsBackoffDemo --body \'{"id":"o-1"}\' --attribute tenant=String:acme --attribute sig=Binary:AAEC',
      ),
  )
    .description("send one message to the stack's work queue (as a producer would)")
    .action(async (stack: string, flags: AwsFlags & { body?: string; file?: string; attribute?: string[]; groupId?: string; json?: boolean }) => {
      if ((flags.body === undefined) === (flags.file === undefined)) throw usageError('give the message body with --body <text> or --file <path> (one of them)');
      const body = flags.body ?? readBody(flags.file!, deps.readFile);
      exitCode = await send(await contextFor(flags, stack), {
        stack,
        body,
        attributes: flags.attribute ?? [],
        ...(flags.groupId !== undefined ? { groupId: flags.groupId } : {}),
        ...(flags.json ? { json: true } : {}),
      });
    });

  const dlq = program.command('dlq').description('dead-letter queue: peek, redrive, purge').addHelpText('after', ENV_HELP);
  aws(
    dlq
      .command('peek')
      .argument('<stack>', 'CloudFormation stack name')
      .option('-n, --count <n>', 'how many messages to show', '10')
      .option('--json', 'print JSON'),
  )
    .description('show messages in the dead-letter queue without deleting them: id, reason, attempts, last error, body')
    .action(async (stack: string, flags: AwsFlags & { count: string; json?: boolean }) => {
      const count = parseWhole('-n', flags.count);
      exitCode = await peek(await contextFor(flags, stack), { stack, count, ...(flags.json ? { json: true } : {}) });
    });
  aws(
    dlq
      .command('redrive')
      .argument('<stack>', 'CloudFormation stack name')
      .option('--rate <n/s>', 'at most this many messages per second (e.g. 10/s)')
      .option('--max <n>', 'stop after this many messages (default: the queue depth at the start)')
      .addOption(
        new Option(
          '--mode <mode>',
          'copy (and auto): receive, restart x-backoff at attempt 1 keeping the old one in history, send, then delete; ' +
            'native: SQS StartMessageMoveTask, faster but x-backoff moves unchanged, so exhausted messages get no further retries',
        )
          .choices(['auto', 'copy', 'native'])
          .default('auto'),
      ),
  )
    .description('send dead-lettered messages back to the work queue; they start again at attempt 1')
    .action(async (stack: string, flags: AwsFlags & { rate?: string; max?: string; mode: RedriveMode }) => {
      const rate = flags.rate !== undefined ? parseRate(flags.rate) : undefined;
      const max = flags.max !== undefined ? parseWhole('--max', flags.max) : undefined;
      exitCode = await redrive(await contextFor(flags, stack), {
        stack,
        mode: flags.mode,
        ...(rate !== undefined ? { rate } : {}),
        ...(max !== undefined ? { max } : {}),
        progress: deps.progress ? deps.progress() : defaultProgress(),
      });
    });
  aws(dlq.command('purge').argument('<stack>', 'CloudFormation stack name').option('--yes', 'really delete every message'))
    .description('delete every message in the dead-letter queue (refuses without --yes)')
    .action(async (stack: string, flags: AwsFlags & { yes?: boolean }) => {
      exitCode = await purge(await contextFor(flags, stack), { stack, ...(flags.yes ? { yes: true } : {}) });
    });

  aws(
    program
      .command('schedule')
      .description('print the wait before every attempt of a policy (and p5/p50/p95 for jittered ones); needs AWS only with --stack')
      .option('--policy <kind>', 'fixed | exponential | random | full-jitter | equal-jitter | decorrelated-jitter | step-functions')
      .option('--base <s>', 'starting delay in seconds (all kinds but step-functions)')
      .option('--cap <s>', 'largest delay in seconds')
      .option('--factor <f>', 'exponential: growth factor (default 2)')
      .option('--step <s>', 'fixed: added per failure; random: random part per failure')
      .option('--interval <s>', 'step-functions: IntervalSeconds (default 1)')
      .option('--rate <r>', 'step-functions: BackoffRate (default 2)')
      .option('--max-delay <s>', 'step-functions: MaxDelaySeconds')
      .option('--jitter <FULL|NONE>', 'step-functions: JitterStrategy')
      .option('--stack <stack>', "instead of the flags above: the policy a deployed stack exports (outputs BackoffPolicy, MaxAttempts)")
      .option('--max-attempts <n>', `total attempts including the first (default ${DEFAULT_MAX_ATTEMPTS}, or the stack's)`)
      .option('--samples <n>', `sampled runs for jittered policies (default ${DEFAULT_SAMPLES})`)
      .option('--seed <n>', `PRNG seed for the sampling (default ${DEFAULT_SEED})`)
      .option('--svg <file>', 'also write an SVG chart')
      .option('--json', 'print JSON')
      .addHelpText('after', '\nExample:\n  sqs-backoff schedule --policy full-jitter --base 2 --cap 300 --max-attempts 8 --svg schedule.svg'),
  ).action(async (flags: ScheduleFlags & AwsFlags & { stack?: string }) => {
    debug = debug || !!flags.debug;
    const { stack, region: _region, endpointUrl: _endpointUrl, debug: _debug, ...scheduleFlags } = flags;
    let deployed: DeployedPolicy | undefined;
    if (stack) {
      assertNoPolicyFlags(scheduleFlags);
      const ctx = await contextFor(flags, stack);
      const info = await describeStack(ctx.clients.cfn, stack, { region: ctx.region });
      deployed = deployedPolicy(info.name, info.outputs);
    }
    exitCode = scheduleCommand({ out, ...(deps.writeFile ? { writeFile: deps.writeFile } : {}) }, scheduleFlags, deployed);
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed the message (or the help / version).
      if (['commander.helpDisplayed', 'commander.help', 'commander.version', 'commander.executeSubCommandAsync'].includes(err.code)) {
        return EXIT.ok;
      }
      return EXIT.usage;
    }
    const { message, exitCode: code } = describeError(err, errorContext);
    out.err(`sqs-backoff: ${message}`);
    if (debug && err instanceof Error && err.stack) out.err(err.stack);
    return code;
  }
}

function readBody(path: string, readFile: ((path: string) => string) | undefined): string {
  try {
    return (readFile ?? ((p: string) => readFileSync(p, 'utf8')))(path);
  } catch (err) {
    throw usageError(`cannot read --file ${path}: ${(err as Error).message}`);
  }
}

function readVersion(): string {
  try {
    // dist/bin/ and bin/ both sit two levels below or one level below the package root.
    for (const path of ['../package.json', '../../package.json']) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const pkg = require(path) as { name?: string; version?: string };
        if (pkg.name === 'sqs-backoff' && pkg.version) return pkg.version;
      } catch {
        // try the next
      }
    }
  } catch {
    // fall through
  }
  return '0.0.0';
}

/** A cli-progress bar on stderr when it is a terminal; nothing otherwise (pipes, CI, tests). */
function defaultProgress(): Progress {
  if (!process.stderr.isTTY) return noProgress;
  const bar = new SingleBar({
    format: 'redrive [{bar}] {value}/{total} messages',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  return {
    start(total) {
      bar.start(total, 0);
      started = true;
    },
    update(done, total) {
      if (total !== undefined) bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

if (require.main === module) {
  quietSdkNodeNotice();
  exitQuietlyWhenPipeCloses();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`sqs-backoff: ${String(err)}\n`);
      process.exitCode = EXIT.unexpected;
    },
  );
}
