/**
 * A profiling target, not a benchmark: runs one bundled runtime (`ours` | `powertools`) on one
 * event for `seconds`, then prints how many records it processed.
 * `node --cpu-prof --cpu-prof-dir=<dir> --import tsx bench/overhead/profile-worker.ts <ours.js> <powertools.js> ours 10000 0.1 4 [transport]`
 */
import type { TransportName } from '../../lambda/contract';
import { lambdaContext } from './lambda-context';
import { loadHandler } from './load-handlers';
import { buildSqsEvent } from './sqs-event';
import { stubClients } from './stub-clients';

async function main(): Promise<void> {
  const [ours, powertools, impl, sizeText, failShareText, secondsText, transport = 'step-functions'] = process.argv.slice(2);
  const size = Number(sizeText);
  const { event, failing } = buildSqsEvent(size, Number(failShareText));
  const failure = new Error('simulated downstream failure');
  const handler = loadHandler(impl === 'powertools' ? 'powertools' : 'ours', { ours, powertools }, failing, failure, stubClients(), transport as TransportName);
  const context = lambdaContext();
  const runFor = async (ns: bigint): Promise<number> => {
    const end = process.hrtime.bigint() + ns;
    let invocations = 0;
    while (process.hrtime.bigint() < end) {
      await handler(event, context);
      invocations++;
    }
    return invocations;
  };
  await runFor(1_000_000_000n); // warm-up, left out of the summary with start-up
  // The profile's timestamps and hrtime are both CLOCK_MONOTONIC µs: the summary keeps only
  // the samples inside this window.
  const windowStartUs = Number(process.hrtime.bigint() / 1000n);
  const invocations = await runFor(BigInt(Math.round(Number(secondsText) * 1e9)));
  const windowEndUs = Number(process.hrtime.bigint() / 1000n);
  process.stdout.write(JSON.stringify({ impl, records: invocations * size, windowStartUs, windowEndUs }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
