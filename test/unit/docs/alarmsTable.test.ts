import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withAlarmsTable } from '../../../scripts/docs/alarmsTable';
import { README } from '../../../scripts/docs/transportsTable';

describe('README alarms table', () => {
  it('is what `npm run docs:alarms` generates from the construct’s defaults (run it when this fails)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toBe(withAlarmsTable(readme));
  });

  it('lists each alarm with its prop and default', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toContain('| `alarms.consumerThrottles` | the consumer was throttled for 5 minutes in a row (AWS/Lambda Throttles, Sum) | ≥ 1, 1 minute, 5 of 5, missing data not breaching |');
    expect(readme).toContain('| `alarms.oldestMessageAge` |');
    expect(readme.match(/^\| `alarms\./gm)).toHaveLength(11);
  });
});
