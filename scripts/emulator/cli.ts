/**
 * npx tsx scripts/emulator/cli.ts start|stop|status
 *
 * start   install (if needed) and start the pinned MiniStack on 127.0.0.1:4566 in the background
 *         (pidfile .ministack/ministack.pid, log .ministack/ministack.log); reuses a healthy one
 * stop    stop the MiniStack started by `start` (or left over by a crashed run)
 * status  health, version and pid; exit code 0 when healthy, 1 otherwise
 */
import { runSubcommand } from '../lib/runSubcommand';
import { DEFAULT_PORT, emulatorStatus, ensureEmulator, pinnedVersion, stateFiles, stopEmulator } from './emulator';

runSubcommand('npx tsx scripts/emulator/cli.ts start|stop|status', {
  async start() {
    const h = await ensureEmulator({ detached: true, exportEnv: false });
    console.log(`${h.started ? 'started' : 'already running'}: ${h.endpoint} (MiniStack ${h.version ?? '?'})`);
    if (h.started) console.log(`log: ${stateFiles(Number(process.env.MINISTACK_PORT ?? DEFAULT_PORT)).log}\nstop: npx tsx scripts/emulator/cli.ts stop`);
    console.log(`use it: export AWS_ENDPOINT_URL=${h.endpoint} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1`);
    return 0;
  },
  async stop() {
    const stopped = await stopEmulator();
    console.log(stopped ? 'stopped' : 'no MiniStack started by this project is running');
    return 0;
  },
  async status() {
    const s = await emulatorStatus();
    console.log(
      `${s.endpoint}: ${s.healthy ? `healthy (version ${s.version ?? '?'})` : 'not answering'}` +
        `; pinned ${pinnedVersion()}` +
        (s.pid ? `; pidfile ${s.pid} (${s.pidAlive ? 'alive' : 'stale'})` : '; no pidfile'),
    );
    return s.healthy ? 0 : 1;
  },
});
