/**
 * npx tsx scripts/emulator/localstack/cli.ts start|stop   (npm run localstack:start|stop)
 *
 * start  install (if needed) and start LocalStack on 127.0.0.1:4580 ($LOCALSTACK_PORT) in the
 *        background; pidfile and log in .localstack/
 * stop   stop the LocalStack started by `start`
 */
import { runSubcommand } from '../../lib/runSubcommand';
import { localStackFiles, localStackPort, startLocalStack, stopLocalStack } from './localstack';

runSubcommand('npx tsx scripts/emulator/localstack/cli.ts start|stop', {
  async start() {
    const h = await startLocalStack({ detached: true });
    console.log(`started: LocalStack ${h.version ?? '?'} on ${h.endpoint}; log ${localStackFiles(localStackPort()).log}`);
    console.log(`use it: export AWS_ENDPOINT_URL=${h.endpoint} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1`);
    console.log('deploy without Lambda: npm run deploy:local -- consumer=false');
    return 0;
  },
  async stop() {
    console.log((await stopLocalStack()) ? 'stopped' : 'no LocalStack started by this project is running');
    return 0;
  },
});
