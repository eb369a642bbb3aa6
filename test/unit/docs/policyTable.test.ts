import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicySpec, schedule } from '../../../lambda/backoff';
import { constantRandom } from '../../helpers/seededRandom';

// The README's policy table is documentation users copy from: it must match the code.
function policyTableRows(): { spec: PolicySpec; delays: number[] }[] {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const table = readme.split('<!-- policy-table:start -->')[1].split('<!-- policy-table:end -->')[0];
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      return {
        spec: JSON.parse(cells[4].replace(/`/g, '')) as PolicySpec,
        delays: cells[5].split(',').map(Number),
      };
    });
}

describe('README policy table', () => {
  const rows = policyTableRows();

  it('lists all seven kinds', () => {
    expect(new Set(rows.map((row) => row.spec.kind)).size).toBe(7);
  });

  it.each(rows.map((row) => [JSON.stringify(row.spec), row] as const))(
    'its schedule for %s is what schedule() returns with r = 0.5',
    (_, row) => {
      expect(schedule(row.spec, 6, constantRandom(0.5))).toEqual(row.delays);
    },
  );
});
