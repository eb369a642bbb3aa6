import type { TransportName } from '../../lambda/contract';
import { integer, ratio, usd } from '../util/format';
import { plainTable } from '../util/table';
import type { CostComparison } from './compare-designs';
import { lineItemsTable } from './render-cost';
import { AUTO_COST_RATIO_TARGET, autoOverStepFunctions } from './compare-transports';
import type { TransportCost } from './cost-transport';
import { delayLabel, longestDelaySeconds } from './transport-limits';

/** The line items of each transport (or only `only`). */
export function renderTransportItems(comparison: CostComparison, only?: TransportName): string {
  return lineItemsTable('transport', selected(comparison, only));
}

/** One row per transport: what it costs, against step-functions, and whether it can carry the scenario. */
export function renderTransportSummary(comparison: CostComparison, only?: TransportName): string {
  const sfn = comparison.transportCosts.find((c) => c.design === 'step-functions')!;
  const table = plainTable(['transport', 'retries by SFN / SQS delay / visibility', 'own $/month', '+ shared Lambda', 'total $/month', '÷ step-functions (total)', 'longest delay', 'feasible']);
  for (const cost of selected(comparison, only)) {
    const c = cost.carried;
    table.push([
      cost.design,
      `${integer(c.stepFunctions)} / ${integer(c.sqsDelay)} / ${integer(c.visibilityTimeout)}`,
      usd(cost.specific),
      usd(cost.total - cost.specific),
      usd(cost.total),
      ratio(cost.total, sfn.total, 4),
      delayLabel(longestDelaySeconds(cost.design, comparison.scenario.fifo)),
      cost.feasible ? 'yes' : 'NO',
    ]);
  }
  return table.toString();
}

/** The target line: auto ÷ step-functions. */
export function renderAutoRatio(comparison: CostComparison): string {
  const r = autoOverStepFunctions({ costs: comparison.transportCosts, totals: comparison.transports, sqsDelayShare: comparison.sqsDelayShare });
  const met = r.total <= AUTO_COST_RATIO_TARGET && r.own <= AUTO_COST_RATIO_TARGET;
  return (
    `auto ÷ step-functions: ${r.total.toFixed(4)} on the totals, ${r.own.toFixed(4)} on their own items ` +
    `(target ≤ ${AUTO_COST_RATIO_TARGET}: ${met ? 'met' : 'NOT met'})`
  );
}

/** Each transport's notes, for the assumptions. */
export function transportNoteLines(comparison: CostComparison, only?: TransportName): string[] {
  return selected(comparison, only).flatMap((cost) => cost.notes.map((note) => `  - ${cost.design}: ${note}`));
}

function selected(comparison: CostComparison, only?: TransportName): readonly TransportCost[] {
  return only === undefined ? comparison.transportCosts : comparison.transportCosts.filter((c) => c.design === only);
}
