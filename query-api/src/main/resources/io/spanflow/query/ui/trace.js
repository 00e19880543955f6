// Trace page: header, ruler, a virtualised waterfall of the span tree, and a span detail panel.
// Only the rows in view are in the DOM, so 10,000+ span traces open instantly.
import { buildTrace, criticalPath } from './model.js';
import {
  api, h, fmtDuration, fmtDate, serviceColor, statePanel, valueText, downloadJson, shortId,
} from './util.js';

const ROW = 26;
const OVERSCAN = 12;

export async function renderTracePage(main, traceID) {
  main.replaceChildren(statePanel('loading', 'Loading trace ' + shortId(traceID) + '…'));
  const t0 = performance.now();
  const slow = setTimeout(() => {
    const body = main.querySelector('.state.loading');
    if (body) body.append(h('div', { class: 'state-body' }, h('p', {}, 'Still loading: traces with thousands of spans take a few seconds to read from storage.')));
  }, 2000);
  let data;
  try {
    data = await api('api/traces/' + encodeURIComponent(traceID));
    document.body.dataset.traceFetchMs = Math.round(performance.now() - t0);
  } catch (e) {
    clearTimeout(slow);
    main.replaceChildren(statePanel('error', e.status === 404 ? 'Trace not found' : 'Could not load the trace', e.message,
      h('p', {}, e.status === 404
        ? 'It may be older than the retention period, or its spans are still on the way (the sink batches for a few seconds). Check the ID and retry.'
        : 'Check that Elasticsearch is reachable (admin health on port 16687) and retry.')));
    return;
  }
  clearTimeout(slow);
  const trace = Array.isArray(data) ? data[0] : data;
  if (!trace || !(trace.spans || []).length) {
    main.replaceChildren(statePanel('empty', 'This trace has no spans'));
    return;
  }
  renderTrace(main, trace, t0);
}

