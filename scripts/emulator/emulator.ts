/**
 * Local AWS emulator management (MiniStack from PyPI, or any LocalStack-compatible endpoint).
 *
 * - `AWS_ENDPOINT_URL` set → that endpoint must answer a health check; it is reused, never stopped.
 * - otherwise → the pinned MiniStack (scripts/emulator/install.sh) is installed into `.venv/` and
 *   started on 127.0.0.1:4566 (`BIND_HOST=127.0.0.1`: it would bind every interface otherwise),
 *   logging to `.ministack/ministack.log`, with a pidfile `.ministack/ministack.pid`.
 *   An emulator already healthy on that port (e.g. from `cli.ts start`) is reused and not stopped.
 *
 * Measured behaviour of the pinned version and its gaps: docs/emulator.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HEALTH_PATHS, portInUse, probeHealth } from './health';
import { isAlive, pinIn, readPid, runInstaller, stopRecordedServer, superviseServer } from './superviseServer';

/** The project root: the directory holding scripts/emulator/install.sh. */
function findRoot(): string {
  const marker = path.join('scripts', 'emulator', 'install.sh');
  const candidates: string[] = [];
  // __dirname is right when loaded as CommonJS (tsx, tsc, vitest); some ESM loaders mangle it.
  if (typeof __dirname === 'string') candidates.push(path.resolve(__dirname, '..', '..'));
  for (let d = process.cwd(); ; d = path.dirname(d)) {
    candidates.push(d);
    if (path.dirname(d) === d) break;
  }
  const hit = candidates.find((d) => fs.existsSync(path.join(d, marker)));
  if (!hit) throw new Error(`cannot find the project root (a directory with ${marker}) from ${candidates[0]}`);
  return hit;
}

export const ROOT = findRoot();
export const INSTALL_SCRIPT = path.join(ROOT, 'scripts', 'emulator', 'install.sh');
export const STATE_DIR = path.join(ROOT, '.ministack');
export const LOG_FILE = path.join(STATE_DIR, 'ministack.log');
export const PID_FILE = path.join(STATE_DIR, 'ministack.pid');
/** Log and pidfile of the MiniStack on `port` (the plain names for the default port). */
export function stateFiles(port: number): { log: string; pid: string } {
  if (port === DEFAULT_PORT) return { log: LOG_FILE, pid: PID_FILE };
  return { log: path.join(STATE_DIR, `ministack-${port}.log`), pid: path.join(STATE_DIR, `ministack-${port}.pid`) };
}
/** Where the pinned MiniStack lives: `$MINISTACK_VENV` (install.sh honours it too), else `.venv/`. */
export const VENV_DIR = process.env.MINISTACK_VENV?.trim() ? path.resolve(process.env.MINISTACK_VENV.trim()) : path.join(ROOT, '.venv');
/** Directory put on the Lambda subprocesses' NODE_PATH: holds only `@aws-sdk` (see startEmulator). */
export const LAMBDA_RUNTIME_MODULES = path.join(STATE_DIR, 'lambda-runtime', 'node_modules');

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4566;

export interface EmulatorHandle {
  /** e.g. http://127.0.0.1:4566 */
  endpoint: string;
  /** true when this call started the process (then `stop()` ends it). */
  started: boolean;
  /** Emulator version from its health answer, when it reports one. */
  version?: string;
  /** Stops the emulator if this call started it; a no-op for a reused one. */
  stop(): Promise<void>;
}

export interface EnsureOptions {
  /** Port for a MiniStack started here. @default 4566 (or $MINISTACK_PORT) */
  port?: number;
  /** Health wait after starting. @default 60_000 */
  timeoutMs?: number;
  /**
   * Leave the started process running after this Node process exits (the CLI's `start`).
   * @default false: it is also killed when this process exits.
   */
  detached?: boolean;
  /** Export AWS_ENDPOINT_URL and the emulatorEnv() defaults into process.env. @default true */
  exportEnv?: boolean;
  /** Extra environment for the MiniStack process (e.g. `{ SFN_WAIT_SCALE: '0.1' }`). */
  extraEnv?: Record<string, string>;
  /** Progress lines. @default console.error with a prefix */
  log?: (line: string) => void;
}

