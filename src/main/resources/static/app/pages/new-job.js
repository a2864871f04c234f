// New job: the form is generated from the live OpenAPI description (JobRequest, and TechniqueParams' oneOf member
// per method with the defaults in its x-methods extension), so a newly registered method needs no page code.

import { ApiError, all, api, openApi, upload } from '../api.js';
import { SchemaForm, resolve } from '../form.js';
import { bytes, empty, errorBox, h, loading, put } from '../ui.js';

export async function newJobPage({ view, signal, query }) {
  view.append(h('h1', {}, 'New job'), loading());
  const [doc, models, datasets] = await Promise.all([openApi(), all('api/v1/models'), all('api/v1/datasets')]);
  if (signal.aborted) return;
  const ready = models.filter((m) => m.status === 'READY');
  view.lastChild.remove();
  if (!ready.length) {
    view.append(empty('No model is ready to compress yet.', h('a', { href: '#/models' }, 'Upload a model first')));
    return;
  }
  const methods = methodCatalog(doc);
  const form = new SchemaForm(doc, {
    modelid: (id, required) => modelPicker(id, required, ready, query.get('modelId')),
    datasetid: (id, required, name) => datasetPicker(id, required, name, datasets),
  });
  const request = resolve(doc, doc.components.schemas.JobRequest);
  const types = (resolve(doc, request.properties.type).enum || []).filter((t) => methods.some((m) => m.jobType === t));
  const typeSelect = h('select', { id: 'job-type', name: 'type', required: true },
    types.map((t) => h('option', { value: t }, t)));
  const methodSelect = h('select', { id: 'job-method', name: 'method', required: true });
  const summary = h('p', { class: 'hint', id: 'job-method-hint' });
  methodSelect.setAttribute('aria-describedby', 'job-method-hint job-method-error');
  const paramsBox = h('div', { class: 'params' });
  const formError = h('div', { 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Submit job');

  function showMethods() {
    const forType = methods.filter((m) => m.jobType === typeSelect.value);
    put(methodSelect, ...forType.map((m) => h('option', { value: m.name }, m.name)));
    const preferred = forType.find((m) => m.name === query.get('method'));
    if (preferred) methodSelect.value = preferred.name;
    showParams();
  }

  function showParams() {
    const method = methods.find((m) => m.name === methodSelect.value);
    form.drop('params');
    form.clearErrors();
    summary.textContent = method ? [method.summary && `${method.summary.replace(/\.$/, '')}.`,
      method.inputFormats && `Accepts ${method.inputFormats.join(', ')} models.`].filter(Boolean).join(' ') : '';
    const fields = method ? form.object(method.schema, 'params', method.defaults, ['method']) : [];
    put(paramsBox, fields.length
      ? h('fieldset', {}, h('legend', {}, `Parameters of ${method.name}`),
        h('p', { class: 'hint' }, 'Filled in with the service\'s defaults; only the fields you change are sent.'), fields)
      : h('p', { class: 'hint' }, 'This method has no parameters.'));
  }

  typeSelect.addEventListener('change', showMethods);
  methodSelect.addEventListener('change', showParams);
  const top = form.object(request, '', {}, ['type', 'params']);
  const element = h('form', { class: 'job-form', novalidate: true },
    formError,
    top.filter((f) => f.dataset.field === 'modelId'),
    h('div', { class: 'field', 'data-field': 'type' }, h('label', { for: 'job-type' }, 'Job type'), typeSelect,
      form.errorSlot('type', 'job-type')),
    h('div', { class: 'field', 'data-field': 'params.method' }, h('label', { for: 'job-method' }, 'Method'),
      methodSelect, summary, form.errorSlot('params.method', 'job-method')),
    paramsBox,
    top.filter((f) => f.dataset.field !== 'modelId'),
    h('p', { class: 'actions' }, submit));
  element.addEventListener('submit', async (e) => {
    e.preventDefault();
    form.clearErrors();
    put(formError);
    submit.disabled = true;
    try {
      const job = await api('api/v1/jobs', { method: 'POST', body: body(form, typeSelect.value, methodSelect.value),
        headers: { 'Idempotency-Key': randomKey() } });
      location.hash = `#/jobs/${job.id}`;
    } catch (err) {
      showProblem(err, form, formError);
    } finally {
      submit.disabled = false;
    }
  });
  view.append(element);
  const model = ready.find((m) => m.id === query.get('modelId'));
  if (query.get('type') && types.includes(query.get('type'))) typeSelect.value = query.get('type');
  else if (model && model.format !== 'ONNX' && types.includes('DISTILL')) typeSelect.value = 'DISTILL';
  showMethods();
}

/** Each method: name, job type, formats, summary, defaults and its params schema, from the API description. */
function methodCatalog(doc) {
  const params = doc.components.schemas.TechniqueParams;
  const described = params['x-methods'] || {};
  return Object.entries(params.discriminator.mapping).map(([name, ref]) => ({
    name,
    schema: { $ref: ref },
    jobType: described[name]?.jobType,
    inputFormats: described[name]?.inputFormats,
    summary: described[name]?.summary,
    defaults: described[name]?.defaults || {},
  }));
}

function body(form, type, method) {
  const request = { type, params: { method, ...(form.read('params') || {}) } };
  for (const name of ['modelId', 'datasetId', 'evaluationDatasetId']) {
    const value = form.value(name);
    if (value) request[name] = value;
  }
  return request;
}

function showProblem(err, form, formError) {
  if (!(err instanceof ApiError)) {
    put(formError, errorBox(err, 'The job was not submitted'));
    return;
  }
  const { field, validParameters, validValues } = err.problem;
  const extra = validParameters ? ` Valid parameters: ${validParameters.join(', ')}.`
    : validValues ? ` Valid values: ${validValues.join(', ')}.` : '';
  const sentence = /[.!?]$/.test(err.message) ? err.message : `${err.message}.`;
  const shown = field && form.showError(field, `${sentence}${extra}`);
  put(formError, errorBox(err, shown ? 'The job was not submitted: see the marked field' : 'The job was not submitted'));
}

function randomKey() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

function modelPicker(id, required, models, chosen) {
  return h('select', { id, required },
    models.map((m) => h('option', { value: m.id, selected: m.id === chosen ? 'selected' : null },
      `${m.name} (${m.format}, ${bytes(m.sizeBytes)})`)));
}

/** A dataset select plus an upload button that adds the new dataset to it and selects it. */
function datasetPicker(id, required, name, datasets) {
  const select = h('select', { id, required },
    h('option', { value: '' }, 'none'),
    datasets.map((d) => h('option', { value: d.id }, datasetLabel(d))));
  const file = h('input', { type: 'file', accept: '.npz', id: `${id}-upload`, class: 'visually-hidden' });
  const message = h('span', { class: 'hint', role: 'status' });
  file.addEventListener('change', async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    message.textContent = `Uploading ${chosen.name}…`;
    try {
      const dataset = await upload('api/v1/datasets', chosen, (share) => { message.textContent = `Uploading ${chosen.name}: ${Math.round(share * 100)} %`; });
      document.querySelectorAll('select[data-datasets]').forEach((s) => s.append(h('option', { value: dataset.id }, datasetLabel(dataset))));
      select.value = dataset.id;
      select.dispatchEvent(new Event('change'));
      message.textContent = `${dataset.name} uploaded and chosen.`;
    } catch (e) {
      put(message, errorBox(e, 'The dataset was not accepted'));
    } finally {
      file.value = '';
    }
  });
  select.dataset.datasets = name;
  select.extra = h('span', { class: 'upload-inline' },
    h('label', { for: `${id}-upload`, class: 'button small' }, `Upload an .npz for ${name}`), file, message);
  return select;
}

function datasetLabel(d) {
  return `${d.name} (${d.sampleCount} samples${d.hasLabels ? ', labelled' : ''})`;
}
