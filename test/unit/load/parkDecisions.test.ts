import { describe, expect, it } from 'vitest';
import { countParks, formatCounts } from '../../../scripts/flow/parkDecisions';

describe('countParks', () => {
  it('counts parked lines by transport and fallback, already-parked ones apart, ignoring other decisions', () => {
    // GIVEN consumer log lines of one run: one Step Functions park and a second delivery of it, one fallback, one dead letter
    const lines = [
      { msg: 'parked', transport: 'step-functions' },
      { msg: 'already-parked', transport: 'step-functions' },
      { msg: 'parked', transport: 'visibility-timeout', fallback: 'step-functions-throttled' },
      { msg: 'dead-lettered' },
      { msg: 'park-failed', transport: 'step-functions' },
    ];

    // WHEN
    const counts = countParks(lines);

    // THEN
    expect(counts).toEqual({
      byTransport: { 'step-functions': 1, 'visibility-timeout': 1 },
      fallbacks: { 'step-functions-throttled': 1 },
      total: 2,
      alreadyParked: 1,
    });
  });
});

describe('formatCounts', () => {
  it('lists names alphabetically with thousands separators, and says none when empty', () => {
    expect(formatCounts({ 'visibility-timeout': 3, 'sqs-delay': 1176 })).toBe('sqs-delay 1,176, visibility-timeout 3');
    expect(formatCounts({})).toBe('none');
  });
});
