import { escapeHtml } from '../core/html.js';
import type { CourseRow } from './status-types.js';

/**
 * Server-rendered SVG charts: no script, no chart library, nothing fetched, so the page works under
 * the approval server's strict CSP and on a slow phone. Colours are presentation attributes (not
 * CSS), which the CSP allows; the SVG scales with its container through its viewBox.
 */

const W = 320;
const H = 96;
const PAD = { left: 22, right: 4, top: 12, bottom: 16 };
const MARKER_COLOUR = { alert: '#d83931', hold: '#c2410c', order: '#1f7a3f' } as const;
const round = (n: number) => Math.round(n * 10) / 10;
const MARKER_W = 7;
/** Centre to centre: a hair more than a marker, so two never overlap. */
const MARKER_STEP = MARKER_W + 1;

/**
 * Markers in the window with their centres. On a 14-day axis an alert, its hold and the order minutes
 * later fall on the same pixel: markers closer than one marker width are a cluster, laid side by side
 * around the cluster's centre, so each stays visible (and countable) instead of one triangle.
 */
export function spreadMarkers<K extends string>(
  markers: readonly { kind: K; at: string }[],
  from: number,
  to: number,
  x: (ms: number) => number,
  /** Where a marker's centre may lie (the chart's edges less half a marker): a cluster is shifted inside. */
  bounds: { min: number; max: number } = { min: -Infinity, max: Infinity },
): { kind: K; cx: number }[] {
  const placed = markers
    .map((m) => ({ kind: m.kind, ms: Date.parse(m.at) }))
    .filter((m) => m.ms >= from && m.ms <= to)
    .sort((a, b) => a.ms - b.ms)
    .map((m) => ({ kind: m.kind, x: x(m.ms) }));
  const clusters: { kind: K; x: number }[][] = [];
  for (const m of placed) {
    const last = clusters.at(-1);
    const lastX = last?.at(-1)?.x;
    if (last && lastX !== undefined && m.x - lastX < MARKER_STEP) last.push(m);
    else clusters.push([m]);
  }
  return clusters.flatMap((c) => {
    const half = ((c.length - 1) / 2) * MARKER_STEP;
    const mid = (c[0]!.x + c.at(-1)!.x) / 2;
    const centre = Math.min(Math.max(mid, bounds.min + half), bounds.max - half);
    return c.map((m, i) => ({ kind: m.kind, cx: round(centre + (i - (c.length - 1) / 2) * MARKER_STEP) }));
  });
}

export interface SeatChartOptions {
  from: number;
  to: number;
  label: string;
  /** Labels under the x axis: [at ms, text]. */
  ticks: [number, string][];
  noHistory: string;
}

/** Seats left over the window as a step line, with alert / hold / order markers along the top. */
export function seatChart(course: Pick<CourseRow, 'series' | 'markers'>, o: SeatChartOptions): string {
  const span = Math.max(1, o.to - o.from);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (ms: number) =>
    round(PAD.left + (Math.min(Math.max(ms, o.from), o.to) - o.from) * (plotW / span));
  const points = course.series.map((p) => ({ ms: Date.parse(p.at), seats: p.seats ?? 0 }));
  const top = Math.max(1, ...points.map((p) => p.seats));
  const y = (seats: number) => round(PAD.top + plotH - (seats / top) * plotH);
  const parts: string[] = [];
  parts.push(
    `<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${W - PAD.right}" y2="${PAD.top + plotH}" stroke="#c9cdd4" stroke-width="1"/>`,
    `<text x="${PAD.left - 4}" y="${PAD.top + 4}" text-anchor="end" font-size="9" fill="#646a73">${top}</text>`,
    `<text x="${PAD.left - 4}" y="${PAD.top + plotH}" text-anchor="end" font-size="9" fill="#646a73">0</text>`,
  );
  for (const [ms, text] of o.ticks) {
    parts.push(
      `<text x="${x(ms)}" y="${H - 3}" text-anchor="middle" font-size="9" fill="#646a73">${escapeHtml(text)}</text>`,
    );
  }
  if (points.length === 0) {
    parts.push(
      `<text x="${PAD.left + plotW / 2}" y="${PAD.top + plotH / 2}" text-anchor="middle" font-size="11" fill="#646a73">${escapeHtml(o.noHistory)}</text>`,
    );
  } else {
    let d = '';
    let area = '';
    points.forEach((p, i) => {
      const x0 = x(p.ms);
      const x1 = x(points[i + 1]?.ms ?? o.to);
      const yy = y(p.seats);
      d += `${i === 0 ? 'M' : 'L'}${x0} ${yy}H${x1}`;
      area += `${i === 0 ? `M${x0} ${y(0)}` : ''}L${x0} ${yy}H${x1}`;
    });
    area += `L${x(o.to)} ${y(0)}Z`;
    parts.push(
      `<path d="${area}" fill="#1f7a3f" fill-opacity=".12"/>`,
      `<path d="${d}" fill="none" stroke="#1f7a3f" stroke-width="1.6" stroke-linejoin="round"/>`,
    );
  }
  for (const { kind, cx } of spreadMarkers(course.markers, o.from, o.to, x, {
    min: MARKER_W / 2,
    max: W - MARKER_W / 2,
  })) {
    parts.push(
      `<path d="M${round(cx - MARKER_W / 2)} ${PAD.top - 10}h${MARKER_W}l-${MARKER_W / 2} 6z" fill="${MARKER_COLOUR[kind]}" data-marker="${kind}"/>`,
    );
  }
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(o.label)}">${parts.join('')}</svg>`;
}

/** A small bar chart (openings by hour of day or day of week). */
export function barChart(values: readonly number[], labels: readonly string[], label: string): string {
  const height = 80;
  const bottom = 14;
  const gap = 2;
  const width = W;
  const bw = (width - gap * (values.length - 1)) / values.length;
  const top = Math.max(1, ...values);
  const bars = values
    .map((v, i) => {
      const h = round((v / top) * (height - bottom - 10));
      const bx = round(i * (bw + gap));
      const text = labels[i] ?? '';
      return (
        `<rect x="${bx}" y="${round(height - bottom - h)}" width="${round(bw)}" height="${h}" rx="1.5" fill="#3370ff"><title>${escapeHtml(`${text}: ${v}`)}</title></rect>` +
        (text
          ? `<text x="${round(bx + bw / 2)}" y="${height - 3}" text-anchor="middle" font-size="9" fill="#646a73">${escapeHtml(text)}</text>`
          : '')
      );
    })
    .join('');
  return `<svg class="chart bars" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(label)}">${bars}</svg>`;
}
