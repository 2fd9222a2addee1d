// Every call to the Earshot HTTP API goes through here: the API key header, problem+json errors
// turned into plain sentences, and URLs relative to the page so the dashboard works behind a
// path prefix (e.g. nginx serving it under /earshot/).

const KEY_STORAGE = 'earshot.apiKey';

export function apiKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE) ?? '';
  } catch {
    return '';            // storage blocked (private mode, sandboxed frame): run without a key
  }
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** An HTTP or network failure carrying the server's problem document when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function apiUrl(path) {
  return new URL(`api/v1/${path}`, document.baseURI).href;
}

export function wsUrl(path) {
  const url = new URL(apiUrl(path));
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/**
 * Calls the API and returns the Response when it is 2xx, else throws ApiError.
 * options: method, json (sent as JSON body), form (FormData), signal.
 */
export async function request(path, { method = 'GET', json, form, signal } = {}) {
  const headers = { Accept: 'application/json, application/problem+json;q=0.9, */*;q=0.5' };
  const key = apiKey();
  if (key) headers['X-API-Key'] = key;
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form) {
    body = form;             // the browser sets the multipart boundary itself
  }
  let response;
  try {
    response = await fetch(apiUrl(path), { method, headers, body, signal });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, {
      title: 'Network error',
      detail: 'Earshot could not be reached. Check that the server is running and try again.',
    });
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  return response;
}

async function readProblem(response) {
  const fallback = { title: response.statusText || `HTTP ${response.status}`, status: response.status };
  try {
    const type = response.headers.get('Content-Type') ?? '';
    if (type.includes('json')) return { ...fallback, ...(await response.json()) };
    const body = (await response.text()).trim();
    return body && body.length < 300 ? { ...fallback, detail: body } : fallback;
  } catch {
    return fallback;
  }
}

export async function getJson(path, options) {
  return (await request(path, options)).json();
}

export async function sendJson(path, method, json) {
  const response = await request(path, { method, json });
  return response.status === 204 ? {} : response.json();
}

export async function postForm(path, form) {
  return (await request(path, { method: 'POST', form })).json();
}

/** Fetches an image with the API key header and returns an object URL for an <img>. */
export async function imageUrl(path, { method = 'GET', form } = {}) {
  const blob = await (await request(path, { method, form })).blob();
  return URL.createObjectURL(blob);
}

/** A sentence a person can act on, from any error thrown by this module. */
export function describeError(err) {
  if (!(err instanceof ApiError)) return err?.message || 'Something went wrong.';
  const detail = err.problem.detail || err.problem.title || err.message;
  if (err.status === 401 || err.status === 403) {
    return `${detail} — enter the server's API key under Settings.`;
  }
  if (err.status === 503) {
    const retry = err.problem.retry_after_s;
    return retry ? `${detail} (try again in ${retry} s)` : detail;
  }
  return detail;
}
