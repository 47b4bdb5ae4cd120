// Calls to /api: the bearer token from sessionStorage on every call, asked for once when the API answers 401;
// Server-Sent Events read with fetch() and a stream reader (EventSource cannot send an Authorization header).

const TOKEN_KEY = 'bulkimport.apiToken';
let tokenAsked = null;

/** Shows the token form and resolves once a token was entered (one prompt for all calls waiting on it). */
function askForToken() {
  if (!tokenAsked) {
    tokenAsked = new Promise((resolve) => {
      const section = document.getElementById('token-section');
      const form = document.getElementById('token-form');
      const input = document.getElementById('token');
      section.hidden = false;
      input.focus();
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        sessionStorage.setItem(TOKEN_KEY, input.value.trim());
        input.value = '';
        section.hidden = true;
        tokenAsked = null;
        resolve();
      }, { once: true });
    });
  }
  return tokenAsked;
}

/** The headers every /api call sends: the token when one was given. */
export function authHeaders(extra = {}) {
  const headers = new Headers(extra);
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) {
    headers.set('Authorization', 'Bearer ' + token);
  }
  return headers;
}

/** fetch() for /api: sends the token, and on 401 asks for it and tries again. */
export async function api(path, options = {}) {
  for (;;) {
    const response = await fetch(path, { ...options, headers: authHeaders(options.headers || {}) });
    if (response.status !== 401) {
      return response;
    }
    sessionStorage.removeItem(TOKEN_KEY);
    await askForToken();
  }
}

/** The JSON of a response, or throws an Error with the API's message ({"error": …}) or the status. */
export async function json(response) {
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    const error = new Error((body && body.error) || `${response.status} ${response.statusText}`.trim());
    error.status = response.status;
    error.body = body;
    throw error;
  }
  return body;
}

export const FINISHED = ['completed', 'completed_with_errors', 'failed', 'cancelled', 'rolled_back'];

/**
 * Reads the SSE stream at {@code path} (WHATWG HTML "Server-sent events": "event:" and "data:" lines, a blank line
 * ends an event) and calls onEvent(name, data) for each. Resolves when the server ends the stream.
 */
export async function readEvents(path, onEvent, signal) {
  const response = await api(path, { headers: { Accept: 'text/event-stream' }, signal });
  if (!response.ok) {
    await json(response);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    buffer = (buffer + value).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, end), onEvent);
      buffer = buffer.slice(end + 2);
    }
  }
}

function dispatch(block, onEvent) {
  let name = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') {
      name = value;
    } else if (field === 'data') {
      data.push(value);
    }
  }
  if (data.length) {
    onEvent(name, data.join('\n'));
  }
}

/**
 * Follows a job or group ({@code base} = /api/imports/{id} or /api/groups/{id}) until it has finished: its events,
 * and when the stream breaks off early, the resource itself, then the events again.
 */
export async function follow(base, onSnapshot) {
  let last = null;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await readEvents(base + '/events', (name, data) => {
        if (name === 'progress' || name === 'message') {
          last = JSON.parse(data);
          onSnapshot(last);
        }
      });
    } catch (e) {
      if (e.status && e.status !== 503) {
        throw e;
      }
    }
    if (last && FINISHED.includes(last.status)) {
      return last;
    }
    last = await json(await api(base));
    onSnapshot(last);
    if (FINISHED.includes(last.status)) {
      return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return last;
}
