import type { Histogram } from '../../../../shared/api';
import { buildChart } from './chartModel';
import { fmtTime, h, s } from './dom';

/** Draws the attention chart as SVG; `onPick` gets the claim of a clicked line or legend entry. */
export function chartView(
  hist: Histogram,
  opts: { width?: number; height?: number; selectedClaim?: string | undefined; onPick?: (claim: string | null) => void },
): HTMLElement {
  const width = opts.width ?? 900;
  const height = opts.height ?? 220;
  const m = buildChart(hist, width, height);
  const svg = s(
    'svg',
    { class: 'chart', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': 'Attention per claim over time' },
    s('line', { class: 'axis', x1: m.plot.left, y1: m.plot.bottom, x2: m.plot.right, y2: m.plot.bottom }),
    s('line', { class: 'axis', x1: m.plot.left, y1: m.plot.top, x2: m.plot.left, y2: m.plot.bottom }),
    m.yTicks.map((t) => s('text', { x: m.plot.left - 4, y: t.y + 3, 'text-anchor': 'end' }, t.label)),
    m.xTicks.map((t) => s('text', { x: t.x, y: height - 6, 'text-anchor': 'middle' }, t.label)),
    m.policyChanges.map((p) =>
      s('g', { class: 'marker policy-change' },
        s('title', null, `${fmtTime(p.at)}: ${p.label}`),
        s('line', { class: 'policy', x1: p.x, y1: m.plot.top, x2: p.x, y2: m.plot.bottom }),
        s('rect', { class: 'policy-head', x: p.x - 4, y: m.plot.top - 4, width: 8, height: 8 }),
      ),
    ),
    m.series.map((ser) =>
      s('polyline', {
        class: `series s${ser.color % 9}${opts.selectedClaim && ser.claim !== opts.selectedClaim ? ' dim' : ''}`,
        points: ser.points,
        'data-claim': ser.claim ?? '',
        click: () => opts.onPick?.(ser.claim),
      }, s('title', null, `${ser.label}: ${ser.total} items`)),
    ),
    m.responses.map((r) =>
      s('g', { class: 'marker vendor-response' },
        s('title', null, `${fmtTime(r.at)}: ${r.label}`),
        s('line', { class: 'response', x1: r.x, y1: m.plot.bottom, x2: r.x, y2: m.plot.bottom - 14 }),
        s('circle', { class: 'response-head', cx: r.x, cy: m.plot.bottom - 16, r: 3 }),
      ),
    ),
  );
  const legend = h(
    'div',
    { class: 'legend' },
    m.series.map((ser) =>
      h('button', {
        type: 'button',
        'aria-pressed': String(!!opts.selectedClaim && ser.claim === opts.selectedClaim),
        title: `Show only "${ser.label}"`,
        click: () => opts.onPick?.(ser.claim),
      }, h('span', { class: `swatch k${ser.color % 9}` }), `${ser.label} (${ser.total})`),
    ),
    h('span', null, h('span', { class: 'swatch response' }), ` vendor responses (${hist.responsesTotal})`),
    h('span', null, h('span', { class: 'swatch policy' }), ` policy changes (${hist.policyChanges.length})`),
  );
  return h('div', { class: 'chart-wrap' }, svg, legend);
}
