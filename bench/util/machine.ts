import { cpus, loadavg, platform, release, totalmem } from 'node:os';

/** One line naming the machine and the moment, for the header of every report. */
export function describeMachine(now: Date = new Date()): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  return (
    `node ${process.version} · ${list.length} × ${model} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · ` +
    `${platform()} ${release()} · ${now.toISOString()} · load average ${load}`
  );
}

/** The 1-minute load average, to show how busy the machine was while measuring. */
export function loadNow(): string {
  return loadavg()[0].toFixed(2);
}
