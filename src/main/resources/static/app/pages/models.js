// Models: the tenant's models (newest first), upload by drag and drop or picker with a progress bar, delete.

import { api, upload } from '../api.js';
import { bytes, confirm, count, empty, errorBox, h, loading, status, table, when, put } from '../ui.js';

const PAGE = 200;

export async function modelsPage({ view, signal }) {
  const list = h('section', { 'aria-labelledby': 'models-list' }, loading());
  view.append(h('h1', {}, 'Models'), uploadZone(() => refresh()), list);
  let timer = null;
  signal.addEventListener('abort', () => clearTimeout(timer));

  // pages: how many pages of PAGE models are shown; "Show more" adds one, a refresh keeps what was shown
  async function refresh(pages = 1) {
    clearTimeout(timer);
    let items = [];
    let total = 0;
    try {
      for (let page = 0; page < pages; page++) {
        const got = await api(`api/v1/models?page=${page}&size=${PAGE}`, { signal });
        items = items.concat(got.items);
        total = got.totalItems;
        if (items.length >= total) break;
      }
    } catch (e) {
      if (!signal.aborted) put(list, errorBox(e, 'The models could not be loaded'));
      return;
    }
    if (signal.aborted) return;
    const more = total > items.length ? h('p', { class: 'hint' }, `Showing the newest ${items.length} of ${total} models. `,
      h('button', { type: 'button', class: 'small', onclick: () => refresh(pages + 1) }, `Show ${Math.min(PAGE, total - items.length)} more`)) : null;
    put(list, h('h2', { id: 'models-list', class: 'visually-hidden' }, 'Your models'),
      items.length ? modelsTable(items, () => refresh(pages)) : empty('No models yet. Upload an ONNX or TorchScript file above to start.'),
      more);
    // read by the benchmark (DashboardBenchmarkTest): time from navigation to the first rendered list
    if (!performance.getEntriesByName('mcs:models-rendered').length) performance.mark('mcs:models-rendered');
    if (items.some((m) => m.status === 'INSPECTING')) timer = setTimeout(() => refresh(pages), 1000);
  }
  await refresh();
}

function modelsTable(models, refresh) {
  return table(null, [
    ['Name', (m) => h('a', { href: `#/models/${m.id}` }, m.name)],
    ['Status', (m) => [status(m.status), m.statusReason ? h('span', { class: 'hint block' }, m.statusReason) : null]],
    ['Format', (m) => m.format],
    ['Size', (m) => bytes(m.sizeBytes)],
    ['Parameters', (m) => count(m.inspection?.parameterCount)],
    ['Uploaded', (m) => when(m.createdAt)],
    ['', (m) => h('button', { type: 'button', class: 'danger small', 'aria-label': `Delete ${m.name}`,
      onclick: (e) => remove(m, e.currentTarget, refresh) }, 'Delete')],
  ], models, { class: 'models', 'data-count': String(models.length) });
}

async function remove(model, button, refresh) {
  if (!(await confirm(`Delete the model “${model.name}” and its file? This cannot be undone.`))) {
    button.focus();
    return;
  }
  try {
    await api(`api/v1/models/${model.id}`, { method: 'DELETE' });
    await refresh();
  } catch (e) {
    button.closest('td').append(errorBox(e, 'Not deleted'));
  }
}

function uploadZone(uploaded) {
  const input = h('input', { type: 'file', id: 'model-file', accept: '.onnx,.pt,.pth,.zip', class: 'visually-hidden' });
  const bar = h('progress', { max: '1', value: '0', hidden: true, 'aria-label': 'Upload progress' });
  const message = h('p', { class: 'upload-message', role: 'status' });
  const zone = h('div', { class: 'dropzone' },
    h('p', {}, 'Drop an ONNX or TorchScript model here, or '),
    // the input itself stays focusable (visually hidden, not display:none); its label is the visible button
    h('label', { for: 'model-file', class: 'button primary' }, 'Choose a file'),
    input, bar, message);

  async function send(file) {
    if (!file) return;
    bar.hidden = false;
    bar.value = 0;
    put(message, `Uploading ${file.name} (${bytes(file.size)})…`);
    try {
      const model = await upload('api/v1/models', file, (share) => { bar.value = share; });
      put(message, `Uploaded ${model.name}; the service is inspecting it.`);
      await uploaded(model);
    } catch (e) {
      put(message, errorBox(e, `${file.name} was not accepted`));
    } finally {
      bar.hidden = true;
      input.value = '';
    }
  }

  input.addEventListener('change', () => send(input.files[0]));
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    send(e.dataTransfer.files[0]);
  });
  return h('section', { 'aria-label': 'Upload a model' }, zone);
}
