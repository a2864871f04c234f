// Hash routes: the service serves one index.html, and every page is a module that renders into <main>.

import { forgetKey, hasKey, onKeyNeeded } from './api.js';
import { errorBox, h, put } from './ui.js';
// Pages load on first use: the models list never waits for the chart library.
const routes = [
  [/^#\/models\/([0-9a-f-]{36})$/, () => import('./pages/model.js').then((m) => m.modelPage), 'models'],
  [/^#\/jobs\/new$/, () => import('./pages/new-job.js').then((m) => m.newJobPage), 'new-job'],
  [/^#\/jobs\/([0-9a-f-]{36})$/, () => import('./pages/job.js').then((m) => m.jobPage), null],
  [/^#\/compare\/([0-9a-f-]{36})$/, () => import('./pages/compare.js').then((m) => m.comparePage), null],
  [/^#\/models$/, () => import('./pages/models.js').then((m) => m.modelsPage), 'models'],
];

const view = document.getElementById('view');
let leave = null;

async function render() {
  const [path, query] = (location.hash || '#/models').split('?');
  const route = routes.find(([pattern]) => pattern.test(path));
  if (leave) { leave.abort(); }
  leave = new AbortController();
  document.querySelectorAll('[data-nav]').forEach((a) => {
    if (route && a.dataset.nav === route[2]) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  put(view);
  if (!route) {
    view.append(h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/models' }, 'Go to the models')));
    return;
  }
  const args = path.match(route[0]).slice(1);
  const context = { signal: leave.signal, query: new URLSearchParams(query || ''), view };
  try {
    const page = await route[1]();
    if (context.signal.aborted) return;
    await page(context, ...args);
  } catch (e) {
    if (e.name !== 'AbortError' && !context.signal.aborted) view.append(errorBox(e, 'This page could not be shown'));
  }
  const heading = view.querySelector('h1');
  if (heading) document.title = `${heading.textContent} · Model compression`;
  updateKeyButton();
}

function updateKeyButton() {
  document.getElementById('forget-key').hidden = !hasKey();
}

/** The key prompt: a modal dialog; resolves with the key, rejects when the person cancels. */
function askForKey(problem) {
  const dialog = document.getElementById('key-dialog');
  const input = document.getElementById('key-input');
  document.getElementById('key-reason').firstChild.textContent = hasKey() || problem?.detail?.includes('revoked')
    ? 'The service refused the key (unknown or revoked). Enter another one; it is kept in this browser tab only (session storage) and sent with every API call as '
    : 'The service asks for an API key. It is kept in this browser tab only (session storage) and sent with every API call as ';
  input.value = '';
  return new Promise((resolve, reject) => {
    const form = document.getElementById('key-form');
    const cancel = document.getElementById('key-cancel');
    const done = () => { form.removeEventListener('submit', submit); cancel.removeEventListener('click', stop); };
    const submit = (e) => {
      e.preventDefault();
      if (!input.value.trim()) return;
      done();
      dialog.close();
      resolve(input.value);
      updateKeyButton();
    };
    const stop = () => {
      done();
      dialog.close();
      reject(Object.assign(new Error('An API key is needed to see this page.'), { name: 'KeyCancelled' }));
    };
    form.addEventListener('submit', submit);
    cancel.addEventListener('click', stop);
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); stop(); }, { once: true });
    dialog.showModal();
    input.focus();
  });
}

onKeyNeeded(askForKey);
document.getElementById('forget-key').addEventListener('click', () => {
  forgetKey();
  updateKeyButton();
  render();
});
window.addEventListener('hashchange', () => { render(); view.focus({ preventScroll: true }); });
render();
