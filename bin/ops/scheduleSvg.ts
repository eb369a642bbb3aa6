/**
 * A hand-written SVG chart of a schedule: the wait before each attempt, the p50 as a line with a
 * point per attempt, the p5–p95 band (jittered policies) as a shaded polygon, and the worst case
 * as a dashed line. Well-formed XML, every text escaped, no external resources.
 */
import type { ScheduleResult } from './schedule';

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** 1, 2, 5 × 10^k steps giving about `count` ticks from 0 to at least `max`. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) {
    ticks.push(Number(v.toPrecision(12)));
    if (v >= max) break;
  }
  return ticks;
}

/** Short labels for the y axis: `30s`, `5m`, `1.5h`, `2d`. */
export function shortDuration(seconds: number): string {
  const fmt = (v: number) => String(Number(v.toFixed(1)));
  if (seconds < 60) return `${fmt(seconds)}s`;
  if (seconds < 3_600) return `${fmt(seconds / 60)}m`;
  if (seconds < 86_400) return `${fmt(seconds / 3_600)}h`;
  return `${fmt(seconds / 86_400)}d`;
}

export interface SvgOptions {
  readonly width?: number;
  readonly height?: number;
  readonly title?: string;
}

const f = (v: number) => String(Math.round(v * 10) / 10);

export function renderScheduleSvg(result: ScheduleResult, options: SvgOptions = {}): string {
  const width = options.width ?? 800;
  const height = options.height ?? 420;
  const margin = { top: 48, right: 24, bottom: 56, left: 72 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const rows = result.rows;
  const spec = Object.entries(result.spec)
    .map(([k, v]) => (k === 'kind' ? String(v) : `${k}=${v}`))
    .join(' ');
  const title =
    options.title ??
    `Wait before each attempt — ${spec}, max attempts ${result.maxAttempts}` +
      (result.jittered ? ` (p50 line, p5–p95 band of ${result.samples} runs, seed ${result.seed})` : '');

  const yMax = Math.max(1, ...rows.map((r) => Math.max(r.delay.p95, r.maxDelay)));
  const ticks = niceTicks(yMax);
  const top = ticks[ticks.length - 1]!;
  const firstAttempt = 2;
  const lastAttempt = Math.max(result.maxAttempts, firstAttempt + 1);
  const x = (attempt: number) => margin.left + ((attempt - firstAttempt) / (lastAttempt - firstAttempt)) * plotW;
  const y = (seconds: number) => margin.top + plotH - (seconds / top) * plotH;

  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="sans-serif" font-size="12" role="img" aria-label="${escapeXml(title)}">`,
  );
  out.push(`<title>${escapeXml(title)}</title>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`);

  // Grid and y axis labels.
  out.push('<g class="y-axis" stroke="#dddddd">');
  for (const t of ticks) {
    out.push(`<line x1="${margin.left}" y1="${f(y(t))}" x2="${margin.left + plotW}" y2="${f(y(t))}"/>`);
  }
  out.push('</g>');
  out.push('<g class="y-labels" fill="#333333" text-anchor="end">');
  for (const t of ticks) {
    out.push(`<text x="${margin.left - 8}" y="${f(y(t) + 4)}">${escapeXml(shortDuration(t))}</text>`);
  }
  out.push('</g>');

  // X axis ticks: every attempt, or about 20 of them.
  const every = Math.max(1, Math.ceil((lastAttempt - firstAttempt + 1) / 20));
  out.push('<g class="x-labels" fill="#333333" text-anchor="middle">');
  for (let a = firstAttempt; a <= result.maxAttempts; a += every) {
    out.push(`<text x="${f(x(a))}" y="${margin.top + plotH + 18}">${a}</text>`);
  }
  out.push('</g>');

  // Axes.
  out.push(
    `<line class="axis" x1="${margin.left}" y1="${margin.top + plotH}" x2="${margin.left + plotW}" y2="${margin.top + plotH}" stroke="#000000"/>`,
  );
  out.push(`<line class="axis" x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${margin.top + plotH}" stroke="#000000"/>`);
  out.push(`<text x="${margin.left + plotW / 2}" y="${height - 14}" text-anchor="middle">attempt</text>`);
  out.push(
    `<text x="18" y="${margin.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 18 ${margin.top + plotH / 2})">wait before the attempt</text>`,
  );

  if (rows.length > 0) {
    if (result.jittered) {
      const upper = rows.map((r) => `${f(x(r.attempt))},${f(y(r.delay.p95))}`);
      const lower = rows.map((r) => `${f(x(r.attempt))},${f(y(r.delay.p5))}`).reverse();
      out.push(`<polygon class="band" points="${[...upper, ...lower].join(' ')}" fill="#4477aa" fill-opacity="0.25" stroke="none"/>`);
      out.push(
        `<polyline class="worst" points="${rows.map((r) => `${f(x(r.attempt))},${f(y(r.maxDelay))}`).join(' ')}" ` +
          'fill="none" stroke="#aa3377" stroke-width="1" stroke-dasharray="4 3"/>',
      );
    }
    out.push(
      `<polyline class="p50" points="${rows.map((r) => `${f(x(r.attempt))},${f(y(r.delay.p50))}`).join(' ')}" ` +
        'fill="none" stroke="#4477aa" stroke-width="2"/>',
    );
    out.push('<g class="points" fill="#4477aa">');
    for (const r of rows) {
      out.push(
        `<circle cx="${f(x(r.attempt))}" cy="${f(y(r.delay.p50))}" r="3"><title>${escapeXml(
          `attempt ${r.attempt}: wait ${r.delay.p50} s` + (result.jittered ? ` (p5 ${r.delay.p5} s, p95 ${r.delay.p95} s)` : ''),
        )}</title></circle>`,
      );
    }
    out.push('</g>');
  }

  // Legend.
  const lx = margin.left + 12;
  const ly = margin.top + 12;
  out.push('<g class="legend">');
  out.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="#4477aa" stroke-width="2"/>`);
  out.push(`<text x="${lx + 30}" y="${ly + 4}">${result.jittered ? 'p50' : 'wait'}</text>`);
  if (result.jittered) {
    out.push(`<rect x="${lx}" y="${ly + 12}" width="24" height="10" fill="#4477aa" fill-opacity="0.25"/>`);
    out.push(`<text x="${lx + 30}" y="${ly + 21}">p5–p95</text>`);
    out.push(`<line x1="${lx}" y1="${ly + 34}" x2="${lx + 24}" y2="${ly + 34}" stroke="#aa3377" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${lx + 30}" y="${ly + 38}">worst case</text>`);
  }
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
