/**
 * One overhead measurement in its own process (started by `measureOverhead`):
 * `node --import tsx bench/overhead/worker.ts <ours.js> <powertools.js> <size> <failShare> <rounds> <recordsPerSample> [transport]`
 * prints one JSON `OverheadSample`. Both runtimes are the minified esbuild bundles, run in the
 * same process, interleaved round by round (order alternating) so machine noise hits both alike.
 *
 * No forced gc() between samples: a forced full GC shrinks V8's young generation, and the next
 * sample then pays for many more scavenges, which punished the runtime that allocates more
 * (ours, when it parks) by 2–3× in a way no Lambda invocation sees. Garbage collection is
 * measured as it happens in steady state instead.
 */
import { TRANSPORT_NAMES, type TransportName } from '../../lambda/contract';
import { median } from '../util/median';
import { lambdaContext } from './lambda-context';
import { loadHandler } from './load-handlers';
import type { OverheadSample } from './overhead-sample';
import { buildSqsEvent } from './sqs-event';
import { stubClients } from './stub-clients';
import { timeInvocations } from './time-invocations';

async function main(): Promise<void> {
  const [oursBundle, powertoolsBundle, ...rest] = process.argv.slice(2);
  const [size, failShare, rounds, recordsPerSample] = rest.slice(0, 4).map(Number);
  const transport = (rest[4] ?? 'step-functions') as TransportName;
  if (!TRANSPORT_NAMES.includes(transport)) throw new Error(`unknown transport ${transport}`);
  const bundles = { ours: oursBundle, powertools: powertoolsBundle };
  const { event, failing } = buildSqsEvent(size, failShare);
  const failure = new Error('simulated downstream failure');
  const clients = stubClients();
  const context = lambdaContext();
  const ours = loadHandler('ours', bundles, failing, failure, clients, transport);
  const powertools = loadHandler('powertools', bundles, failing, failure, clients);

  const oursFirst = await ours(event, context);
  const check = {
    failing: failing.size,
    oursBatchItemFailures: oursFirst.batchItemFailures.length,
    // StartExecution (step-functions), SendMessage (sqs-delay) or ChangeMessageVisibility: one call per park.
    oursParked: clients.calls.sfn + clients.calls.sqs,
    powertoolsBatchItemFailures: (await powertools(event, context)).batchItemFailures.length,
  };

  const invocations = Math.max(1, Math.ceil(recordsPerSample / size));
  const runs = { ours: () => ours(event, context), powertools: () => powertools(event, context) };
  // Warm-up: let both reach their optimised steady state.
  for (let i = 0; i < 5; i++) {
    await timeInvocations(runs.ours, invocations);
    await timeInvocations(runs.powertools, invocations);
  }
  const samples = { ours: [] as number[], powertools: [] as number[] };
  const cpuSamples = { ours: [] as number[], powertools: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['ours', 'powertools'] as const) : (['powertools', 'ours'] as const);
    for (const name of order) {
      const { wallNs, cpuUs } = await timeInvocations(runs[name], invocations);
      samples[name].push(wallNs / (invocations * size) / 1000);
      cpuSamples[name].push(cpuUs / (invocations * size));
    }
  }
  const result: OverheadSample = {
    transport,
    size,
    failShare,
    oursUs: samples.ours,
    powertoolsUs: samples.powertools,
    oursMedianUs: median(samples.ours),
    powertoolsMedianUs: median(samples.powertools),
    oursCpuMedianUs: median(cpuSamples.ours),
    powertoolsCpuMedianUs: median(cpuSamples.powertools),
    invocationsPerSample: invocations,
    check,
  };
  process.stdout.write(JSON.stringify(result));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
