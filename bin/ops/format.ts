/** Small, pure formatting helpers shared by the commands. */
import Table from 'cli-table3';

/** A plain (uncoloured) cli-table3 table, so output is the same in a terminal, a pipe and the docs. */
export function table(head: string[], colAligns?: ('left' | 'right' | 'center')[]): Table.Table {
  return new Table({
    head,
    style: { head: [], border: [], compact: true },
    ...(colAligns ? { colAligns } : {}),
  });
}

/** `42 s`, `1m 04s`, `2h 03m`, `3d 04h` — seconds rounded to whole seconds. */
export function humanSeconds(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds)) return String(totalSeconds);
  const sign = totalSeconds < 0 ? '-' : '';
  let s = Math.round(Math.abs(totalSeconds));
  if (s < 60) return `${sign}${s} s`;
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3_600);
  s -= h * 3_600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const pad = (v: number) => String(v).padStart(2, '0');
  if (d > 0) return `${sign}${d}d ${pad(h)}h`;
  if (h > 0) return `${sign}${h}h ${pad(m)}m`;
  return `${sign}${m}m ${pad(s)}s`;
}

/** `in 4m 10s` for a future time, `overdue 3 s` for a past one. */
export function relative(due: Date, now: Date): string {
  const seconds = (due.getTime() - now.getTime()) / 1000;
  if (Math.round(seconds) === 0) return 'now';
  return seconds > 0 ? `in ${humanSeconds(seconds)}` : `overdue ${humanSeconds(-seconds)}`;
}

/** ISO time without milliseconds: `2026-05-01T10:00:00Z`. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** At most `max` characters on one line, with an ellipsis when cut. */
export function preview(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
