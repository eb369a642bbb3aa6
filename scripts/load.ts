/**
 * `npm run load [-- --messages 2000 --transient 0.3 --poison 0.05 --seed 2026]`: a seeded mix of
 * good, transiently failing (1–3 failures) and poison messages through the example app on the
 * emulator. Prints the accounting; exits 1 if any id was lost or ended other than its body asked.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Command } from 'commander';
import { TRANSPORT_NAMES } from '../lambda/contract';
import { STACK_OUTPUTS } from '../lambda/stackOutputNames';
import { quietSdkNodeNotice } from '../bin/ops/quietSdkNotice';
import { deployLocal } from './deployLocal';
import { ensureEmulator } from './emulator/emulator';
import { DEFAULT_LOAD_MIX, LoadMix } from './load/loadScenario';
import { runLoad } from './load/runLoad';
import { formatCounts, parkDecisions } from './flow/parkDecisions';
import { emfCounts, total } from './flow/emfCounts';
import { assertDemoOutputs } from './flow/stackOutputs';

function parseMix(argv: string[]): { mix: LoadMix; deadlineMinutes: number; transport?: string } {
  const program = new Command('load')
    .option('--messages <n>', 'messages to send', String(DEFAULT_LOAD_MIX.messages))
    .option('--transient <rate>', 'share failing 1–3 times', String(DEFAULT_LOAD_MIX.transientRate))
    .option('--poison <rate>', 'share of poison messages', String(DEFAULT_LOAD_MIX.poisonRate))
    .option('--seed <n>', 'seed of the mix', String(DEFAULT_LOAD_MIX.seed))
    .option('--deadline-minutes <n>', 'give up waiting after', '20')
    .option('--transport <name>', `deploy a copy of the example app on this transport (${TRANSPORT_NAMES.join(', ')}) and load it`)
    .parse(argv);
  const o = program.opts<Record<string, string>>();
  const mix = { messages: Number(o.messages), transientRate: Number(o.transient), poisonRate: Number(o.poison), seed: Number(o.seed) };
  if (!Number.isInteger(mix.messages) || mix.messages < 1) throw new Error(`--messages must be a whole number ≥ 1 (given ${o.messages})`);
  for (const [flag, rate] of [['--transient', mix.transientRate], ['--poison', mix.poisonRate]] as const) {
    if (!(rate >= 0 && rate <= 1)) throw new Error(`${flag} must be between 0 and 1 (given ${rate})`);
  }
  if (mix.transientRate + mix.poisonRate > 1) throw new Error('--transient plus --poison must not exceed 1');
  if (o.transport !== undefined && !(TRANSPORT_NAMES as readonly string[]).includes(o.transport)) {
    throw new Error(`--transport must be one of ${TRANSPORT_NAMES.join(', ')} (given ${o.transport})`);
  }
  return { mix, deadlineMinutes: Number(o.deadlineMinutes), transport: o.transport };
}

/** A stack of its own per transport, so the default demo stack is left as it is. */
function deployTarget(transport: string | undefined): { stackName?: string; context?: Record<string, string> } {
  if (transport === undefined) return {};
  const stackName = `SqsBackoffLoad${transport.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('')}`;
  return { stackName, context: { stackName, transport } };
}

async function main(): Promise<number> {
  quietSdkNodeNotice();
  const { mix, deadlineMinutes, transport } = parseMix(process.argv);
  const emulator = await ensureEmulator({ detached: true });
  const outputs = assertDemoOutputs(await deployLocal({ endpoint: emulator.endpoint, ...deployTarget(transport) }));
  console.log(`${transport ?? "default"} transport: sending ${mix.messages} messages (${mix.transientRate * 100} % transient, ${mix.poisonRate * 100} % poison, seed ${mix.seed})`);
  let last = 0;
  const started = Date.now();
  const report = await runLoad({ sqs: new SQSClient({}), sfn: new SFNClient({}) }, outputs, mix, deadlineMinutes * 60_000, (done, total) => {
    if (done - last >= total / 20 || done === total) {
      last = done;
      console.log(`  ${String(done).padStart(6)} / ${total} accounted for`);
    }
  });
  // The consumer logs which transport carried each park and why any fell back: read it back.
  const logs = { lambda: new LambdaClient({}), endpoint: emulator.endpoint };
  const consumer = outputs[STACK_OUTPUTS.consumerFunctionName];
  const parks = await parkDecisions(logs, consumer, started, report.retries);
  // The consumer's own metrics: one EMF line per invocation, counted where the log lines are.
  const metrics = await emfCounts(logs, consumer, started, (c) => total(c.parkedByTransport) >= report.retries && c.processed >= report.processed);
  const rows: [string, string | number][] = [
    ['sent', report.sent],
    ['  of which transient (1–3 fails)', report.transient],
    ['  of which poison', report.poison],
    ['processed', report.processed],
    ['dead-lettered', report.deadLettered],
    ['lost', report.lost],
    ['duplicates (at-least-once)', report.duplicates],
    ['retries (parks)', report.retries],
    ['  by transport (consumer log)', formatCounts(parks.byTransport)],
    ['  fallbacks (consumer log)', formatCounts(parks.fallbacks)],
    ['  already parked (redelivered)', parks.alreadyParked],
    ['  by transport (metrics)', formatCounts(metrics.parkedByTransport)],
    ['  fallbacks (metrics)', formatCounts(metrics.fallbacksByCause)],
    ['processed (metrics)', metrics.processed],
    ['dead-lettered (metrics)', formatCounts(metrics.deadLetteredByReason)],
    ['outcome ≠ what the body asked', report.mismatched.length],
    ['elapsed', `${report.elapsedSeconds.toFixed(1)} s`],
    ['throughput', `${(report.sent / report.elapsedSeconds).toFixed(1)} messages/s`],
  ];
  console.log(`\nload summary (${emulator.version === undefined ? 'emulator' : `MiniStack ${emulator.version}`}, seed ${mix.seed})`);
  for (const [name, value] of rows) console.log(`  ${name.padEnd(34)} ${value}`);
  console.log(`  ${'sent = processed + dead-lettered'.padEnd(34)} ${report.sent === report.processed + report.deadLettered ? 'yes' : 'NO'}`);
  console.log(`  ${'parks = by transport (metrics)'.padEnd(34)} ${total(metrics.parkedByTransport) === report.retries ? 'yes' : 'NO'}`);
  console.log(`  ${'parks = by transport (consumer log)'.padEnd(34)} ${parks.total === report.retries ? 'yes' : 'NO'}`);
  if (report.lost > 0) console.error(`LOST: ${report.lostIds.slice(0, 20).join(', ')}${report.lost > 20 ? ' …' : ''}`);
  if (report.mismatched.length > 0) console.error(`MISMATCHED: ${report.mismatched.slice(0, 20).join(', ')}`);
  return report.lost > 0 || report.mismatched.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`load failed: ${(error as Error).message}`);
    process.exit(2);
  },
);
