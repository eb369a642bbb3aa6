/**
 * The README's alarms table, generated from the defaults the construct uses (`ALARM_DEFAULTS` in
 * lib/backoff-alarms.ts): `npm run docs:alarms` rewrites the README between its markers;
 * test/unit/docs/alarmsTable.test.ts fails when the README is stale.
 */
import * as fs from 'node:fs';
import { Duration } from 'aws-cdk-lib';
import { ALARM_DEFAULTS } from '../../lib/backoff-alarms';
import { BACKOFF_QUEUE_DEFAULTS } from '../../lib/backoff-queue';
import { tableCell, withMarkedSection } from './markedSection';
import { README } from './transportsTable';

export const START = '<!-- alarms-table:start -->';
export const END = '<!-- alarms-table:end -->';

export function alarmsTable(): string {
  const rows = Object.entries(ALARM_DEFAULTS).map(([key, defaults]) => {
    const threshold = key === 'oldestMessageAge' ? BACKOFF_QUEUE_DEFAULTS.oldestMessageAgeThreshold.toSeconds() : (defaults.threshold ?? 1);
    const period = (defaults.period ?? Duration.minutes(1)).toHumanString();
    const evaluation = defaults.evaluationPeriods ?? 1;
    const datapoints = defaults.datapointsToAlarm ?? evaluation;
    const shape = `≥ ${threshold}, ${period}, ${datapoints} of ${evaluation}, missing data not breaching`;
    return `| \`alarms.${key}\` | ${tableCell(defaults.description)} | ${tableCell(shape)} |`;
  });
  return [
    '| prop | alarms when | default (threshold, period, datapoints of periods, missing data) |',
    '|---|---|---|',
    ...rows,
    '| `alarms.composite` | any alarm above is in ALARM (one composite alarm) | on |',
  ].join('\n');
}

export function withAlarmsTable(readme: string): string {
  return withMarkedSection(readme, 'README.md', START, END, alarmsTable());
}

if (require.main === module) {
  fs.writeFileSync(README, withAlarmsTable(fs.readFileSync(README, 'utf8')));
  console.log('README.md alarms table regenerated');
}
