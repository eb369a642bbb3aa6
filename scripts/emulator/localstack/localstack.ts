/**
 * LocalStack (PyPI `localstack-core`, run without Docker) as a second local emulator, for
 * everything that needs no Lambda: its only free Lambda executor is Docker.
 *
 * Installed by ./install.sh into `.localstack-venv/`, started on 127.0.0.1:4580 (or
 * $LOCALSTACK_PORT) with its state under `.localstack/` (pidfile, log, FILESYSTEM_ROOT).
 * Measured behaviour, and where it differs from MiniStack and AWS: docs/emulator.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_HOST, ROOT } from '../emulator';
import { portInUse, probeHealth } from '../health';
import { pinIn, runInstaller, stopRecordedServer, superviseServer } from '../superviseServer';

export const LOCALSTACK_INSTALL_SCRIPT = path.join(ROOT, 'scripts', 'emulator', 'localstack', 'install.sh');
export const LOCALSTACK_VENV = path.join(ROOT, '.localstack-venv');
export const LOCALSTACK_STATE_DIR = path.join(ROOT, '.localstack');
export const LOCALSTACK_DEFAULT_PORT = 4580;

/**
 * What the consumer-less example stack and `cdk bootstrap` use. Everything else stays off: less
 * memory, and a test touching another service fails instead of passing against a stub.
 */
export const LOCALSTACK_SERVICES = Object.freeze([
  'cloudformation', 'sts', 'iam', 's3', 'ssm', 'kms',
  'sqs', 'stepfunctions', 'logs', 'cloudwatch',
]);

export interface LocalStackHandle {
  /** e.g. http://127.0.0.1:4580 */
  endpoint: string;
  version?: string;
  /** true when this call started the process (then `stop()` ends it). */
  started: boolean;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  /** @default $LOCALSTACK_PORT or 4580 */
  port?: number;
  /** Health wait after starting. @default 60_000 */
  timeoutMs?: number;
  /** Leave it running after this Node process exits (the CLI's `start`). @default false */
  detached?: boolean;
  log?: (line: string) => void;
}

export function localStackPort(port?: number): number {
  return port ?? Number(process.env.LOCALSTACK_PORT ?? LOCALSTACK_DEFAULT_PORT);
}

export function localStackFiles(port: number): { log: string; pid: string; fsRoot: string } {
  return {
    log: path.join(LOCALSTACK_STATE_DIR, `localstack-${port}.log`),
    pid: path.join(LOCALSTACK_STATE_DIR, `localstack-${port}.pid`),
    fsRoot: path.join(LOCALSTACK_STATE_DIR, `fs-${port}`),
  };
}

/** The pinned version; the one place it is written is install.sh. */
export function pinnedLocalStackVersion(): string {
  return pinIn(LOCALSTACK_INSTALL_SCRIPT, 'LOCALSTACK_VERSION');
}

const defaultLog = (line: string) => console.error(`[localstack] ${line}`);

/** Runs install.sh (idempotent, about 1 s when installed); throws with its output when it fails. */
export function installLocalStack(log: (l: string) => void = defaultLog): void {
  runInstaller('LocalStack', ROOT, LOCALSTACK_INSTALL_SCRIPT, log);
}

/**
 * The environment LocalStack needs to run without Docker and stay on this machine's loopback
 * and inside the project. Inherited AWS_* and LocalStack settings are dropped so that a
 * developer's own configuration cannot change what the tests measure.
 */
export function localStackEnv(port: number, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    if (/^(AWS_|LOCALSTACK_|GATEWAY_|SERVICES$|DEBUG$|PERSISTENCE$)/.test(k)) continue;
    env[k] = v;
  }
  const hostPort = `${DEFAULT_HOST}:${port}`;
  return {
    ...env,
    // The default (twisted) server ignored the host part and bound 0.0.0.0; hypercorn honours it.
    GATEWAY_SERVER: 'hypercorn',
    GATEWAY_LISTEN: hostPort,
    LOCALSTACK_HOST: hostPort,
    // Outside Docker it would otherwise write to /var/lib/localstack, /etc and /usr/lib.
    OVERRIDE_IN_DOCKER: '0',
    FILESYSTEM_ROOT: localStackFiles(port).fsRoot,
    // Host-style queue URLs (sqs.us-east-1.localhost…) make the SDK's SQS middleware throw "Invalid URL".
    SQS_ENDPOINT_STRATEGY: 'path',
    DNS_ADDRESS: '0',
    DISABLE_EVENTS: '1',
    SKIP_SSL_CERT_DOWNLOAD: '1',
    SERVICES: LOCALSTACK_SERVICES.join(','),
    PYTHONUNBUFFERED: '1',
  };
}

/** Installs (if needed) and starts LocalStack, waiting until healthy; fails with the log tail. */
export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStackHandle> {
  const log = opts.log ?? defaultLog;
  const port = localStackPort(opts.port);
  const endpoint = `http://${DEFAULT_HOST}:${port}`;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const files = localStackFiles(port);

  installLocalStack(log);
  if (await portInUse(DEFAULT_HOST, port)) {
    throw new Error(`${DEFAULT_HOST}:${port} is already in use: stop what runs there (npm run localstack:stop) or set LOCALSTACK_PORT`);
  }
  // A fresh state directory: a previous run's queues and stacks must not leak into this one.
  fs.rmSync(files.fsRoot, { recursive: true, force: true });
  fs.mkdirSync(files.fsRoot, { recursive: true });
  const server = await superviseServer({
    name: 'LocalStack',
    root: ROOT,
    python: path.join(LOCALSTACK_VENV, 'bin', 'python'),
    args: ['-m', 'localstack.runtime.main'],
    env: localStackEnv(port),
    endpoint,
    files,
    timeoutMs,
    detached: opts.detached ?? false,
    // Healthy only once every service the tests use is up.
    ready: (health) => LOCALSTACK_SERVICES.every((service) => health.services.includes(service)),
    log,
  });
  return { ...server, started: true };
}

/**
 * A LocalStack already healthy on the port with the pinned version is reused (and not stopped);
 * anything else on the port is an error. Otherwise LocalStack is installed and started.
 */
export async function ensureLocalStack(opts: LocalStackOptions = {}): Promise<LocalStackHandle> {
  const log = opts.log ?? defaultLog;
  const port = localStackPort(opts.port);
  const endpoint = `http://${DEFAULT_HOST}:${port}`;
  if (!(await portInUse(DEFAULT_HOST, port))) return startLocalStack(opts);
  const h = await probeHealth(endpoint, 5_000);
  const pin = pinnedLocalStackVersion();
  // MiniStack answers /_localstack/health too; the version tells them apart.
  if (!h || h.version !== pin) {
    throw new Error(
      `${DEFAULT_HOST}:${port} is in use by something that is not LocalStack ${pin} ` +
        `(${h ? `health says version ${h.version ?? '?'}` : 'no health answer'}). Free the port or set LOCALSTACK_PORT.`,
    );
  }
  log(`reusing LocalStack ${h.version} already running on ${endpoint}; it will not be stopped`);
  return { endpoint, version: h.version, started: false, stop: async () => {} };
}

/** Stops the LocalStack recorded in `.localstack/localstack-<port>.pid`. Returns whether one was stopped. */
export async function stopLocalStack(port?: number): Promise<boolean> {
  return stopRecordedServer(localStackFiles(localStackPort(port)).pid, 'localstack');
}
