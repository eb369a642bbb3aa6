import type { TransportName } from '../../lambda/contract';

/** One billed quantity of one design. */
export interface LineItem {
  readonly service: string;
  /** What is billed, in words. */
  readonly what: string;
  readonly quantity: number;
  readonly unit: string;
  /** USD per million units. */
  readonly pricePerMillion: number;
  /** The price as people quote it: `$0.40/M`, `$0.50/GB`… */
  readonly priceLabel: string;
  readonly cost: number;
  /** Billed identically whichever design retries (the consumer's extra attempts). */
  readonly shared?: boolean;
}

export function lineItem(
  service: string,
  what: string,
  quantity: number,
  unit: string,
  pricePerMillion: number,
  shared = false,
  priceLabel = `$${pricePerMillion}/M`,
): LineItem {
  return { service, what, quantity, unit, pricePerMillion, priceLabel, cost: (quantity * pricePerMillion) / 1e6, shared };
}

/** A line item priced per unit (GB, GB-second) rather than per million. */
export function lineItemPerUnit(
  service: string,
  what: string,
  quantity: number,
  unit: string,
  pricePerUnit: number,
  shared = false,
): LineItem {
  return lineItem(service, what, quantity, unit, pricePerUnit * 1e6, shared, `$${pricePerUnit}/${unit}`);
}

/** The retry designs compared with ours, and the delay transports of sqs-backoff itself. */
export type DesignName = 'ours' | 'scheduler' | 'visibility' | 'express' | TransportName;

/** The monthly cost of one retry design. */
export interface DesignCost {
  readonly design: DesignName;
  readonly label: string;
  readonly items: readonly LineItem[];
  /** Everything but the shared items: what the design itself adds. */
  readonly specific: number;
  readonly total: number;
  /** Whether the design can carry this scenario at all (a delay past its limit, a payload too large…). */
  readonly feasible: boolean;
  readonly notes: readonly string[];
}

export function designCost(
  design: DesignCost['design'],
  label: string,
  items: LineItem[],
  notes: string[],
  feasible = true,
): DesignCost {
  const total = items.reduce((sum, item) => sum + item.cost, 0);
  const shared = items.filter((item) => item.shared).reduce((sum, item) => sum + item.cost, 0);
  return { design, label, items, specific: total - shared, total, feasible, notes };
}
