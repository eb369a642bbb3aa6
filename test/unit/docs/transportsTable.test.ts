import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, withTransportsTable } from '../../../scripts/docs/transportsTable';

describe('README "Choosing a transport" table', () => {
  it('is what `npm run docs:transports` generates from the cost model (run it when this fails)', () => {
    // GIVEN the README as committed
    const readme = readFileSync(README, 'utf8');
    // WHEN the table is regenerated THEN nothing changes
    expect(readme).toBe(withTransportsTable(readme));
  });

  it('prices every transport on the default scenario, with step-functions as the reference', () => {
    const readme = readFileSync(README, 'utf8');
    // step-functions: $23.1719258022 own + $0.1633335 shared Lambda = $23.34
    expect(readme).toMatch(/\| `step-functions` \| \$23\.34 \(1\.000×\) \|/);
    // visibility-timeout: 900,000 requests × $0.40/M = $0.36 + $0.1633335 = $0.5233
    expect(readme).toMatch(/\| `visibility-timeout` \| \$0\.5233 \(0\.022×\) \|/);
    // sqs-delay and auto (every wait ≤ 900 s): 1,300,000 × $0.40/M = $0.52 + $0.1633335 = $0.6833
    expect(readme).toMatch(/\| `sqs-delay` \| \$0\.6833 \(0\.029×\) \| — \| 900 s \|/);
    expect(readme).toMatch(/\| `auto` \| \$0\.6833 \(0\.029×\) \| \$0\.6133 \| 1 year less 1 h \(FIFO: 11 h 40 min\) \|/);
  });

  it('fails loudly when the markers are missing', () => {
    expect(() => withTransportsTable('# no markers here')).toThrow(/transports-table:start/);
  });
});
