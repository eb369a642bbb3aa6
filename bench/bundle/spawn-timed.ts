import { spawnSync } from 'node:child_process';

/** Wall-clock milliseconds of one `node <args>` child, start to exit (process.hrtime.bigint). */
export function spawnTimed(args: readonly string[], cwd: string): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args as string[], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${run.stderr?.toString()}`);
  return ms;
}
