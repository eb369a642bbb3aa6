/** Issue 12 item 12: a second demo run must not show the first run's alarm reason as if it were its own. */
import { describe, expect, it } from 'vitest';
import { describeAlarmThisRun } from '../../../scripts/demo/alarmStateThisRun';

const RUN_STARTED = new Date('2026-12-02T00:10:00.000Z');

describe('describeAlarmThisRun', () => {
  it('shows CloudWatch\'s reason when the state changed during this run', () => {
    const alarm = { StateValue: 'ALARM' as const, StateReason: 'Threshold Crossed: 1 datapoint [4.0]', StateUpdatedTimestamp: new Date('2026-12-02T00:10:30.000Z') };
    expect(describeAlarmThisRun(alarm, RUN_STARTED, 'DLQ depth 4')).toBe('ALARM — Threshold Crossed: 1 datapoint [4.0]');
  });

  it('shows this run\'s value against the threshold when the state is older than the run', () => {
    // GIVEN an alarm that went to ALARM in an earlier run, with that run's reason
    const alarm = {
      StateValue: 'ALARM' as const,
      StateReason: 'Threshold Crossed: … Maximum 4.0',
      StateUpdatedTimestamp: new Date('2026-12-02T00:02:03.000Z'),
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold' as const,
    };
    // THEN the stale reason is not shown; the state, its age and this run's depth are
    expect(describeAlarmThisRun(alarm, RUN_STARTED, 'DLQ depth 10')).toBe('ALARM since 00:02:03 UTC, before this run — now DLQ depth 10 (threshold ≥ 1)');
  });
});
