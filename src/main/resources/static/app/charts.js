// Charts on uPlot (a 50 KB canvas library from the uplot webjar): fast enough for hundreds of points, no
// build step, and served by the service itself.

import uPlot from '../webjars/uplot/dist/uPlot.esm.js';
import { h, num } from './ui.js';

const COLORS = ['#1d4ed8', '#c2410c', '#15803d', '#7e22ce'];

function width(el) {
  return Math.max(280, Math.min(900, (el.parentElement?.clientWidth || window.innerWidth) - 8));
}

/** Resizes a chart with its container (phone rotation, window resize) until the element leaves the page. */
function fit(plot, el) {
  const observer = new ResizeObserver(() => {
    if (!el.isConnected) { observer.disconnect(); plot.destroy(); return; }
    const w = width(el);
    if (Math.abs(w - plot.width) > 4) plot.setSize({ width: w, height: plot.height });
  });
  requestAnimationFrame(() => el.parentElement && observer.observe(el.parentElement));
}

/** Loss per epoch: one line per numeric column whose name ends in "Loss". */
export function curveChart(rows) {
  const el = h('div', { class: 'chart', role: 'img', 'data-plot': 'curve',
    'aria-label': `Training curve over ${rows.length} epochs` });
  const keys = Object.keys(rows[0]).filter((k) => /loss$/i.test(k) && typeof rows[0][k] === 'number');
  const data = [rows.map((r, i) => r.epoch ?? i + 1), ...keys.map((k) => rows.map((r) => r[k]))];
  requestAnimationFrame(() => {
    const plot = new uPlot({
      width: width(el), height: 260,
      scales: { x: { time: false } },
      axes: [{ label: 'epoch' }, { label: 'loss' }],
      series: [{ label: 'epoch' }, ...keys.map((k, i) => ({ label: k, stroke: COLORS[i % COLORS.length], width: 2 }))],
    }, data, el);
    fit(plot, el);
  });
  return el;
}

/**
 * A scatter of artifacts with the Pareto front drawn as a line. points: [{x, y, front, label, href}] sorted by x;
 * yRange(min, max), when given, returns the y axis' [low, high] (a cosine axis should end at 1, not at uPlot's 2).
 * Hovering shows the nearest point's label; clicking it (or Enter on the table row) goes to its href.
 */
export function scatterChart({ points, xLabel, yLabel, name, xFormat = num, yFormat = num, yRange }) {
  const tip = h('div', { class: 'tooltip', role: 'status', hidden: true });
  const el = h('div', { class: 'chart', 'data-plot': name, 'data-points': String(points.length),
    'data-hrefs': points.map((p) => p.href).join(' '), role: 'img',
    'aria-label': `${yLabel} against ${xLabel} for ${points.length} artifacts; the table below lists the same data` }, tip);
  const data = [points.map((p) => p.x), points.map((p) => p.y), points.map((p) => (p.front ? p.y : null))];
  requestAnimationFrame(() => {
    const plot = new uPlot({
      width: width(el), height: 320,
      scales: yRange ? { x: { time: false }, y: { range: (u, min, max) => yRange(min, max) } } : { x: { time: false } },
      legend: { show: true },
      cursor: { points: { size: 10 }, dataIdx: nearest(points) },
      axes: [{ label: xLabel, values: (u, vals) => vals.map(xFormat) },
        { label: yLabel, size: 80, values: (u, vals) => vals.map(yFormat) }],
      series: [{ label: xLabel, value: (u, v) => (v === null ? '–' : xFormat(v)) },
        { label: 'artifact', stroke: COLORS[0], paths: () => null, points: { show: true, size: 8, fill: COLORS[0] },
          value: (u, v) => (v === null ? '–' : yFormat(v)) },
        { label: 'Pareto front', stroke: COLORS[1], width: 2, spanGaps: true, points: { show: true, size: 11, fill: COLORS[1] },
          value: (u, v) => (v === null ? '–' : yFormat(v)) }],
      hooks: { setCursor: [(u) => showTip(u, tip, points)] },
    }, data, el);
    el.plot = plot;
    plot.over.addEventListener('click', () => {
      const p = points[hovered(plot)];
      if (p) location.hash = p.href;
    });
    plot.over.style.cursor = 'pointer';
    fit(plot, el);
  });
  return el;
}

/** The cursor snaps to the point nearest in both axes, not only in x (several artifacts can share a size). */
function nearest(points) {
  return (u, seriesIdx, hoveredIdx) => {
    if (seriesIdx !== 1 || u.cursor.left < 0) return hoveredIdx;
    let best = hoveredIdx;
    let bestDistance = Infinity;
    points.forEach((p, i) => {
      const dx = u.valToPos(p.x, 'x') - u.cursor.left;
      const dy = u.valToPos(p.y, 'y') - u.cursor.top;
      const d = dx * dx + dy * dy;
      if (d < bestDistance) { bestDistance = d; best = i; }
    });
    return best;
  };
}

function hovered(u) {
  const i = u.cursor.idxs?.[1] ?? u.cursor.idx;
  return i === null || i === undefined || u.cursor.left < 0 ? -1 : i;
}

function showTip(u, tip, points) {
  const p = points[hovered(u)];
  if (!p || u.cursor.left < 0) { tip.hidden = true; return; }
  tip.textContent = p.label;
  tip.hidden = false;
  const left = Math.min(u.valToPos(p.x, 'x') + u.over.offsetLeft + 12, u.over.offsetLeft + u.over.clientWidth - 180);
  tip.style.left = `${Math.max(0, left)}px`;
  tip.style.top = `${u.valToPos(p.y, 'y') + u.over.offsetTop + 12}px`;
}
