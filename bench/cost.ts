/**
 * `npm run cost -- [flags]`: the monthly cost of the retry path of sqs-backoff, per delay
 * transport (`--transport` for one), next to the EventBridge Scheduler design and plain SQS
 * redelivery. `npm run cost -- --help` for the flags.
 */
import { CommanderError } from 'commander';
import { compareDesigns } from './cost/compare-designs';
import { parseCostCli } from './cost/parse-cli';
import { PRICES } from './cost/prices';
import { renderAssumptions, renderCostSummary, renderLineItems } from './cost/render-cost';
import { renderAutoRatio, renderTransportItems, renderTransportSummary, transportNoteLines } from './cost/render-transports';
import { renderRuntimeMetrics } from './cost/render-metrics';

function main(): void {
  let cli;
  try {
    cli = parseCostCli(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    console.error(`cost: ${(error as Error).message}`);
    process.exit(2);
  }
  const comparison = compareDesigns(cli.scenario);
  if (cli.json) {
    console.log(JSON.stringify({ prices: PRICES, ...(cli.transport ? { transport: cli.transport } : {}), ...comparison }, null, 2));
    return;
  }
  console.log(`Monthly cost of the retry path (list prices ${PRICES.region}, ${PRICES.asOf})\n`);
  console.log(`Delay transports${cli.transport ? ` (--transport ${cli.transport})` : ''}:`);
  console.log(renderTransportItems(comparison, cli.transport));
  console.log();
  console.log(renderTransportSummary(comparison, cli.transport));
  if (cli.transport === undefined || cli.transport === 'auto') console.log(renderAutoRatio(comparison));
  if (!cli.transport) {
    console.log('\nOther retry designs (always priced for a standard queue):');
    console.log(renderLineItems(comparison));
    console.log();
    console.log(renderCostSummary(comparison));
  }
  console.log();
  console.log(renderRuntimeMetrics(cli.scenario, comparison.volumes, PRICES));
  console.log();
  console.log(renderAssumptions(comparison, cli.transport === undefined));
  console.log(transportNoteLines(comparison, cli.transport).join('\n'));
}

main();
