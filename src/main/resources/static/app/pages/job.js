// Job: live status and progress from the event stream, the error with its problem type, metrics of the original
// against the compressed model, the training curve of DISTILL/PRUNE runs, and the output's download.

import { ApiError, api, download, follow } from '../api.js';
import { bytes, count, describeParams, errorBox, facts, h, ms, num, percent, shortId, status, table, when, put } from '../ui.js';

const FINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export async function jobPage({ view, signal }, id) {
  // the chart library loads while the job is fetched, not after
  const [first, charts] = await Promise.all([api(`api/v1/jobs/${id}`, { signal }), import('../charts.js')]);
  let job = first;
  const live = h('section', { class: 'live', 'aria-label': 'Status' });
  const details = h('div');
  const liveCurve = [];
  view.append(h('h1', {}, `Job ${shortId(id)}`), live, details);

  function show(next) {
    job = next;
    const epoch = epochOf(job.stage);
    if (epoch && !liveCurve.some((row) => row.epoch === epoch.epoch)) liveCurve.push(epoch);
    put(live, ...liveStatus(job));
    live.dataset.status = job.status;
    if (FINAL.includes(job.status) || liveCurve.length) put(details, ...outcome(job, liveCurve, charts));
  }
  show(job);
  if (!FINAL.includes(job.status)) {
    try {
      await follow(`api/v1/jobs/${id}/events`, (name, data) => show(data), signal);
    } catch (e) {
      if (!signal.aborted) live.append(errorBox(e, 'Live updates stopped'));
    }
    if (!signal.aborted && !FINAL.includes(job.status)) show(await api(`api/v1/jobs/${id}`, { signal }));
  }
}

function liveStatus(job) {
  const running = !FINAL.includes(job.status);
  return [
    h('p', { class: 'actions' }, status(job.status), h('span', {}, `${job.type} · `, h('code', {}, job.params?.method)),
      job.modelId ? h('a', { href: `#/models/${job.modelId}` }, 'input model') : h('span', { class: 'hint' }, 'input model deleted'),
      running ? h('button', { type: 'button', class: 'danger small', onclick: (e) => cancel(job, e.currentTarget) }, 'Cancel job') : null),
    h('div', { class: 'progress-row' },
      h('progress', { max: '1', value: String(job.status === 'SUCCEEDED' ? 1 : job.progress || 0), id: 'job-progress',
        'aria-label': 'Progress' }),
      h('span', { class: 'progress-value' }, percent(job.status === 'SUCCEEDED' ? 1 : job.progress || 0))),
    h('p', { class: 'stage', 'aria-live': 'polite' }, 'Stage: ', h('span', { id: 'job-stage' }, job.stage || '–')),
    facts([['Attempt', `${job.attempt} of ${job.maxAttempts}`], ['Submitted', when(job.createdAt)],
      ['Started', job.startedAt ? when(job.startedAt) : null], ['Finished', job.finishedAt ? when(job.finishedAt) : null],
      ['Parameters', describeParams(job.params) || 'defaults']]),
  ];
}

async function cancel(job, button) {
  button.disabled = true;
  try {
    await api(`api/v1/jobs/${job.id}/cancel`, { method: 'POST' });
  } catch (e) {
    button.after(errorBox(e, 'Not cancelled'));
    button.disabled = false;
  }
}

function outcome(job, liveCurve, charts) {
  const parts = [];
  if (job.error) {
    parts.push(errorBox(new ApiError(job.error.status || 0, job.error), 'The job failed'));
  }
  if (job.outputModelId) {
    const failed = h('div');
    parts.push(h('p', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', onclick: () => download(`api/v1/models/${job.outputModelId}/content`,
        `${job.outputModelId}.onnx`).catch((e) => put(failed, errorBox(e, 'Download failed'))) }, 'Download the compressed model'),
      h('a', { href: `#/models/${job.outputModelId}` }, 'Output model'),
      job.modelId ? h('a', { href: `#/compare/${job.modelId}` }, 'Compare with other artifacts') : null), failed);
  }
  if (job.metrics) parts.push(metrics(job.metrics));
  const curve = job.metrics?.technique?.curve || job.metrics?.technique?.recovery?.curve || liveCurve;
  if (curve?.length && (job.type === 'DISTILL' || job.type === 'PRUNE')) {
    parts.push(h('section', { 'aria-labelledby': 'curve-h' }, h('h2', { id: 'curve-h' }, 'Training curve'),
      charts.curveChart(curve)));
  }
  return parts;
}

function metrics(m) {
  const o = m.original || {};
  const c = m.compressed || {};
  const rows = [
    ['Size', bytes(o.sizeBytes), bytes(c.sizeBytes), m.ratios?.size],
    ['Parameters', count(o.parameterCount), count(c.parameterCount), ratio(c.parameterCount, o.parameterCount)],
    ['Latency p50', ms(o.latencyP50Ms), ms(c.latencyP50Ms), m.ratios?.latencyP50],
    ['Latency p95', ms(o.latencyP95Ms), ms(c.latencyP95Ms), m.ratios?.latencyP95],
    ['Top-1 accuracy', percentOrNone(o.top1Accuracy), percentOrNone(c.top1Accuracy), null],
  ].filter(([, a, b]) => a !== '–' || b !== '–');
  const f = m.fidelity || {};
  return h('section', { 'aria-labelledby': 'metrics-h' }, h('h2', { id: 'metrics-h' }, 'Metrics'),
    table('Original against compressed', [['', (r) => r[0]], ['Original', (r) => r[1]], ['Compressed', (r) => r[2]],
      ['Ratio', (r) => (r[3] === null || r[3] === undefined ? '–' : `× ${num(r[3], 3)}`)]], rows, { class: 'metrics' }),
    m.notMeasured ? h('p', { class: 'hint' }, `Not measured: ${m.notMeasured}`) : null,
    facts([['Fidelity (cosine, mean)', f.cosineMean != null ? num(f.cosineMean, 6) : null],
      ['Fidelity (cosine, min)', f.cosineMin != null ? num(f.cosineMin, 6) : null],
      ['Pooled cosine (mean)', f.pooledCosineMean != null ? num(f.pooledCosineMean, 6) : null],
      ['Top-1 agreement', f.top1Agreement != null ? percent(f.top1Agreement) : null],
      ['Max abs error', f.maxAbsError != null ? num(f.maxAbsError) : null],
      ['Accuracy drop', m.accuracyDrop != null ? percent(m.accuracyDrop) : null],
      ['Measured on', m.evaluationData ? `${m.evaluationData.source}, ${m.evaluationData.samples} samples` : null],
      ['Machine', m.environment ? `${m.environment.cpuModel || ''}, ${m.environment.cores} cores` : null]]));
}

function ratio(a, b) {
  return a && b ? a / b : null;
}

function percentOrNone(v) {
  return v === undefined || v === null ? '–' : percent(v);
}

/** While training runs, each epoch is in the stage line: "… epoch 3/100: train loss 0.41, validation loss 0.39 …". */
function epochOf(stage) {
  const match = /epoch (\d+)\/\d+: train loss ([\d.eE+-]+), validation loss ([\d.eE+-]+)/.exec(stage || '');
  return match ? { epoch: Number(match[1]), trainLoss: Number(match[2]), validationLoss: Number(match[3]) } : null;
}
