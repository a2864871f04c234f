// The only way the dashboard reaches data: the public API, with the API key the person typed in (if the service
// asks for one). The key lives in sessionStorage only: gone when the tab closes, never in a cookie or on disk.

const KEY = 'mcs.apiKey';
let askKey = async () => { throw new ApiError(401, { title: 'API key needed' }); };
let pendingKey = null;

/** An API answer other than 2xx, with its RFC 9457 problem (or a stand-in for network failures). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** The stable slug of the problem type, e.g. "unknown-parameter". */
  get slug() {
    return (this.problem.type || '').split('/').pop();
  }
}

/** Installs the function that asks the person for a key; it resolves to the key or rejects when they cancel. */
export function onKeyNeeded(ask) {
  askKey = ask;
}

export function hasKey() {
  return sessionStorage.getItem(KEY) !== null;
}

export function forgetKey() {
  sessionStorage.removeItem(KEY);
}

function authHeaders(extra = {}) {
  const key = sessionStorage.getItem(KEY);
  return key ? { ...extra, Authorization: `Bearer ${key}` } : { ...extra };
}

/** One prompt at a time, however many calls were refused together. */
async function newKey(problem) {
  forgetKey();
  if (!pendingKey) {
    pendingKey = askKey(problem).then((key) => {
      sessionStorage.setItem(KEY, key.trim());
    }).finally(() => { pendingKey = null; });
  }
  return pendingKey;
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try { return await response.json(); } catch { /* fall through */ }
  }
  return { title: response.statusText || `HTTP ${response.status}`, status: response.status };
}

async function send(method, path, init) {
  try {
    return await fetch(path, { method, ...init, headers: authHeaders(init.headers) });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'The service cannot be reached', detail: 'The service did not answer. Is it running, and is the network up?' });
  }
}

/** A JSON call; asks for a key and retries when the service answers 401. */
export async function api(path, { method = 'GET', body, headers = {}, signal } = {}) {
  for (;;) {
    const init = { headers: { Accept: 'application/json, application/problem+json', ...headers }, signal };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
    const response = await send(method, path, init);
    if (response.status === 401) {
      await newKey(await problemOf(response));
      continue;
    }
    if (!response.ok) throw new ApiError(response.status, await problemOf(response));
    if (response.status === 204) return null;
    return response.json();
  }
}

/** Every page of a list endpoint, up to {@code limit} items. */
export async function all(path, limit = 1000) {
  const items = [];
  const join = path.includes('?') ? '&' : '?';
  for (let page = 0; items.length < limit; page++) {
    const answer = await api(`${path}${join}page=${page}&size=200`);
    items.push(...answer.items);
    if (page + 1 >= answer.totalPages) break;
  }
  return items;
}

/** A multipart upload with progress (fetch cannot report upload progress; XMLHttpRequest can). */
export function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    Object.entries(authHeaders({ Accept: 'application/json' })).forEach(([k, v]) => xhr.setRequestHeader(k, v));
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, { title: 'Upload failed', detail: 'The connection broke during the upload.' }));
    xhr.onload = async () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText || '{}'); } catch { body = { title: xhr.statusText }; }
      if (xhr.status === 401) {
        try { await newKey(body); resolve(await upload(path, file, onProgress)); } catch (e) { reject(e); }
      } else if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body);
      } else {
        reject(new ApiError(xhr.status, body));
      }
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Saves a model file; a plain link cannot carry the Authorization header, so the bytes come through fetch. */
export async function download(path, fallbackName) {
  for (;;) {
    const response = await send('GET', path, {});
    if (response.status === 401) { await newKey(await problemOf(response)); continue; }
    if (!response.ok) throw new ApiError(response.status, await problemOf(response));
    const disposition = response.headers.get('Content-Disposition') || '';
    const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] || fallbackName;
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    return;
  }
}

/**
 * Follows a Server-Sent Events stream through fetch(), because EventSource cannot send the Authorization header.
 * Calls onEvent(name, data) per event; reconnects with Last-Event-ID after a broken connection (the server's
 * retry hint, else 3 s) until the 'done' event arrives or the signal aborts.
 */
export async function follow(path, onEvent, signal) {
  let lastId = null;
  let retryMs = 3000;
  while (!signal.aborted) {
    try {
      const headers = { Accept: 'text/event-stream', ...(lastId ? { 'Last-Event-ID': lastId } : {}) };
      const response = await send('GET', path, { headers, signal });
      if (response.status === 401) { await newKey(await problemOf(response)); continue; }
      if (!response.ok) throw new ApiError(response.status, await problemOf(response));
      const finished = await readEvents(response.body, (event) => {
        if (event.id) lastId = event.id;
        if (event.retry) retryMs = event.retry;
        if (event.data !== undefined) onEvent(event.name || 'message', JSON.parse(event.data));
      });
      if (finished) return;
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof ApiError && e.status !== 0) throw e;
    }
    await new Promise((r) => setTimeout(r, retryMs));
  }
}

/** Parses text/event-stream; resolves true once a 'done' event was read. */
async function readEvents(body, emit) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = {};
  let done = false;
  for (;;) {
    const { value, done: end } = await reader.read();
    if (end) return done;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r?\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer[newline] === '\r' ? 2 : 1));
      if (line === '') {
        if (event.data !== undefined || event.retry) emit(event);
        done = done || event.name === 'done';
        event = {};
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event.name = text;
      else if (field === 'id') event.id = text;
      else if (field === 'retry') event.retry = Number(text);
      else if (field === 'data') event.data = event.data === undefined ? text : `${event.data}\n${text}`;
    }
  }
}

let apiDocs = null;

/** The live OpenAPI description: the job form is generated from it. */
export function openApi() {
  apiDocs = apiDocs || api('v3/api-docs').catch((e) => { apiDocs = null; throw e; });
  return apiDocs;
}
