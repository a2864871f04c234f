// Compare: every artifact derived from one source model, size against fidelity and size against latency, with
// the Pareto front (nothing else is both smaller and better) highlighted; a point links to its job.

import { all, api } from '../api.js';
import { bytes, describeParams, empty, h, loading, ms, num, shortId, table, put } from '../ui.js';

export async function comparePage({ view, signal }, id) {
  view.append(loading());
  // the chart library loads while the jobs are fetched, not after
  const [model, jobs, { scatterChart }] = await Promise.all([api(`api/v1/models/${id}`, { signal }),
    all(`api/v1/jobs?modelId=${id}&status=SUCCEEDED`), import('../charts.js')]);
  if (signal.aborted) return;
  const artifacts = jobs.filter((j) => j.metrics?.compressed).map(artifact);
  put(view, h('h1', {}, `Compare: ${model.name}`),
    h('p', {}, `Every succeeded job on `, h('a', { href: `#/models/${id}` }, model.name),
      ` (${bytes(model.sizeBytes)}). The Pareto front joins the artifacts that no other beats on both axes.`));
  if (!artifacts.length) {
    view.append(empty('No succeeded jobs on this model yet, so there is nothing to compare.',
      h('a', { href: `#/jobs/new?modelId=${id}` }, 'Submit a job')));
    return;
  }
  const withFidelity = artifacts.filter((a) => a.fidelity !== null);
  const withLatency = artifacts.filter((a) => a.latency !== null);
  const fidelityFront = front(withFidelity, (a) => a.fidelity, true);
  const latencyFront = front(withLatency, (a) => a.latency, false);
  view.append(
    section('Size against fidelity', withFidelity.length ? scatterChart({ name: 'size-fidelity',
      points: points(withFidelity, (a) => a.fidelity, fidelityFront), xLabel: 'size', yLabel: 'fidelity (cosine)',
      xFormat: bytes, yFormat: (v) => num(v, 5), yRange: cosineRange })
      : empty('No artifact has a fidelity measurement.')),
    section('Size against latency', withLatency.length ? scatterChart({ name: 'size-latency',
      points: points(withLatency, (a) => a.latency, latencyFront), xLabel: 'size', yLabel: 'latency p50',
      xFormat: bytes, yFormat: ms }) : empty('No artifact has a latency measurement.')),
    section('All artifacts', table(null, [
      ['Job', (a) => h('a', { href: `#/jobs/${a.job.id}` }, shortId(a.job.id))],
      ['Method', (a) => [h('code', {}, a.method), h('span', { class: 'hint block' }, describeParams(a.job.params))]],
      ['Size', (a) => `${bytes(a.size)} (× ${num(a.job.metrics.ratios?.size, 3)})`],
      ['Fidelity', (a) => (a.fidelity === null ? 'not measured' : num(a.fidelity, 6))],
      ['Latency p50', (a) => ms(a.latency)],
      ['Pareto', (a) => [fidelityFront.has(a) ? 'size/fidelity' : null, latencyFront.has(a) ? 'size/latency' : null]
        .filter(Boolean).join(', ') || '–'],
    ], [...artifacts].sort((a, b) => a.size - b.size), { class: 'artifacts' })));
  // the charts draw in the next animation frame; the frame after it has them on screen (DashboardBenchmarkTest)
  requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('mcs:compare-rendered')));
}

function artifact(job) {
  const m = job.metrics;
  const fidelity = m.fidelity?.cosineMean ?? m.fidelity?.pooledCosineMean ?? null;
  return { job, method: job.params?.method, size: m.compressed.sizeBytes, fidelity,
    latency: m.compressed.latencyP50Ms ?? null };
}

/** The artifacts no other one beats: smaller-or-equal size and better-or-equal value, strictly better in one. */
export function front(items, value, higherIsBetter) {
  const sorted = [...items].sort((a, b) => a.size - b.size
    || (higherIsBetter ? value(b) - value(a) : value(a) - value(b)));
  const result = new Set();
  let best = higherIsBetter ? -Infinity : Infinity;
  for (const item of sorted) {
    const v = value(item);
    if (higherIsBetter ? v > best : v < best) {
      result.add(item);
      best = v;
    }
  }
  return result;
}

function points(items, value, onFront) {
  return [...items].sort((a, b) => a.size - b.size).map((a) => ({
    x: a.size, y: value(a), front: onFront.has(a), href: `#/jobs/${a.job.id}`,
    label: `${a.method}${describeParams(a.job.params) ? ` (${describeParams(a.job.params)})` : ''}: ${bytes(a.size)}`,
  }));
}

function section(title, content) {
  const id = `h-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), content);
}

/** A cosine axis from a little below the lowest artifact up to 1, the original model's own fidelity. */
function cosineRange(min) {
  const low = Math.max(-1, min - Math.max(1 - min, 1e-4) * 0.2);
  return [low, 1];
}