/** The pinned MiniStack version; the one place it is written is install.sh. */
export function pinnedVersion(): string {
  return pinIn(INSTALL_SCRIPT, 'MINISTACK_VERSION');
}

/**
 * Environment for the AWS SDK and the CDK CLI against an emulator: the endpoint plus dummy
 * credentials and us-east-1, each only where the current environment does not set it already.
 */
export function emulatorEnv(endpoint: string, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const pick = (k: string, d: string) => (base[k] !== undefined && base[k] !== '' ? base[k]! : d);
  const region = pick('AWS_REGION', pick('AWS_DEFAULT_REGION', 'us-east-1'));
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: pick('AWS_ACCESS_KEY_ID', 'test'),
    AWS_SECRET_ACCESS_KEY: pick('AWS_SECRET_ACCESS_KEY', 'test'),
    AWS_REGION: region,
    AWS_DEFAULT_REGION: pick('AWS_DEFAULT_REGION', region),
  };
}

/** Copies emulatorEnv(endpoint) into process.env (keeps values that are already set). */
export function applyEmulatorEnv(endpoint: string): void {
  Object.assign(process.env, emulatorEnv(endpoint));
}

function defaultLog(line: string): void {
  console.error(`[emulator] ${line}`);
}

/** Installs the pinned MiniStack into .venv (idempotent; see install.sh). */
export function installEmulator(log: (l: string) => void = defaultLog): void {
  runInstaller('MiniStack', ROOT, INSTALL_SCRIPT, log);
}

/**
 * On AWS the Node.js runtime provides the AWS SDK v3, so NodejsFunction bundles leave `@aws-sdk/*`
 * out. MiniStack runs Node Lambdas as host `node` subprocesses in a temp dir where nothing provides
 * it. We expose the project's own `@aws-sdk` scope (and only that) through NODE_PATH, which the
 * Lambda subprocesses inherit from the MiniStack process.
 */
function prepareLambdaRuntimeModules(): string | undefined {
  const sdk = path.join(ROOT, 'node_modules', '@aws-sdk');
  if (!fs.existsSync(sdk)) return undefined;
  fs.mkdirSync(LAMBDA_RUNTIME_MODULES, { recursive: true });
  const link = path.join(LAMBDA_RUNTIME_MODULES, '@aws-sdk');
  try {
    if (fs.readlinkSync(link) === sdk) return LAMBDA_RUNTIME_MODULES;
    fs.rmSync(link, { force: true, recursive: true });
  } catch {
    fs.rmSync(link, { force: true, recursive: true });
  }
  fs.symlinkSync(sdk, link, 'dir');
  return LAMBDA_RUNTIME_MODULES;
}

/**
 * Starts the pinned MiniStack from .venv on 127.0.0.1:port (installing it first) and waits until
 * it is healthy. Throws with the log tail if it exits or does not get healthy in time.
 */
