/**
 * What MiniStack and LocalStack share as local servers: an installer script that holds the pin,
 * a detached process group with a pidfile and a log, a health wait, and a stop that trusts the
 * pidfile only while its pid still runs the same program.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Health, probeHealth } from './health';

export interface ServerFiles {
  readonly log: string;
  readonly pid: string;
}

export interface ServerSpec {
  /** How messages name it: `MiniStack`, `LocalStack`. */
  readonly name: string;
  /** The project root: the working directory, and what log paths are shown relative to. */
  readonly root: string;
  readonly python: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** e.g. http://127.0.0.1:4566 */
  readonly endpoint: string;
  readonly files: ServerFiles;
  /** Health wait after the spawn. */
  readonly timeoutMs: number;
  /** Leave it running after this Node process exits; otherwise it is killed with this process. */
  readonly detached: boolean;
  /** Whether a health answer means ready. @default any answer */
  readonly ready?: (health: Health) => boolean;
  readonly log: (line: string) => void;
}

export interface SupervisedServer {
  readonly endpoint: string;
  readonly version?: string;
  /** Ends the process group and removes the pidfile if it still names it. */
  stop(): Promise<void>;
}

/**
 * Spawns `python args…` in its own process group (the server and its workers stop together),
 * writes the pidfile and waits until it is healthy. Throws with the log tail when it exits or
 * is not healthy in time.
 */
export async function superviseServer(spec: ServerSpec): Promise<SupervisedServer> {
  const { name, python, args, endpoint, files } = spec;
  const command = `${python} ${args.join(' ')}`;
  const logFd = fs.openSync(files.log, 'w');
  const t0 = Date.now();
  const child = spawn(python, [...args], { cwd: spec.root, env: spec.env, stdio: ['ignore', logFd, logFd], detached: true });
  fs.closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn ${command}`);
  fs.writeFileSync(files.pid, `${pid}\n`);

  let exited: string | undefined;
  child.once('exit', (code, sig) => (exited = `exited with ${sig ?? `code ${code}`}`));
  child.once('error', (e) => (exited = `failed to spawn: ${e.message}`));
  const onExit = () => signalGroup(pid, 'SIGKILL');
  if (spec.detached) child.unref();
  else process.once('exit', onExit);

  const stop = async () => {
    process.removeListener('exit', onExit);
    await killGroup(pid);
    if (readPid(files.pid) === pid) fs.rmSync(files.pid, { force: true });
  };

  const ready = spec.ready ?? (() => true);
  while (true) {
    const h = await probeHealth(endpoint, 1_000);
    if (h && ready(h)) {
      spec.log(`${name} ${h.version ?? '?'} healthy on ${endpoint} after ${((Date.now() - t0) / 1000).toFixed(1)} s (pid ${pid}, log ${path.relative(spec.root, files.log)})`);
      return { endpoint, version: h.version, stop };
    }
    if (exited || Date.now() - t0 > spec.timeoutMs) {
      const why = exited ?? `not healthy after ${spec.timeoutMs / 1000} s`;
      await stop();
      throw new Error(`${name} ${why} (${command}, ${endpoint}). Last lines of ${files.log}:\n${logTail(files.log)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Stops the server recorded in `pidFile` when its pid still runs a command line containing
 * `program` (a stale pidfile's pid may have been reused). Returns whether one was stopped.
 */
export async function stopRecordedServer(pidFile: string, program: string): Promise<boolean> {
  const pid = readPid(pidFile);
  if (!pid) return false;
  const alive = isAlive(pid) && runs(pid, program);
  if (alive) await killGroup(pid);
  fs.rmSync(pidFile, { force: true });
  return alive;
}

/** Runs an installer script (idempotent); throws with its output when it fails. */
export function runInstaller(name: string, root: string, script: string, log: (line: string) => void): void {
  const r = spawnSync('bash', [script], { cwd: root, encoding: 'utf8' });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.status !== 0) throw new Error(`installing ${name} failed (bash ${path.relative(root, script)}):\n${out || r.error}`);
  if (out) log(out);
}

/** The pin `VARIABLE="…"` an installer script holds: the one place each version is written. */
export function pinIn(script: string, variable: string): string {
  const m = new RegExp(`^${variable}="([^"]+)"`, 'm').exec(fs.readFileSync(script, 'utf8'));
  if (!m) throw new Error(`cannot find ${variable}="…" in ${script}`);
  return m[1];
}

export function logTail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Ends the process group `pid` leads (the server plus its workers); waits up to 10 s. */
export async function killGroup(pid: number): Promise<void> {
  signalGroup(pid, 'SIGTERM');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) signalGroup(pid, 'SIGKILL');
}

function signalGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      /* gone */
    }
  }
}

/** Whether `pid` runs a command line containing `program`; without /proc (macOS), trust the pidfile. */
function runs(pid: number, program: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(program);
  } catch {
    return isAlive(pid);
  }
}
