import { describe, expect, it } from 'vitest';
import { emfLineBytes, RUNTIME_CUSTOM_METRICS, runtimeMetricsItems } from '../../../bench/cost/observability-items';
import { PRICES } from '../../../bench/cost/prices';
import { DEFAULT_SCENARIO } from '../../../bench/cost/scenario';
import { renderRuntimeMetrics } from '../../../bench/cost/render-metrics';

const VOLUMES = { failingMessages: 100_000, retries: 400_000, retriesByWait: [], deadLettered: 100_000 };

describe('npm run cost: the runtime metrics', () => {
  it('prices one EMF line per invocation as logs ingested, longer for an invocation that parked or dead-lettered, and 12 custom metrics', () => {
    // GIVEN the default scenario (1 M messages, 400,000 retries, 100,000 dead letters, batch size 1) WHEN priced
    const [logs, metrics] = runtimeMetricsItems(DEFAULT_SCENARIO, VOLUMES, PRICES);
    // THEN the real lines (each + newline + 26 B event overhead): 602 B for a success, 776 B with a
    // park (Parked, ParkDelay and the Transport dimension), 665 B with a dead letter (DeadLettered, Reason)
    expect(emfLineBytes(1)).toBe(629);
    expect(emfLineBytes(1, 'parked')).toBe(803);
    expect(emfLineBytes(1, 'dead-lettered')).toBe(692);
    // AND every retry follows a parked attempt, every dead letter ends one: 900,000 plain lines, 400,000 parked, 100,000 dead-lettered, at $0.50/GB
    expect(logs.quantity).toBeCloseTo((900_000 * 629 + 400_000 * 803 + 100_000 * 692) / 2 ** 30, 12);
    expect(logs.cost).toBeCloseTo(0.44540, 4);
    expect(logs.what).toContain('629 B per invocation, 803 B with a park, 692 B with a dead letter');
    expect(metrics).toMatchObject({ quantity: RUNTIME_CUSTOM_METRICS, cost: 3.6 });
  });

  it('counts at most one park and one dead letter per invocation when failures share a batch', () => {
    // GIVEN batch size 10: 140,000 invocations for 400,000 parks and 100,000 dead letters
    const [logs] = runtimeMetricsItems({ ...DEFAULT_SCENARIO, batchSize: 10 }, VOLUMES, PRICES);
    // THEN every invocation carries a park line (9 successes and a park: 881 B + newline + 26 B), none is left for a dead-letter line
    expect(emfLineBytes(10, 'parked')).toBe(908);
    expect(logs.quantity).toBeCloseTo((140_000 * 908) / 2 ** 30, 12);
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
