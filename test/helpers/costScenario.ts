import { compareDesigns } from '../../bench/cost/compare-designs';
import type { TransportCost } from '../../bench/cost/cost-transport';
import type { DesignCost, LineItem } from '../../bench/cost/line-item';
import { DEFAULT_SCENARIO, type CostScenario } from '../../bench/cost/scenario';
import type { TransportName } from '../../lambda/contract';

/** `npm run cost`'s default scenario with some of its settings changed. */
export function costScenario(overrides: Partial<CostScenario> = {}): CostScenario {
  return { ...DEFAULT_SCENARIO, ...overrides };
}

/** One design's cost on a scenario (`ours`, `scheduler`, …); fails the test when there is none. */
export function designCost(scenario: CostScenario, name: string): DesignCost {
  const found = compareDesigns(scenario).designs.find((d) => d.design === name);
  if (!found) throw new Error(`no design ${name}`);
  return found;
}

/** One delay transport's cost on a scenario. */
export function transportCost(scenario: CostScenario, name: TransportName): TransportCost {
  const found = compareDesigns(scenario).transportCosts.find((c) => c.design === name);
  if (!found) throw new Error(`no transport ${name}`);
  return found;
}

/** The line item of a cost whose description starts with `what`; fails the test when there is none. */
export function lineItemOf(cost: DesignCost, what: string): LineItem {
  const found = cost.items.find((i) => i.what.startsWith(what));
  if (!found) throw new Error(`no item ${what} in ${cost.design}`);
  return found;
}
