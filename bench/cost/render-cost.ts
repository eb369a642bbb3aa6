import { integer, ratio, usd } from '../util/format';
import { plainTable } from '../util/table';
import type { CostComparison } from './compare-designs';

/** The line items of every design: what is billed, how many, at what price. */
export function renderLineItems(comparison: CostComparison): string {
  return lineItemsTable('design', comparison.designs);
}

/** What is billed, how many, at what price, under a first column named `label` (design or transport). */
export function lineItemsTable(label: string, costs: readonly CostComparison['designs'][number][]): string {
  const table = plainTable([label, 'service', 'billed item', 'quantity/month', 'price', 'cost/month']);
  for (const cost of costs) {
    for (const item of cost.items) {
      table.push([
        cost.design,
        item.service,
        item.what + (item.shared ? ' [shared]' : ''),
        `${item.quantity >= 100 ? integer(item.quantity) : Number(item.quantity.toPrecision(4))} ${item.unit}`,
        item.priceLabel,
        usd(item.cost),
      ]);
    }
  }
  return table.toString();
}

/** One row per design: its own cost, the shared cost, the total and how many times cheaper it is than ours. */
export function renderCostSummary(comparison: CostComparison): string {
  const ours = comparison.designs[0];
  const table = plainTable(['design', 'retry path $/month (own)', '+ shared Lambda', 'total $/month', 'ours ÷ this (own)', 'ours ÷ this (total)', 'feasible']);
  for (const design of comparison.designs) {
    table.push([
      design.label,
      usd(design.specific),
      usd(design.total - design.specific),
      usd(design.total),
      ratio(ours.specific, design.specific),
      ratio(ours.total, design.total),
      design.feasible ? 'yes' : 'NO',
    ]);
  }
  return table.toString();
}

/** The scenario's assumptions; `withDesigns` adds the notes of the other designs. */
export function renderAssumptions(comparison: CostComparison, withDesigns = true): string {
  const lines = ['Assumptions:', ...comparison.assumptions.map((a) => `  - ${a}`)];
  lines.push(
    `  - volumes: ${integer(comparison.volumes.failingMessages)} failing messages, ` +
      `${integer(comparison.volumes.retries)} retries, ${integer(comparison.volumes.deadLettered)} dead-lettered per month`,
  );
  if (withDesigns) {
    for (const design of comparison.designs) {
      for (const note of design.notes) lines.push(`  - ${design.design}: ${note}`);
    }
  }
  return lines.join('\n');
}
