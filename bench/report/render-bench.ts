import type { ColdLoad } from '../bundle/cold-load';
import { integer, ratio, usd } from '../util/format';
import { plainTable } from '../util/table';
import { AUTO_COST_RATIO_TARGET } from '../cost/compare-transports';
import { overheadRatioTarget, RUNTIME_BUNDLE_TARGET_BYTES, type BenchReport } from './bench-report';

const HEAD = ['measure', 'sqs-backoff', 'baseline', 'ours ÷ baseline', 'target', 'met'];

/** The one table of `npm run bench`, with its header. */
export function renderBench(report: BenchReport): string {
  const table = plainTable(HEAD);
  for (const s of report.overhead) {
    const mix = s.failShare === 0 ? 'all succeed' : `${s.failShare * 100} % fail`;
    const wall = s.oursMedianUs / s.powertoolsMedianUs;
    const target = overheadRatioTarget(s.failShare);
    table.push([
      `µs/record, ${s.transport}, ${integer(s.size)} records, ${mix}`,
      s.oursMedianUs.toFixed(3),
      `${s.powertoolsMedianUs.toFixed(3)} Powertools`,
      `${wall.toFixed(2)}× (CPU ${ratio(s.oursCpuMedianUs, s.powertoolsCpuMedianUs)})`,
      `≤ ${target.toFixed(2)}×`,
      wall <= target ? 'yes' : 'NO',
    ]);
  }
  const { bundles } = report;
  const size = (b: { bytes: number; gzipBytes: number } | undefined) => (b ? `${integer(b.bytes)} B, gz ${integer(b.gzipBytes)}` : 'n/a (entry missing)');
  table.push([
    'bundle lambda/runtime/index.ts',
    size(bundles.runtime),
    `${size(bundles.powertools)} Powertools batch`,
    bundles.runtime ? ratio(bundles.runtime.bytes, bundles.powertools.bytes) : 'n/a',
    `≤ ${integer(RUNTIME_BUNDLE_TARGET_BYTES)} B`,
    bundles.runtime ? (bundles.runtime.bytes <= RUNTIME_BUNDLE_TARGET_BYTES ? 'yes' : 'NO') : 'n/a',
  ]);
  table.push(['bundle lambda/demo/demoConsumer.ts', size(bundles.demo), '', '', '', '']);
  const load = (label: string): ColdLoad | undefined => bundles.loads.find((l) => l.label === label);
  const empty = load('empty node -e ""')!;
  const sdk = load('SDK clients alone (SQS + SFN)')!;
  const pt = load('Powertools batch bundle')!;
  const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}`;
  const ms = (l: ColdLoad | undefined) => (l ? `${signed(l.overBaselineMs)} ms (${l.medianMs.toFixed(0)} total)` : 'n/a');
  table.push([`cold load, median of ${bundles.runs}: node -e ""`, '', `${empty.medianMs.toFixed(1)} ms empty node`, '', '', '']);
  const runtimeLoad = load('runtime bundle');
  table.push([
    'cold load: require(runtime bundle) − empty',
    ms(runtimeLoad),
    `${ms(pt)} Powertools batch`,
    // A difference, not a ratio: the baseline's share is a few ms, within spawn noise.
    runtimeLoad ? `Δ ${signed(runtimeLoad.overBaselineMs - pt.overBaselineMs)} ms` : 'n/a',
    '',
    '',
  ]);
  const demoLoad = load('demo consumer bundle');
  table.push([
    'cold load: require(demo bundle) − empty',
    ms(demoLoad),
    `${ms(sdk)} SDK SQS+SFN alone`,
    demoLoad ? `Δ ${signed(demoLoad.overBaselineMs - sdk.overBaselineMs)} ms` : 'n/a',
    '',
    '',
  ]);
  table.push(['cold load, --enable-source-maps: runtime', ms(load('runtime bundle, --enable-source-maps')), '', '', '', '']);
  table.push(['cold load, --enable-source-maps: demo', ms(load('demo consumer bundle, --enable-source-maps')), '', '', '', '']);
  const synth = report.synth;
  table.push([
    `cdk synth --quiet, median of ${report.synthRuns}`,
    synth.status === 'ok' ? `${(synth.medianMs / 1000).toFixed(2)} s` : synth.reason,
    '',
    '',
    '',
    '',
  ]);
  const [ours, scheduler, visibility] = report.cost.designs;
  const s = report.cost.scenario;
  table.push(['retry path $/month (npm run cost)¹', usd(ours.specific), `${usd(scheduler.specific)} EB Scheduler`, ratio(ours.specific, scheduler.specific), '', '']);
  table.push(['', '', `${usd(visibility.specific)} SQS redelivery`, ratio(ours.specific, visibility.specific), '', '']);
  const sfn = report.cost.transports['step-functions'];
  for (const cost of report.cost.transportCosts) {
    if (cost.design === 'step-functions') continue;
    const r = cost.total / sfn;
    const isAuto = cost.design === 'auto';
    table.push([
      `transport $/month total: ${cost.design}¹`,
      usd(cost.total),
      `${usd(sfn)} step-functions`,
      `${r.toFixed(4)}×`,
      isAuto ? `≤ ${AUTO_COST_RATIO_TARGET}×` : '',
      isAuto ? (r <= AUTO_COST_RATIO_TARGET ? 'yes' : 'NO') : '',
    ]);
  }
  return [
    `sqs-backoff benchmark — ${report.source} — ${report.machine}; load average after: ${report.loadAfter}`,
    `µs/record: median of ${report.rounds} interleaved samples per runtime, each ≥ 10,000 records; both runtimes as minified esbuild bundles; ` +
      'SFN/SQS clients are stubs whose send resolves at once; ours logs to a no-op logger; 10 % fail = ours parks them with the transport of the row (StartExecution, SendMessage with DelaySeconds or ChangeMessageVisibility), Powertools reports them',
    table.toString(),
    `¹ ${integer(s.messages)} messages/month, ${s.failureRate * 100} % fail on every attempt, ${JSON.stringify(s.policy)}, maxAttempts ${s.maxAttempts}; ` +
      "retry path rows: own items only (without the consumer's extra Lambda attempts, the same in every design); " +
      "transport rows: totals with them, as `npm run cost -- --json` reports under `transports`",
  ].join('\n');
}