export async function startEmulator(opts: EnsureOptions = {}): Promise<EmulatorHandle> {
  const log = opts.log ?? defaultLog;
  const port = opts.port ?? Number(process.env.MINISTACK_PORT ?? DEFAULT_PORT);
  const endpoint = `http://${DEFAULT_HOST}:${port}`;
  const timeoutMs = opts.timeoutMs ?? 60_000;

  const files = stateFiles(port);
  installEmulator(log);
  fs.mkdirSync(STATE_DIR, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A Wait-scaled emulator makes every delay check meaningless; only an explicit extraEnv sets it.
  delete env.SFN_WAIT_SCALE;
  // Lambda subprocesses inherit the emulator's environment: give them the endpoint by IP
  // (with BIND_HOST=127.0.0.1, "localhost" may resolve to ::1 and be refused) and no
  // credentials/endpoint of the developer's own.
  for (const k of Object.keys(env)) if (k.startsWith('AWS_')) delete env[k];
  const nodePath = prepareLambdaRuntimeModules();
  Object.assign(env, {
    BIND_HOST: DEFAULT_HOST,
    GATEWAY_PORT: String(port),
    MINISTACK_HOST: DEFAULT_HOST,
    AWS_ENDPOINT_URL: endpoint,
    MINISTACK_REGION: 'us-east-1',
    LOG_LEVEL: process.env.MINISTACK_LOG_LEVEL ?? 'INFO',
    PYTHONUNBUFFERED: '1',
    ...(nodePath ? { NODE_PATH: nodePath } : {}),
    ...opts.extraEnv,
  });

  const server = await superviseServer({
    name: 'MiniStack',
    root: ROOT,
    python: path.join(VENV_DIR, 'bin', 'python'),
    args: ['-m', 'ministack'],
    env,
    endpoint,
    files,
    timeoutMs,
    detached: opts.detached ?? false,
    log,
  });
  return { ...server, started: true };
}

/**
 * Makes an emulator available and returns its endpoint.
 * `AWS_ENDPOINT_URL` set → verified and reused. Otherwise a healthy emulator already on
 * 127.0.0.1:4566 is reused, or the pinned MiniStack is installed and started there.
 */
export async function ensureEmulator(opts: EnsureOptions = {}): Promise<EmulatorHandle> {
  const log = opts.log ?? defaultLog;
  const exportEnv = opts.exportEnv ?? true;
  const finish = (h: EmulatorHandle) => {
    if (exportEnv) applyEmulatorEnv(h.endpoint);
    return h;
  };
  const noop = async () => {};

  const given = process.env.AWS_ENDPOINT_URL?.trim();
  if (given) {
    const h = await probeHealth(given, 5_000);
    if (!h) {
      throw new Error(
        `AWS_ENDPOINT_URL=${given} does not answer a health check (${HEALTH_PATHS.join(' or ')}). ` +
          'Start that emulator, or unset AWS_ENDPOINT_URL to let this script start MiniStack on 127.0.0.1:4566.',
      );
    }
    log(`reusing emulator at ${given} (${h.path}${h.version ? `, version ${h.version}` : ''}); it will not be stopped`);
    return finish({ endpoint: given.replace(/\/+$/, ''), started: false, version: h.version, stop: noop });
  }

  const port = opts.port ?? Number(process.env.MINISTACK_PORT ?? DEFAULT_PORT);
  const endpoint = `http://${DEFAULT_HOST}:${port}`;
  if (await portInUse(DEFAULT_HOST, port)) {
    const h = await probeHealth(endpoint, 5_000);
    if (!h) {
      throw new Error(
        `${DEFAULT_HOST}:${port} is in use by something that is not a healthy AWS emulator ` +
          `(no answer on ${HEALTH_PATHS.join(' or ')}). Free the port, or set MINISTACK_PORT / AWS_ENDPOINT_URL.`,
      );
    }
    const pin = pinnedVersion();
    if (h.version && h.path === '/_ministack/health' && h.version !== pin) {
      log(`warning: the MiniStack on ${endpoint} is ${h.version}, the project pins ${pin}`);
    }
    log(`reusing emulator already running on ${endpoint}${h.version ? ` (version ${h.version})` : ''}; it will not be stopped`);
    return finish({ endpoint, started: false, version: h.version, stop: noop });
  }

  return finish(await startEmulator({ ...opts, port }));
}

export interface Status {
  endpoint: string;
  healthy: boolean;
  version?: string;
  pid?: number;
  pidAlive?: boolean;
}

export async function emulatorStatus(port = Number(process.env.MINISTACK_PORT ?? DEFAULT_PORT)): Promise<Status> {
  const endpoint = process.env.AWS_ENDPOINT_URL?.trim() || `http://${DEFAULT_HOST}:${port}`;
  const h = await probeHealth(endpoint);
  const pid = readPid(stateFiles(port).pid);
  return { endpoint, healthy: !!h, version: h?.version, pid, pidAlive: pid ? isAlive(pid) : undefined };
}

/** Stops the MiniStack recorded in .ministack/ministack.pid (ministack-<port>.pid for another port). Returns whether one was stopped. */
export async function stopEmulator(port = Number(process.env.MINISTACK_PORT ?? DEFAULT_PORT)): Promise<boolean> {
  return stopRecordedServer(stateFiles(port).pid, 'ministack');
}
