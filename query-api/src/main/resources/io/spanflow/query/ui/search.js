// Search page: the form on the left, a scatter plot and the result list on the right.
// The URL holds the whole query, so a search can be shared and reloads run it again.
import { summarize } from './model.js';
import {
  api, h, navigate, fmtDuration, fmtDate, fmtAgo, serviceColor, parseDuration, parseTags,
  statePanel, shortId,
} from './util.js';

const LOOKBACKS = [
  ['5m', 'Last 5 minutes', 5 * 60e6],
  ['15m', 'Last 15 minutes', 15 * 60e6],
  ['1h', 'Last hour', 3600e6],
  ['2h', 'Last 2 hours', 2 * 3600e6],
  ['6h', 'Last 6 hours', 6 * 3600e6],
  ['12h', 'Last 12 hours', 12 * 3600e6],
  ['1d', 'Last 24 hours', 24 * 3600e6],
  ['2d', 'Last 2 days', 48 * 3600e6],
  ['7d', 'Last 7 days', 7 * 24 * 3600e6],
  ['custom', 'Custom range…', 0],
];

const SORTS = {
  recent: ['Most recent', (a, b) => b.start - a.start],
  longest: ['Longest first', (a, b) => b.duration - a.duration],
  shortest: ['Shortest first', (a, b) => a.duration - b.duration],
  spans: ['Most spans', (a, b) => b.spanCount - a.spanCount],
  errors: ['Most errors', (a, b) => b.errors - a.errors],
};

export async function renderSearch(main) {
  const q = new URLSearchParams(location.search);
  const form = h('form', { class: 'search-form', autocomplete: 'off' });
  const results = h('section', { class: 'results', 'aria-live': 'polite' });
  main.replaceChildren(h('div', { class: 'search-page' }, h('aside', { class: 'sidebar' }, form), results));

  let services;
  try {
    services = await api('api/services');
  } catch (e) {
    form.replaceChildren(statePanel('error', 'Cannot list services', e.message,
      h('p', {}, 'Check that Elasticsearch is reachable (admin health on port 16687), then reload.')));
    return;
  }
  services = (services || []).slice().sort();
  if (!services.length) {
    form.replaceChildren(h('h2', {}, 'Search'));
    results.replaceChildren(statePanel('empty', 'No services yet',
      h('p', {}, 'Send spans to Spanflow and they show up here within seconds:'),
      h('ul', {},
        h('li', {}, h('b', {}, 'Jaeger'), ' UDP 6831 / 6832, HTTP 14268, gRPC 14250'),
        h('li', {}, h('b', {}, 'OpenTelemetry'), ' OTLP gRPC 4317, OTLP HTTP 4318'),
        h('li', {}, h('b', {}, 'Zipkin'), ' HTTP 9411')),
      h('p', {}, 'Or open a Jaeger JSON file with “Open JSON” above.')));
    return;
  }

  const service = q.get('service') && services.includes(q.get('service')) ? q.get('service') : (q.get('service') || services[0]);
  const serviceSel = h('select', { name: 'service', id: 'service' },
    services.map((s) => h('option', { value: s, selected: s === service }, s)));
  const opSel = h('select', { name: 'operation', id: 'operation' }, h('option', { value: '' }, 'All operations'));
  const loadOps = async (svc, selected) => {
    opSel.replaceChildren(h('option', { value: '' }, 'All operations'));
    try {
      const ops = ((await api('api/services/' + encodeURIComponent(svc) + '/operations')) || []).slice().sort();
      for (const o of ops) opSel.append(h('option', { value: o, selected: o === selected }, o));
    } catch (e) {
      opSel.append(h('option', { value: '', disabled: true }, 'operations unavailable: ' + e.message));
    }
  };
  serviceSel.addEventListener('change', () => loadOps(serviceSel.value, ''));
  const lookback = q.get('lookback') || '1h';
  const lookbackSel = h('select', { name: 'lookback', id: 'lookback' },
    LOOKBACKS.map(([v, label]) => h('option', { value: v, selected: v === lookback }, label)));
  const toLocal = (us) => (us ? new Date(us / 1000 - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 16) : '');
  const startIn = h('input', { type: 'datetime-local', name: 'start', value: toLocal(+q.get('start')) });
  const endIn = h('input', { type: 'datetime-local', name: 'end', value: toLocal(+q.get('end')) });
  const custom = h('div', { class: 'custom-range', hidden: lookback !== 'custom' },
    h('label', {}, 'From', startIn), h('label', {}, 'To', endIn));
  lookbackSel.addEventListener('change', () => (custom.hidden = lookbackSel.value !== 'custom'));

  form.replaceChildren(
    h('h2', {}, 'Search'),
    h('label', { for: 'service' }, 'Service ', h('span', { class: 'count' }, services.length)), serviceSel,
    h('label', { for: 'operation' }, 'Operation'), opSel,
    h('label', { for: 'tags' }, 'Tags'),
    h('input', { id: 'tags', name: 'tags', value: q.get('tags') || '', placeholder: 'http.status_code=500 error=true', spellcheck: 'false' }),
    h('small', { class: 'hint' }, 'key=value pairs separated by spaces; quote values with spaces. Matches span tags, process tags and log fields.'),
    h('label', { for: 'lookback' }, 'Lookback'), lookbackSel, custom,
    h('div', { class: 'row2' },
      h('label', {}, 'Min duration', h('input', { name: 'minDuration', value: q.get('minDuration') || '', placeholder: 'e.g. 1.2s, 100ms' })),
      h('label', {}, 'Max duration', h('input', { name: 'maxDuration', value: q.get('maxDuration') || '', placeholder: 'e.g. 5s' }))),
    h('label', { for: 'limit' }, 'Limit results'),
    h('input', { id: 'limit', name: 'limit', type: 'number', min: '1', max: '1500', value: q.get('limit') || '20' }),
    h('button', { type: 'submit', class: 'button primary', id: 'find-traces' }, 'Find traces'));
  await loadOps(service, q.get('operation') || '');

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const p = new URLSearchParams();
    for (const k of ['service', 'operation', 'tags', 'lookback', 'minDuration', 'maxDuration', 'limit']) {
      const v = (fd.get(k) || '').toString().trim();
      if (v) p.set(k, v);
    }
    if (p.get('lookback') === 'custom') {
      const s = Date.parse(fd.get('start'));
      const e = Date.parse(fd.get('end'));
      if (!isNaN(s)) p.set('start', s * 1000);
      if (!isNaN(e)) p.set('end', e * 1000);
    }
    for (const k of ['minDuration', 'maxDuration']) {
      if (p.get(k) && isNaN(parseDuration(p.get(k)))) {
        results.replaceChildren(statePanel('error', 'Invalid ' + (k === 'minDuration' ? 'min' : 'max') + ' duration', `“${p.get(k)}” is not a duration. Use a number with a unit: 250us, 1.5ms, 2s, 1m.`));
        return;
      }
    }
    navigate('search?' + p.toString());
  });

  if (!q.get('service')) {
    results.replaceChildren(statePanel('empty', 'Pick a service and find traces',
      h('p', {}, services.length + ' services are reporting. Choose one on the left, narrow by operation, tags or duration, and press “Find traces”.')));
    return;
  }
  await runSearch(q, results);
}