/** Renders a Jaeger JSON trace object; t0 (performance.now at request) feeds the render timer. */
export function renderTrace(main, trace, t0 = performance.now()) {
  const tRender = performance.now();
  delete document.body.dataset.traceRenderMs;
  const model = buildTrace(trace);
  const critical = criticalPath(model);
  const state = {
    collapsed: new Set(),
    selected: null,
    matches: null,
    matchIndex: -1,
    showCritical: true,
    visible: [],
  };

  const rowsLayer = h('div', { class: 'rows-layer' });
  const spacer = h('div', { class: 'rows-spacer' }, rowsLayer);
  const viewport = h('div', { class: 'waterfall-viewport', tabindex: '0' }, spacer);
  const detail = h('aside', { class: 'span-detail', hidden: true });
  const findInput = h('input', { type: 'search', class: 'find', placeholder: 'Find in trace (service, operation, tag, span ID)', 'aria-label': 'Find in trace' });
  const findCount = h('span', { class: 'find-count muted' });

  const root = model.root;
  const header = h('div', { class: 'trace-header' },
    h('div', { class: 'trace-title' },
      h('h1', {},
        h('span', { class: 'svc-dot big', style: { background: serviceColor(root.service) } }),
        h('span', { class: 'trace-root-service' }, root.service), ': ', root.span.operationName),
      h('span', { class: 'trace-id mono', title: 'Trace ID' }, model.traceID)),
    h('div', { class: 'trace-facts' },
      fact('Started', fmtDate(model.start)),
      fact('Duration', fmtDuration(model.duration)),
      fact('Services', model.services.size),
      fact('Depth', model.maxDepth + 1),
      fact('Spans', model.order.length.toLocaleString(), 'trace-span-count'),
      model.errors ? fact('Errors', model.errors, 'errors') : null),
    h('div', { class: 'trace-tools' },
      findInput, findCount,
      h('button', { class: 'button ghost', type: 'button', title: 'Previous match', onclick: () => step(-1) }, '↑'),
      h('button', { class: 'button ghost', type: 'button', title: 'Next match (Enter)', onclick: () => step(1) }, '↓'),
      h('label', { class: 'toggle' }, h('input', { type: 'checkbox', checked: true, id: 'critical-toggle', onchange: (e) => { state.showCritical = e.target.checked; draw(); } }), ' Critical path'),
      h('button', { class: 'button ghost', type: 'button', id: 'collapse-all', onclick: collapseAll }, 'Collapse all'),
      h('button', { class: 'button ghost', type: 'button', id: 'expand-all', onclick: () => { state.collapsed.clear(); refresh(); } }, 'Expand all'),
      h('button', { class: 'button ghost', type: 'button', id: 'download-json', onclick: () => downloadJson('trace-' + model.traceID + '.json', { data: [trace] }) }, 'Download JSON')),
    h('div', { class: 'service-legend' },
      [...model.services.entries()].sort((a, b) => b[1] - a[1]).map(([s, n]) =>
        h('span', { class: 'svc-chip', style: { borderColor: serviceColor(s) } }, h('span', { class: 'svc-dot', style: { background: serviceColor(s) } }), s, ' ', h('b', {}, n)))),
    model.roots.length > 1 ? h('div', { class: 'warning-box' }, model.roots.length - 1 + ' spans reference parents missing from this trace; they are shown as extra roots.') : null);

  const ticks = h('div', { class: 'ruler-ticks' });
  for (let i = 0; i <= 5; i++) {
    ticks.append(h('span', { class: 'tick', style: { left: i * 20 + '%' } }, h('span', { class: 'tick-label' }, fmtDuration((model.duration * i) / 5))));
  }
  const ruler = h('div', { class: 'ruler' }, h('div', { class: 'ruler-name' }, 'Service & operation'), h('div', { class: 'ruler-bars' }, ticks));
  const timeline = h('section', { class: 'timeline card' }, ruler, viewport);
  main.replaceChildren(h('div', { class: 'trace-page' }, header, h('div', { class: 'trace-body' }, timeline, detail)));

  function refresh() {
    const visible = [];
    const stack = model.roots.slice().reverse();
    while (stack.length) {
      const n = stack.pop();
      visible.push(n);
      if (!state.collapsed.has(n)) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
    state.visible = visible;
    spacer.style.height = visible.length * ROW + 'px';
    draw();
  }

  function collapseAll() {
    for (const n of model.order) if (n.children.length && n.depth >= 1) state.collapsed.add(n);
    refresh();
  }

  let pending = false;
  viewport.addEventListener('scroll', () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(() => { pending = false; draw(); });
    }
  });
  window.addEventListener('resize', draw);

  function draw() {
    const top = viewport.scrollTop;
    const height = viewport.clientHeight || 600;
    const from = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
    const to = Math.min(state.visible.length, Math.ceil((top + height) / ROW) + OVERSCAN);
    const rows = [];
    for (let i = from; i < to; i++) rows.push(row(state.visible[i], i));
    rowsLayer.replaceChildren(...rows);
  }

  function row(n, i) {
    const s = n.span;
    const left = ((n.start - model.start) / (model.duration || 1)) * 100;
    const width = Math.max(0.15, (n.duration / (model.duration || 1)) * 100);
    const color = serviceColor(n.service);
    const isMatch = state.matches && state.matches.has(n);
    const cls = ['span-row'];
    if (n === state.selected) cls.push('selected');
    if (n.error) cls.push('error');
    if (state.matches) cls.push(isMatch ? 'match' : 'dimmed');
    const bar = h('div', { class: 'bar', style: { left: left + '%', width: width + '%', background: color } });
    if (state.showCritical && critical.has(n.id)) {
      for (const [a, b] of critical.get(n.id)) {
        bar.append(h('div', { class: 'critical', style: { left: ((a - n.start) / (n.duration || 1)) * 100 + '%', width: ((b - a) / (n.duration || 1)) * 100 + '%' } }));
      }
    }
    // Label after the bar; for bars reaching the right edge, before it, or inside when it is wide.
    const labelStyle = left + width <= 78 ? { left: left + width + '%' }
      : left >= 14 ? { right: 100 - left + '%' }
        : { right: 100 - left - width + '%' };
    const label = h('span', { class: 'bar-label' + (left + width > 78 && left < 14 ? ' inside' : '') , style: labelStyle }, fmtDuration(n.duration));
    const toggle = n.children.length
      ? h('button', { class: 'twisty' + (state.collapsed.has(n) ? ' collapsed' : ''), type: 'button', 'aria-label': state.collapsed.has(n) ? 'Expand' : 'Collapse', title: n.children.length + ' children', onclick: (ev) => { ev.stopPropagation(); toggleNode(n); } }, '▾')
      : h('span', { class: 'twisty-space' });
    return h('div', {
      class: cls.join(' '), style: { top: i * ROW + 'px' }, 'data-span-id': n.id, role: 'row',
      onclick: () => select(n),
    },
    h('div', { class: 'span-name', style: { paddingLeft: 4 + Math.min(n.depth, 30) * 10 + 'px' } },
      toggle,
      h('span', { class: 'svc-mark', style: { background: color } }),
      n.error ? h('span', { class: 'err-mark', title: 'error' }, '!') : null,
      h('span', { class: 'svc-name' }, n.service),
      h('span', { class: 'op-name' }, s.operationName),
      n.children.length && state.collapsed.has(n) ? h('span', { class: 'child-count' }, '+' + countDescendants(n)) : null,
      (s.warnings || []).length ? h('span', { class: 'warn-mark', title: s.warnings.join('\n') }, '⚠') : null),
    h('div', { class: 'span-bars' }, gridLines(), bar, label));
  }

  function toggleNode(n) {
    if (state.collapsed.has(n)) state.collapsed.delete(n);
    else state.collapsed.add(n);
    refresh();
  }

  function select(n) {
    state.selected = n;
    detail.hidden = false;
    detail.replaceChildren(...spanDetail(n, model, () => { state.selected = null; detail.hidden = true; draw(); }, (id) => reveal(model.byId.get(id))));
    draw();
  }

  function reveal(n) {
    if (!n) return;
    for (let p = n.parent; p; p = p.parent) state.collapsed.delete(p);
    refresh();
    const i = state.visible.indexOf(n);
    const top = i * ROW;
    if (top < viewport.scrollTop || top > viewport.scrollTop + viewport.clientHeight - ROW) {
      viewport.scrollTop = Math.max(0, top - viewport.clientHeight / 3);
    }
    select(n);
  }

  viewport.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && state.selected) {
      state.selected = null;
      detail.hidden = true;
      draw();
    }
  });

  let findTimer;
  findInput.addEventListener('input', () => {
    clearTimeout(findTimer);
    findTimer = setTimeout(runFind, 120);
  });
  findInput.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') { ev.preventDefault(); step(ev.shiftKey ? -1 : 1); }
  });

  function runFind() {
    const q = findInput.value.trim().toLowerCase();
    if (!q) {
      state.matches = null;
      findCount.textContent = '';
      draw();
      return;
    }
    const matches = new Set();
    for (const n of model.order) {
      if (matchesSpan(n, q)) matches.add(n);
    }
    state.matches = matches;
    state.matchList = model.order.filter((n) => matches.has(n));
    state.matchIndex = -1;
    findCount.textContent = matches.size + (matches.size === 1 ? ' match' : ' matches');
    draw();
  }

  function step(d) {
    if (!state.matchList || !state.matchList.length) return;
    state.matchIndex = (state.matchIndex + d + state.matchList.length) % state.matchList.length;
    findCount.textContent = state.matchIndex + 1 + ' of ' + state.matchList.length;
    reveal(state.matchList[state.matchIndex]);
  }

  refresh();
  // Time to first render: the rows are in the DOM; the next frame paints them.
  requestAnimationFrame(() => {
    const ms = Math.round(performance.now() - t0);
    document.body.dataset.traceTotalMs = ms;
    document.body.dataset.traceRenderMs = Math.round(performance.now() - tRender);
    console.info('spanflow: trace ' + model.traceID + ' (' + model.order.length + ' spans) on screen ' + ms + ' ms after the request');
  });
}

