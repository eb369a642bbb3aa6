import { plainTable } from '../util/table';
import type { RuntimeProfile } from './profile-runtime';

/** The benchmark's own handler shows up under its file; name it for what it is. */
function label(name: string): string {
  return /bench\/overhead\/(ours|powertools)-handler\.ts/.test(name) ? `the benchmark's no-op handler (${name})` : name;
}

export function renderProfile(profile: RuntimeProfile): string {
  const perFailure = profile.failShare > 0;
  const table = plainTable([
    'function (source)',
    'self µs/record',
    'self %',
    'total µs/record',
    ...(perFailure ? [`self µs per failing record (÷ ${profile.failShare})`] : []),
  ]);
  const all = profile.usPerRecord;
  for (const entry of profile.top) {
    table.push([
      label(entry.name),
      entry.selfUsPerRecord.toFixed(3),
      `${((entry.selfUsPerRecord / all) * 100).toFixed(1)} %`,
      entry.totalUsPerRecord.toFixed(3),
      ...(perFailure ? [(entry.selfUsPerRecord / profile.failShare).toFixed(2)] : []),
    ]);
  }
  return [
    `CPU profile of ${profile.impl} (node --cpu-prof, unminified bundle, steady state only): ${profile.size} records per event, ` +
      `${profile.failShare * 100} % failing; ${profile.records.toLocaleString('en-US')} records, ${all.toFixed(3)} µs/record sampled ` +
      '(profiler overhead included). V8 builtins (JSON.stringify, object spread…) count in their caller\'s self time.',
    table.toString(),
  ].join('\n');
}
