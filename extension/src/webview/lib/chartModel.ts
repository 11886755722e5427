import type { Histogram } from '../../../../shared/api';

/** One line of the attention chart. */
export interface ChartSeries {
  claim: string | null;
  label: string;
  total: number;
  /** Index into the palette. */
  color: number;
  /** SVG polyline points, `x,y x,y …`. */
  points: string;
}

export interface ChartMarker {
  x: number;
  at: string;
  label: string;
  claim?: string | null;
}

export interface ChartModel {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  maxY: number;
  series: ChartSeries[];
  responses: ChartMarker[];
  policyChanges: ChartMarker[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Lays out the attention chart: one line per claim (the `maxSeries` largest; the rest summed as "other claims"),
 * the vendor's responses and policy changes as markers at their times. Pure, so it is unit-tested.
 */
export function buildChart(hist: Histogram, width: number, height: number, maxSeries = 8): ChartModel {
  const plot = { left: 36, top: 12, right: width - 8, bottom: height - 22 };
  const n = hist.buckets.length;
  const bucketMs = hist.bucket === 'day' ? 86_400_000 : 3_600_000;
  const t0 = n ? Date.parse(hist.buckets[0]!) : 0;
  const span = Math.max(1, n - 1);
  const xOfIndex = (i: number) => plot.left + ((plot.right - plot.left) * i) / span;
  const xOfTime = (iso: string) => xOfIndex(Math.min(span, Math.max(0, (Date.parse(iso) - t0) / bucketMs)));

  const ranked = [...hist.series].filter((s) => s.claim !== null).sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
  const shown = ranked.slice(0, maxSeries);
  const rest = ranked.slice(maxSeries);
  const lines: { claim: string | null; label: string; counts: number[]; total: number }[] = shown.map((s) => ({ ...s }));
  if (rest.length) {
    const counts = new Array<number>(n).fill(0);
    for (const s of rest) s.counts.forEach((c, i) => (counts[i] = (counts[i] ?? 0) + c));
    lines.push({ claim: null, label: `${rest.length} other claims`, counts, total: counts.reduce((a, b) => a + b, 0) });
  }
  const maxY = Math.max(1, ...lines.flatMap((l) => l.counts));
  const yOf = (v: number) => plot.bottom - ((plot.bottom - plot.top) * v) / maxY;
  const series = lines.map((l, idx) => ({
    claim: l.claim,
    label: l.label,
    total: l.total,
    color: idx,
    points: l.counts.map((c, i) => `${xOfIndex(i).toFixed(1)},${yOf(c).toFixed(1)}`).join(' '),
  }));

  const xTicks: ChartModel['xTicks'] = [];
  if (n) {
    const step = Math.max(1, Math.ceil(n / 8));
    for (let i = 0; i < n; i += step) {
      const d = new Date(Date.parse(hist.buckets[i]!));
      const label = hist.bucket === 'day' || d.getUTCHours() === 0 || i === 0
        ? `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${hist.bucket === 'hour' ? ' ' + String(d.getUTCHours()).padStart(2, '0') + 'h' : ''}`
        : `${String(d.getUTCHours()).padStart(2, '0')}h`;
      xTicks.push({ x: xOfIndex(i), label });
    }
  }
  const yTicks = [0, Math.round(maxY / 2), maxY].filter((v, i, a) => a.indexOf(v) === i).map((v) => ({ y: yOf(v), label: String(v) }));
  return {
    width,
    height,
    plot,
    maxY,
    series,
    responses: hist.responses.map((r) => ({ x: xOfTime(r.at), at: r.at, label: 'vendor response', claim: r.claim })),
    policyChanges: hist.policyChanges.map((p) => ({ x: xOfTime(p.at), at: p.at, label: `${p.title}: ${p.changedSections.length} sections changed` })),
    xTicks,
    yTicks,
  };
}