function percentOf(part, whole) {
  const p = (part / (whole || 1)) * 100;
  return p > 0 && p < 0.1 ? '<0.1%' : p.toFixed(1) + '%';
}

function gridLines() {
  return h('div', { class: 'grid-lines' });
}

function countDescendants(n) {
  let c = 0;
  const stack = [...n.children];
  while (stack.length) {
    const x = stack.pop();
    c++;
    stack.push(...x.children);
  }
  return c;
}

function matchesSpan(n, q) {
  const s = n.span;
  if (n.service.toLowerCase().includes(q) || s.operationName.toLowerCase().includes(q) || s.spanID.includes(q)) return true;
  for (const t of s.tags || []) {
    if (t.key.toLowerCase().includes(q) || valueText(t.value).toLowerCase().includes(q)) return true;
  }
  for (const l of s.logs || []) {
    for (const f of l.fields || []) if (valueText(f.value).toLowerCase().includes(q)) return true;
  }
  return false;
}

function fact(label, value, cls) {
  return h('span', { class: 'fact' + (cls ? ' ' + cls : '') }, h('span', { class: 'fact-label' }, label), h('span', { class: 'fact-value' }, value));
}

function kvTable(kvs, cls) {
  if (!kvs || !kvs.length) return h('p', { class: 'muted' }, 'none');
  return h('table', { class: 'kv ' + (cls || '') }, h('tbody', {},
    kvs.map((t) => h('tr', { class: t.key === 'error' && valueText(t.value) === 'true' ? 'error' : null },
      h('th', {}, t.key), h('td', { class: 'mono' }, valueText(t.value))))));
}

