// Shared helpers: API calls relative to the page's <base href>, DOM building, formatting, colours.

/** Builds an element: h('div', {class: 'x', onclick: fn}, child, 'text', [more]). */
export function h(tag, attrs, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k === 'value' && !svg) el.value = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const TOKEN_KEY = 'spanflow.bearerToken';
let tokenPrompt = null;

/**
 * GETs api/... relative to the base; returns the envelope's data (or the body if unwrapped).
 * When the service answers 401 (it was started with --query.bearer-token-file), asks for a
 * token once, keeps it in sessionStorage (this tab only) and sends it as Authorization: Bearer.
 */
export async function api(path, params) {
  const url = new URL(path, document.baseURI);
  for (const [k, v] of Object.entries(params || {})) {
    if (v == null || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
  }
  let res;
  for (let attempt = 0; ; attempt++) {
    const sent = sessionStorage.getItem(TOKEN_KEY);
    const headers = { Accept: 'application/json' };
    if (sent) headers.Authorization = 'Bearer ' + sent;
    try {
      res = await fetch(url, { headers });
    } catch (e) {
      throw new ApiError(0, 'The query service did not answer (' + e.message + '). Is it running?');
    }
    if (res.status !== 401 || attempt >= 5) break;
    // Another request may have stored a new token while this one was on its way.
    if (sessionStorage.getItem(TOKEN_KEY) !== sent) continue;
    const token = await askForToken(sent ? 'That token was not accepted. Try another.' : '');
    if (!token) {
      sessionStorage.removeItem(TOKEN_KEY);
      throw new ApiError(401, 'This query service needs a bearer token. Reload the page to enter one.');
    }
    sessionStorage.setItem(TOKEN_KEY, token);
  }
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    /* not JSON */
  }
  if (!res.ok) {
    const msg = body && body.errors && body.errors.length ? body.errors[0].msg : res.statusText;
    throw new ApiError(res.status, msg || 'HTTP ' + res.status);
  }
  return body && 'data' in body ? body.data : body;
}

/** Whether a token is kept for this tab (shown as "Sign out" in the top bar). */
export function hasToken() {
  return !!sessionStorage.getItem(TOKEN_KEY);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** One modal prompt, however many requests were refused at the same time; resolves '' on cancel. */
function askForToken(problem) {
  if (tokenPrompt) return tokenPrompt;
  tokenPrompt = new Promise((resolve) => {
    const input = h('input', { type: 'password', name: 'token', id: 'token-input', required: true, autocomplete: 'off', spellcheck: 'false', placeholder: 'Bearer token', 'aria-label': 'Bearer token' });
    const dialog = h('dialog', { class: 'token-dialog', id: 'token-dialog', 'aria-labelledby': 'token-title' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'token-title' }, 'Token required'),
        h('p', {}, 'This query service only answers requests with a bearer token. Ask its operator for one of the tokens in its ', h('code', {}, '--query.bearer-token-file'), '.'),
        problem ? h('p', { class: 'token-problem' }, problem) : null,
        input,
        h('p', { class: 'muted' }, 'The token is kept in this browser tab only and sent as “Authorization: Bearer”.'),
        h('div', { class: 'dialog-actions' },
          h('button', { type: 'button', class: 'button ghost', id: 'token-cancel', onclick: () => dialog.close('') }, 'Cancel'),
          h('button', { type: 'submit', class: 'button primary', id: 'token-submit', value: 'ok' }, 'Use token'))));
    dialog.addEventListener('close', () => {
      const token = dialog.returnValue === 'ok' ? input.value.trim() : '';
      dialog.remove();
      tokenPrompt = null;
      window.dispatchEvent(new Event('spanflow:token'));
      resolve(token);
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
  return tokenPrompt;
}

/** Path of the current page relative to the base, without leading slash: "trace/abc". */
export function routePath() {
  const base = new URL(document.baseURI).pathname;
  const p = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : '';
  return p.replace(/^\/+/, '');
}

export function navigate(rel, replace) {
  const url = new URL(rel, document.baseURI);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event('spanflow:navigate'));
}

/** 1234 µs → "1.23ms"; keeps three significant digits. */
export function fmtDuration(us) {
  if (us == null || isNaN(us)) return '–';
  const units = [
    [3600e6, 'h'],
    [60e6, 'm'],
    [1e6, 's'],
    [1e3, 'ms'],
  ];
  for (const [size, name] of units) {
    if (us >= size) return trim(us / size) + name;
  }
  return trim(us) + 'µs';
}

function trim(n) {
  return n >= 100 ? String(Math.round(n)) : n >= 10 ? n.toFixed(1).replace(/\.0$/, '') : n.toFixed(2).replace(/\.?0+$/, '');
}

const dateFmt = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const timeFmt = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function fmtDate(us) {
  return dateFmt.format(new Date(us / 1000));
}

export function fmtTime(us) {
  return timeFmt.format(new Date(us / 1000));
}

export function fmtAgo(us) {
  const s = (Date.now() - us / 1000) / 1000;
  if (s < 0) return 'in the future';
  if (s < 60) return Math.round(s) + 's ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' days ago';
}

const PALETTE = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2',
  '#17becf', '#bcbd22', '#3b5bdb', '#f08c00', '#0ca678', '#ae3ec9',
  '#5c7cfa', '#e8590c', '#2b8a3e', '#c2255c',
];

/** A stable colour per service name, the same on every page. */
export function serviceColor(name) {
  let x = 2166136261;
  for (let i = 0; i < name.length; i++) {
    x ^= name.charCodeAt(i);
    x = Math.imul(x, 16777619);
  }
  return PALETTE[(x >>> 0) % PALETTE.length];
}

/** Go-style durations the API accepts: "1.5ms", "2s", "300us". Returns µs or NaN. */
export function parseDuration(s) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)\s*$/.exec(s || '');
  if (!m) return NaN;
  const f = { us: 1, µs: 1, ms: 1e3, s: 1e6, m: 60e6, h: 3600e6 }[m[2]];
  return parseFloat(m[1]) * f;
}

/** logfmt-ish tags: `error=true http.status_code=500 msg="two words"` → {key: value}. */
export function parseTags(s) {
  const out = {};
  const re = /([^\s=]+)=(?:"([^"]*)"|(\S*))/g;
  let m;
  while ((m = re.exec(s || ''))) out[m[1]] = m[2] != null ? m[2] : m[3];
  return out;
}

export function tagValue(tags, key) {
  const t = (tags || []).find((x) => x.key === key);
  return t ? t.value : undefined;
}

export function isErrorSpan(span) {
  const e = tagValue(span.tags, 'error');
  if (e === true || e === 'true') return true;
  const code = tagValue(span.tags, 'otel.status_code');
  return code === 'ERROR';
}

/** A state panel: kind is loading | empty | error. */
export function statePanel(kind, title, ...body) {
  return h('div', { class: 'state ' + kind, role: kind === 'error' ? 'alert' : 'status' },
    h('div', { class: 'state-title' }, title),
    body.length ? h('div', { class: 'state-body' }, ...body) : null);
}

export function shortId(id) {
  return id ? id.slice(0, 7) : '';
}

/** Serialises a tag value for display. */
export function valueText(v) {
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Downloads `data` as a JSON file. */
export function downloadJson(name, data) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const a = h('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 0);
}
