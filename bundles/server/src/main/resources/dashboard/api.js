// The REST API of /api/v1 (server-spec "REST API"): JSON requests, the session token and Server-Sent
// Events read with fetch streaming, so that the session cookie (or a header) applies as it does to every
// other request; EventSource could not send a header.

export const API = '/api/v1';

/** An error answer of the API: {error, parameter, value, fix} and the HTTP status. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : `HTTP ${status}`);
    this.status = status;
    this.parameter = body ? body.parameter ?? null : null;
    this.value = body ? body.value ?? null : null;
    this.fix = body ? body.fix ?? null : null;
  }
}

let unauthorized = () => {};

/** Called with no argument whenever a request answers 401 (the caller shows the token box). */
export function onUnauthorized(handler) { unauthorized = handler; }

async function errorOf(response) {
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (response.status === 401) unauthorized();
  return new ApiError(response.status, body);
}

/** A JSON request; resolves to the parsed answer (null for 204), rejects with an ApiError. */
export async function request(path, { method = 'GET', body, signal } = {}) {
  const init = { method, credentials: 'same-origin', signal, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(API + path, init);
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return null;
  return response.json();
}

/** Text of a file of a run (CSV tables). */
export async function fileText(url, signal) {
  const response = await fetch(url, { credentials: 'same-origin', signal });
  if (!response.ok) throw await errorOf(response);
  return response.text();
}

/** POST /session: the server answers with the HttpOnly cookie that later requests carry. */
export function signIn(token) { return request('/session', { method: 'POST', body: { token } }); }

/** URL of a run's file; each path segment encoded. */
export function fileUrl(runId, name, download = false) {
  const path = name.split('/').map(encodeURIComponent).join('/');
  return `${API}/runs/${encodeURIComponent(runId)}/files/${path}${download ? '?download=1' : ''}`;
}

/**
 * Reads the SSE stream at {@code path} until it ends or {@code signal} aborts, calling
 * {@code onEvent(type, data)} with each event's type ("message" when none) and its parsed JSON data.
 * Comment lines (": ping") are skipped. Resolves when the server closes the stream.
 */
export async function stream(path, onEvent, signal) {
  const response = await fetch(API + path,
      { credentials: 'same-origin', signal, headers: { Accept: 'text/event-stream' }, cache: 'no-store' });
  if (!response.ok) throw await errorOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, end), onEvent);
      buffer = buffer.slice(end + 2);
    }
  }
}

function dispatch(block, onEvent) {
  let type = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return;
  const text = data.join('\n');
  let parsed;
  try { parsed = JSON.parse(text); } catch (e) { parsed = text; }
  onEvent(type, parsed);
}
