// Model: what the inspection found, where the model came from and what was made of it, its jobs, download.

import { all, api, download } from '../api.js';
import { bytes, count, describeParams, empty, errorBox, facts, h, loading, shortId, status, table, when, put } from '../ui.js';

export async function modelPage({ view, signal }, id) {
  view.append(loading());
  let model = await api(`api/v1/models/${id}`, { signal });
  while (model.status === 'INSPECTING' && !signal.aborted) {
    put(view, h('h1', {}, model.name), h('p', {}, status(model.status), ' The service is inspecting this model…'));
    await new Promise((r) => setTimeout(r, 1000));
    model = await api(`api/v1/models/${id}`, { signal });
  }
  if (signal.aborted) return;
  const [derived, jobs] = await Promise.all([all(`api/v1/models?parentModelId=${id}`), all(`api/v1/jobs?modelId=${id}`)]);
  const downloadError = h('div');
  put(view, 
    h('h1', {}, model.name),
    h('p', { class: 'actions' },
      status(model.status),
      h('button', { type: 'button', onclick: () => download(`api/v1/models/${id}/content`, model.name)
        .catch((e) => put(downloadError, errorBox(e, 'Download failed'))) }, 'Download'),
      model.status === 'READY' ? h('a', { class: 'button primary', href: `#/jobs/new?modelId=${id}` }, 'New job') : null,
      h('a', { class: 'button', href: `#/compare/${id}` }, 'Compare derived models')),
    downloadError,
    model.statusReason ? errorBox({ message: model.statusReason }, 'The model is not usable') : null,
    facts([['Format', model.format], ['Size', bytes(model.sizeBytes)], ['Uploaded', when(model.createdAt)],
      ['SHA-256', h('code', { class: 'wrap' }, model.sha256)]]),
    lineage(model, derived),
    inspection(model.inspection),
    h('section', { 'aria-labelledby': 'jobs-h' }, h('h2', { id: 'jobs-h' }, 'Jobs on this model'),
      jobs.length ? jobsTable(jobs) : empty('No jobs yet.', model.status === 'READY'
        ? h('a', { href: `#/jobs/new?modelId=${id}` }, 'Compress this model') : null)));
}

function lineage(model, derived) {
  return h('section', { 'aria-labelledby': 'lineage-h' }, h('h2', { id: 'lineage-h' }, 'Lineage'),
    model.parentModelId
      ? h('p', {}, 'Made from ', h('a', { href: `#/models/${model.parentModelId}` }, `model ${shortId(model.parentModelId)}`),
        ' by ', h('a', { href: `#/jobs/${model.producedByJobId}` }, `job ${shortId(model.producedByJobId)}`), '.')
      : h('p', {}, 'Uploaded, not produced by a job.'),
    derived.length
      ? table('Derived models', [
        ['Name', (m) => h('a', { href: `#/models/${m.id}` }, m.name)],
        ['Size', (m) => bytes(m.sizeBytes)],
        ['Made by', (m) => h('a', { href: `#/jobs/${m.producedByJobId}` }, `job ${shortId(m.producedByJobId)}`)],
        ['Created', (m) => when(m.createdAt)]], derived)
      : h('p', { class: 'hint' }, 'No models were derived from this one yet.'));
}

function inspection(report) {
  if (!report) return null;
  const onnx = report.onnx;
  const tensors = (caption, list) => table(caption, [
    ['Name', (t) => h('code', {}, t.name)], ['Type', (t) => t.elementType], ['Shape', (t) => `[${(t.shape || []).join(', ')}]`]],
  list || []);
  const ops = Object.entries(onnx?.nodeCountByOpType || {}).sort((a, b) => b[1] - a[1]);
  return h('section', { 'aria-labelledby': 'inspection-h' }, h('h2', { id: 'inspection-h' }, 'Inspection'),
    facts([['Parameters', count(report.parameterCount)], ['Parameter bytes', bytes(report.parameterBytes)],
      ['Opset', onnx?.opsetImports ? Object.entries(onnx.opsetImports).map(([d, v]) => `${d || 'ai.onnx'} ${v}`).join(', ') : null],
      ['IR version', onnx?.irVersion], ['Producer', onnx?.producerName ? `${onnx.producerName} ${onnx.producerVersion || ''}` : null],
      ['Smoke test', report.smokeTest ? `${report.smokeTest.succeeded ? 'passed' : 'failed'}: ${report.smokeTest.detail || ''}` : null]]),
    onnx ? [tensors('Inputs', onnx.inputs), tensors('Outputs', onnx.outputs),
      table('Operators', [['Operator', ([op]) => op], ['Nodes', ([, n]) => n]], ops)] : null,
    report.torchScript ? table('Parameters', [['Name', (p) => h('code', {}, p.name)],
      ['Shape', (p) => `[${(p.shape || []).join(', ')}]`]], report.torchScript.parameters || []) : null);
}

export function jobsTable(jobs) {
  return table(null, [
    ['Job', (j) => h('a', { href: `#/jobs/${j.id}` }, shortId(j.id))],
    ['Status', (j) => status(j.status)],
    ['Type', (j) => j.type],
    ['Method', (j) => [h('code', {}, j.params?.method || '–'), h('span', { class: 'hint block' }, describeParams(j.params))]],
    ['Submitted', (j) => when(j.createdAt)]], jobs);
}
