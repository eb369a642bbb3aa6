import { plainTable } from '../util/table';
import type { RuntimeProfile } from './profile-runtime';

export function renderProfile(profile: RuntimeProfile): string {
  const table = plainTable(['function (file:line)', 'self µs/record', 'self %', 'total µs/record']);
  const all = profile.usPerRecord;
  for (const entry of profile.top) {
    table.push([
      entry.name,
      entry.selfUsPerRecord.toFixed(3),
      `${((entry.selfUsPerRecord / all) * 100).toFixed(1)} %`,
      entry.totalUsPerRecord.toFixed(3),
    ]);
  }
  return [
    `CPU profile of ${profile.impl}: ${profile.size} records, ${profile.failShare * 100} % failing; ` +
      `${profile.records.toLocaleString('en-US')} records, ${all.toFixed(3)} µs/record sampled (profiler overhead included)`,
    table.toString(),
  ].join('\n');
}