async function runSearch(q, results) {
  results.replaceChildren(statePanel('loading', 'Searching traces…'));
  const params = {
    service: q.get('service'),
    operation: q.get('operation'),
    limit: q.get('limit') || '20',
    minDuration: q.get('minDuration'),
    maxDuration: q.get('maxDuration'),
  };
  const tags = parseTags(q.get('tags'));
  if (Object.keys(tags).length) params.tags = JSON.stringify(tags);
  const lb = LOOKBACKS.find(([v]) => v === (q.get('lookback') || '1h'));
  const nowUs = Date.now() * 1000;
  if (lb && lb[0] === 'custom') {
    params.start = q.get('start');
    params.end = q.get('end') || nowUs;
  } else {
    params.end = nowUs;
    params.start = nowUs - (lb ? lb[2] : 3600e6);
  }
  const t0 = performance.now();
  let traces;
  try {
    traces = (await api('api/traces', params)) || [];
  } catch (e) {
    results.replaceChildren(statePanel('error', 'Search failed', e.message,
      e.status === 400 ? h('p', {}, 'Fix the highlighted parameter and search again.') :
        h('p', {}, 'Check that Elasticsearch is reachable (admin health on port 16687) and retry.')));
    return;
  }
  const took = Math.round(performance.now() - t0);
  if (!traces.length) {
    results.replaceChildren(statePanel('empty', 'No traces found',
      h('p', {}, 'Nothing matched in this time range. Try a longer lookback, fewer tags, another operation, or a lower minimum duration.')));
    return;
  }
  renderResults(results, traces.map(summarize), { took, onOpen: (s) => navigate('trace/' + s.traceID) });
}

/** The scatter plot and result list; also used for uploaded files. */
export function renderResults(container, summaries, { took, onOpen }) {
  let sortKey = 'recent';
  const list = h('ol', { class: 'result-list' });
  const maxDur = Math.max(...summaries.map((s) => s.duration), 1);
  const draw = () => {
    const sorted = summaries.slice().sort(SORTS[sortKey][1]);
    list.replaceChildren(...sorted.map((s) => resultItem(s, maxDur, onOpen)));
  };
  const sortSel = h('select', { class: 'sort', 'aria-label': 'Sort results', onchange: (e) => { sortKey = e.target.value; draw(); } },
    Object.entries(SORTS).map(([k, [label]]) => h('option', { value: k }, label)));
  container.replaceChildren(
    scatterPlot(summaries, onOpen),
    h('div', { class: 'results-header' },
      h('h2', { class: 'results-count' }, summaries.length + (summaries.length === 1 ? ' trace' : ' traces')),
      took != null ? h('span', { class: 'muted' }, 'in ' + took + ' ms') : null,
      h('span', { class: 'spacer' }),
      sortSel),
    list);
  draw();
}

