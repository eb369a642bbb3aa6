import { describe, expect, it } from 'vitest';
import { emfLineBytes, RUNTIME_CUSTOM_METRICS, runtimeMetricsItems } from '../../../bench/cost/observability-items';
import { PRICES } from '../../../bench/cost/prices';
import { DEFAULT_SCENARIO } from '../../../bench/cost/scenario';
import { renderRuntimeMetrics } from '../../../bench/cost/render-metrics';

const VOLUMES = { failingMessages: 100_000, retries: 400_000, retriesByWait: [], deadLettered: 100_000 };

describe('npm run cost: the runtime metrics', () => {
  it('prices one EMF line per invocation as logs ingested, and 12 custom metrics', () => {
    // GIVEN the default scenario (1 M messages, 400,000 retries, batch size 1) WHEN priced
    const [logs, metrics] = runtimeMetricsItems(DEFAULT_SCENARIO, VOLUMES, PRICES);
    // THEN 1.4 M lines of 629 B (the real line: 602 B, newline, 26 B event overhead) at $0.50/GB
    expect(emfLineBytes(1)).toBe(629);
    expect(logs.quantity).toBeCloseTo((1_400_000 * 629) / 2 ** 30, 12);
    expect(logs.cost).toBeCloseTo(0.41009, 4);
    expect(metrics).toMatchObject({ quantity: RUNTIME_CUSTOM_METRICS, cost: 3.6 });
  });

  it('grows the line a little with the batch (more values, one line)', () => {
    // Processed, Counts, Count and Sum each gain a digit.
    expect(emfLineBytes(10)).toBe(emfLineBytes(1) + 4);
  });

  it('--no-metrics leaves it out', () => {
    expect(runtimeMetricsItems({ ...DEFAULT_SCENARIO, runtimeMetrics: false }, VOLUMES, PRICES)).toEqual([]);
    expect(renderRuntimeMetrics({ ...DEFAULT_SCENARIO, runtimeMetrics: false }, VOLUMES, PRICES)).toContain('left out');
  });
});
