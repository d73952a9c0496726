// The API of `selvedge serve` (docs/serve.md) from the page: JSON in and out, the session
// cookie sent along, the CSRF header on writes, errors as ApiError.

// An error answer: status (0 when the server could not be reached), the API's error code,
// message, and where it points (field, line, column); retryAfter the seconds of a 429's
// Retry-After header (null without one).
export class ApiError extends Error {
  constructor(status, error = {}, retryAfter = null) {
    super(error.message || `The server answered ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = error.code || (status === 0 ? 'network' : 'http_' + status);
    this.field = error.field || null;
    this.line = error.line || null;
    this.column = error.column || null;
    this.retryAfter = retryAfter;
    this.body = error;
  }
}

// The csrf cookie's value (set with the session; readable by scripts by design).
export function csrfToken() {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === 'csrf') return decodeURIComponent(v.join('='));
  }
  return '';
}

// method on path with a body already written (text, or null) of contentType: the parsed
// JSON answer, null for 204, the text for an answer that is not JSON; ApiError otherwise
// (a 2xx that says JSON but does not parse included: code "bad_json", never null).
export async function send(method, path, text = null, contentType = null) {
  const headers = {Accept: 'application/json'};
  if (text != null && contentType) headers['Content-Type'] = contentType;
  if (method !== 'GET' && method !== 'HEAD') {
    const t = csrfToken();
    if (t) headers['X-CSRF-Token'] = t;
  }
  let res;
  try {
    res = await fetch(path, {method, headers, body: text, credentials: 'same-origin'});
  } catch (e) {
    throw new ApiError(0, {code: 'network', message: 'The server cannot be reached: check the connection and try again.'});
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  let body = null;
  if (type.includes('json')) {
    try {
      body = await res.json();
    } catch {
      if (res.ok) {
        throw new ApiError(res.status, {code: 'bad_json',
          message: `The server's answer to ${method} ${path} could not be read (not JSON). Try again.`});
      }
      body = null;
    }
  } else {
    body = await res.text();
  }
  if (!res.ok) {
    const ra = res.headers.get('Retry-After');
    const err = body && typeof body === 'object' && body.error ? body.error : {message: `The server answered ${res.status} ${res.statusText}`.trim()};
    throw new ApiError(res.status, err, ra == null ? null : Number(ra));
  }
  return body;
}

// body: sent as JSON; left out (undefined): no body at all (routes that take none, as
// POST /api/logout, refuse one with 415).
const json = (method) => (path, body) => (body === undefined ? send(method, path)
  : send(method, path, JSON.stringify(body), 'application/json'));

export const get = (path) => send('GET', path);
export const post = json('POST');
export const put = json('PUT');
export const del = (path) => send('DELETE', path);

// The whole API as one object (ctx.api): api.get(path), api.post(path, body), ...
export const api = {get, post, put, del, send, ApiError};
export default api;