function spanDetail(n, model, close, goTo) {
  const s = n.span;
  const parent = n.parent;
  return [
    h('div', { class: 'detail-head' },
      h('div', {},
        h('div', { class: 'detail-service' }, h('span', { class: 'svc-dot', style: { background: serviceColor(n.service) } }), n.service),
        h('h2', { class: 'detail-operation' }, s.operationName)),
      h('button', { class: 'button ghost close', type: 'button', 'aria-label': 'Close details', onclick: close }, '✕')),
    h('dl', { class: 'detail-facts' },
      h('dt', {}, 'Start'), h('dd', {}, '+' + fmtDuration(n.start - model.start), h('span', { class: 'muted' }, ' · ' + fmtDate(n.start))),
      h('dt', {}, 'Duration'), h('dd', {}, fmtDuration(n.duration), h('span', { class: 'muted' }, ' · ' + percentOf(n.duration, model.duration) + ' of trace')),
      h('dt', {}, 'Span ID'), h('dd', { class: 'mono' }, s.spanID),
      h('dt', {}, 'Parent'), h('dd', {}, parent ? h('a', { href: '#', onclick: (e) => { e.preventDefault(); goTo(parent.id); } }, parent.service + ': ' + parent.span.operationName) : h('span', { class: 'muted' }, 'root'))),
    (s.warnings || []).length ? section('Warnings', h('ul', { class: 'warning-box' }, s.warnings.map((w) => h('li', {}, w)))) : null,
    section('Tags', kvTable(s.tags), (s.tags || []).length),
    section('Process', h('div', {}, h('p', {}, h('b', {}, n.process.serviceName)), kvTable(n.process.tags)), (n.process.tags || []).length),
    section('Logs', (s.logs || []).length
      ? h('ol', { class: 'logs' }, s.logs.map((l) => h('li', {},
        h('div', { class: 'log-time' }, '+' + fmtDuration(l.timestamp - model.start), h('span', { class: 'muted' }, ' · ' + fmtDuration(l.timestamp - n.start) + ' into span')),
        kvTable(l.fields))))
      : h('p', { class: 'muted' }, 'none'), (s.logs || []).length),
    section('References', (s.references || []).length
      ? h('ul', { class: 'refs' }, s.references.map((r) => h('li', {},
        h('span', { class: 'pill' }, r.refType), ' ',
        model.byId.has(r.spanID) && r.traceID === model.traceID
          ? h('a', { href: '#', onclick: (e) => { e.preventDefault(); goTo(r.spanID); } }, model.byId.get(r.spanID).service + ': ' + model.byId.get(r.spanID).span.operationName)
          : h('span', { class: 'mono' }, r.traceID === model.traceID ? r.spanID + ' (not in trace)' : h('a', { href: 'trace/' + r.traceID }, 'trace ' + shortId(r.traceID) + ' / ' + r.spanID)))))
      : h('p', { class: 'muted' }, 'none'), (s.references || []).length),
  ].filter(Boolean);
}

function section(title, body, count) {
  return h('details', { class: 'detail-section', open: true },
    h('summary', {}, title, count != null ? h('span', { class: 'count' }, count) : null), body);
}