function resultItem(s, maxDur, onOpen) {
  const open = (ev) => {
    if (ev.metaKey || ev.ctrlKey) return; // new tab: let the link work
    ev.preventDefault();
    onOpen(s);
  };
  return h('li', { class: 'result' + (s.errors ? ' has-errors' : '') },
    h('a', { class: 'result-head', href: 'trace/' + s.traceID, onclick: open },
      h('span', { class: 'result-title' },
        h('span', { class: 'svc-dot', style: { background: serviceColor(s.rootService) } }),
        h('b', {}, s.rootService), ': ', s.rootOperation,
        h('span', { class: 'trace-id' }, shortId(s.traceID))),
      h('span', { class: 'result-duration' }, fmtDuration(s.duration)),
      h('span', { class: 'duration-bar', style: { width: Math.max(1, (100 * s.duration) / maxDur) + '%' } })),
    h('div', { class: 'result-body' },
      h('span', { class: 'pill' }, s.spanCount + (s.spanCount === 1 ? ' span' : ' spans')),
      s.errors ? h('span', { class: 'pill error' }, s.errors + (s.errors === 1 ? ' error' : ' errors')) : null,
      h('span', { class: 'services' },
        s.services.slice(0, 8).map(([name, n]) =>
          h('span', { class: 'svc-chip', style: { borderColor: serviceColor(name) } },
            h('span', { class: 'svc-dot', style: { background: serviceColor(name) } }), name, ' ', h('b', {}, n))),
        s.services.length > 8 ? h('span', { class: 'muted' }, '+' + (s.services.length - 8) + ' more') : null),
      h('span', { class: 'spacer' }),
      h('span', { class: 'result-time', title: fmtDate(s.start) }, fmtDate(s.start), h('span', { class: 'muted' }, ' · ' + fmtAgo(s.start)))));
}

/** Start time × duration; bigger dots have more spans, red ones have errors. */
function scatterPlot(summaries, onOpen) {
  const W = 900, H = 180, L = 56, R = 12, T = 12, B = 26;
  const xs = summaries.map((s) => s.start);
  const ys = summaries.map((s) => s.duration);
  let x0 = Math.min(...xs), x1 = Math.max(...xs);
  if (x1 - x0 < 1e6) { x0 -= 5e5; x1 += 5e5; }
  const padX = (x1 - x0) * 0.04;
  x0 -= padX;
  x1 += padX;
  const y1 = Math.max(...ys) * 1.1 || 1;
  const sx = (v) => L + ((v - x0) / (x1 - x0)) * (W - L - R);
  const sy = (v) => H - B - (v / y1) * (H - T - B);
  const maxSpans = Math.max(...summaries.map((s) => s.spanCount));
  const svg = h('svg:svg', { class: 'scatter', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Trace durations over time' });
  for (let i = 0; i <= 4; i++) {
    const v = (y1 * i) / 4;
    svg.append(h('svg:line', { x1: L, x2: W - R, y1: sy(v), y2: sy(v), class: 'grid' }),
      h('svg:text', { x: L - 6, y: sy(v) + 4, class: 'axis', 'text-anchor': 'end' }, v ? fmtDuration(v) : '0'));
  }
  for (let i = 0; i <= 4; i++) {
    const v = x0 + ((x1 - x0) * i) / 4;
    svg.append(h('svg:text', { x: sx(v), y: H - 8, class: 'axis', 'text-anchor': 'middle' },
      new Date(v / 1000).toLocaleTimeString()));
  }
  for (const s of summaries.slice().sort((a, b) => b.spanCount - a.spanCount)) {
    const r = 3.5 + 6 * Math.sqrt(s.spanCount / maxSpans);
    svg.append(h('svg:circle', {
      cx: sx(s.start), cy: sy(s.duration), r, class: 'dot' + (s.errors ? ' error' : ''),
      onclick: () => onOpen(s),
    }, h('svg:title', {}, `${s.rootService}: ${s.rootOperation}\n${fmtDuration(s.duration)} · ${s.spanCount} spans${s.errors ? ' · ' + s.errors + ' errors' : ''}\n${fmtDate(s.start)}`)));
  }
  return h('div', { class: 'scatter-wrap card' }, svg,
    h('div', { class: 'legend' }, h('span', { class: 'dot-legend' }), 'trace', h('span', { class: 'dot-legend error' }), 'has errors', h('span', { class: 'muted' }, ' · size = span count')));
}
