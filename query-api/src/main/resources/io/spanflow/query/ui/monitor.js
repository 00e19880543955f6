// Service performance: request rate, error rate and latency quantiles over time for one service,
// and a table per operation, from the span-metrics endpoints (Jaeger's Monitor tab API).
import { api, h, fmtDuration, statePanel, navigate, serviceColor } from './util.js';

const WINDOWS = [['30m', 30 * 60e3], ['1h', 3600e3], ['6h', 6 * 3600e3], ['1d', 24 * 3600e3]];
const KINDS = ['server', 'client', 'internal', 'producer', 'consumer'];

export async function renderMonitor(main) {
  const q = new URLSearchParams(location.search);
  const body = h('div', { class: 'monitor-body' });
  const head = h('div', { class: 'page-head' }, h('h1', {}, 'Service performance'));
  main.replaceChildren(h('div', { class: 'page' }, head, body));
  body.replaceChildren(statePanel('loading', 'Loading services…'));
  let services;
  try {
    services = ((await api('api/services')) || []).slice().sort();
  } catch (e) {
    body.replaceChildren(statePanel('error', 'Cannot list services', e.message));
    return;
  }
  if (!services.length) {
    body.replaceChildren(statePanel('empty', 'No services yet', h('p', {}, 'Send spans to port 6831 (Jaeger), 4317 (OTLP) or 9411 (Zipkin); their rates and latencies appear here.')));
    return;
  }
  const service = services.includes(q.get('service')) ? q.get('service') : services[0];
  const win = WINDOWS.find(([k]) => k === q.get('lookback')) || WINDOWS[1];
  const kind = KINDS.includes(q.get('spanKind')) ? q.get('spanKind') : 'server';
  const go = (patch) => {
    const p = new URLSearchParams({ service, lookback: win[0], spanKind: kind, ...patch });
    navigate('monitor?' + p, true);
  };
  head.append(h('span', { class: 'spacer' }),
    h('label', {}, 'Service ', h('select', { id: 'monitor-service', onchange: (e) => go({ service: e.target.value }) }, services.map((s) => h('option', { value: s, selected: s === service }, s)))),
    h('label', {}, 'Span kind ', h('select', { onchange: (e) => go({ spanKind: e.target.value }) }, KINDS.map((k) => h('option', { value: k, selected: k === kind }, k)))),
    h('label', {}, 'Window ', h('select', { onchange: (e) => go({ lookback: e.target.value }) }, WINDOWS.map(([k]) => h('option', { value: k, selected: k === win[0] }, 'Last ' + k)))));

  body.replaceChildren(statePanel('loading', 'Loading metrics for ' + service + '…'));
  const endTs = Date.now();
  const step = Math.max(60e3, Math.round(win[1] / 60 / 60e3) * 60e3);
  const base = { service, endTs, lookback: win[1], step, ratePer: 60e3, spanKind: 'SPAN_KIND_' + kind.toUpperCase() };
  let calls, errors, p50, p95, p99, opCalls, opErrors, opP95;
  try {
    [calls, errors, p50, p95, p99, opCalls, opErrors, opP95] = await Promise.all([
      api('api/metrics/calls', base),
      api('api/metrics/errors', base),
      api('api/metrics/latencies', { ...base, quantile: 0.5 }),
      api('api/metrics/latencies', { ...base, quantile: 0.95 }),
      api('api/metrics/latencies', { ...base, quantile: 0.99 }),
      api('api/metrics/calls', { ...base, groupByOperation: true }),
      api('api/metrics/errors', { ...base, groupByOperation: true }),
      api('api/metrics/latencies', { ...base, groupByOperation: true, quantile: 0.95 }),
    ]);
  } catch (e) {
    body.replaceChildren(statePanel(e.status === 501 ? 'empty' : 'error',
      e.status === 501 ? 'Service performance is not set up' : 'Cannot load metrics', e.message,
      h('p', {}, e.status === 501
        ? 'These charts read per-minute span metrics written by the stream processor to Elasticsearch (spanflow-span-metrics-*). Run the stream processor with span metrics enabled and point the query service at the same Elasticsearch.'
        : 'Check that Elasticsearch is reachable (admin health on port 16687) and retry.')));
    return;
  }
  const series = (fam) => ((fam && fam.metrics) || [])[0];
  const points = (s) => (s ? s.metricPoints.map((p) => [Date.parse(p.timestamp), num(p.gaugeValue.doubleValue)]) : []);
  const anyData = [calls].some((f) => points(series(f)).some(([, v]) => v > 0));
  if (!anyData) {
    body.replaceChildren(statePanel('empty', 'No ' + kind + ' spans from ' + service + ' in the last ' + win[0],
      h('p', {}, 'Pick another span kind or a longer window. Metrics are aggregated per minute, so new traffic shows up within a minute or two.')));
    return;
  }
  const ms = (v) => fmtDuration(v * 1000);
  body.replaceChildren(
    h('div', { class: 'charts' },
      chart('Request rate', 'req/s', [{ name: 'req/s', color: serviceColor(service), pts: points(series(calls)) }], (v) => fmt(v) + '/s'),
      chart('Error rate', '%', [{ name: 'errors', color: '#d63939', pts: points(series(errors)).map(([t, v]) => [t, v * 100]) }], (v) => fmt(v) + '%'),
      chart('Latency', 'ms', [
        { name: 'p99', color: '#862e9c', pts: points(series(p99)) },
        { name: 'p95', color: '#1c7ed6', pts: points(series(p95)) },
        { name: 'p50', color: '#2b8a3e', pts: points(series(p50)) },
      ], ms)),
    operationsTable(service, opCalls, opErrors, opP95));
}

function num(v) {
  const n = typeof v === 'string' ? parseFloat(v) : v;
  return isFinite(n) ? n : NaN;
}

function fmt(v) {
  return isNaN(v) ? '–' : v >= 100 ? Math.round(v).toLocaleString() : v.toFixed(v >= 10 ? 1 : 2);
}

function chart(title, unit, lines, format) {
  const W = 420, H = 170, L = 60, R = 10, T = 10, B = 24;
  const all = lines.flatMap((l) => l.pts).filter(([, v]) => !isNaN(v));
  const t0 = Math.min(...all.map(([t]) => t)), t1 = Math.max(...all.map(([t]) => t));
  const vmax = Math.max(...all.map(([, v]) => v), 0) * 1.15 || 1;
  const sx = (t) => L + ((t - t0) / (t1 - t0 || 1)) * (W - L - R);
  const sy = (v) => H - B - (v / vmax) * (H - T - B);
  const svg = h('svg:svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title });
  for (let i = 0; i <= 3; i++) {
    const v = (vmax * i) / 3;
    svg.append(h('svg:line', { x1: L, x2: W - R, y1: sy(v), y2: sy(v), class: 'grid' }), h('svg:text', { x: L - 6, y: sy(v) + 4, class: 'axis', 'text-anchor': 'end' }, format(v)));
  }
  if (all.length) {
    for (const [i, t] of [[0, t0], [1, t1]]) {
      svg.append(h('svg:text', { x: sx(t), y: H - 6, class: 'axis', 'text-anchor': i ? 'end' : 'start' }, new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
    }
  }
  for (const l of lines) {
    const pts = l.pts.filter(([, v]) => !isNaN(v));
    if (!pts.length) continue;
    svg.append(h('svg:polyline', { points: pts.map(([t, v]) => sx(t) + ',' + sy(v)).join(' '), class: 'line', stroke: l.color }));
    if (pts.length === 1) svg.append(h('svg:circle', { cx: sx(pts[0][0]), cy: sy(pts[0][1]), r: 3, fill: l.color }));
  }
  const last = (l) => {
    const pts = l.pts.filter(([, v]) => !isNaN(v));
    return pts.length ? format(pts[pts.length - 1][1]) : '–';
  };
  return h('div', { class: 'chart-card card' },
    h('div', { class: 'chart-head' }, h('h3', {}, title),
      h('span', { class: 'chart-legend' }, lines.map((l) => h('span', {}, h('span', { class: 'swatch', style: { background: l.color } }), l.name, ' ', h('b', {}, last(l)))))),
    svg);
}

function operationsTable(service, calls, errors, p95) {
  const byOp = new Map();
  const label = (m) => (m.labels.find((x) => x.name === 'operation') || {}).value || '(all)';
  const avg = (m) => {
    const v = m.metricPoints.map((p) => num(p.gaugeValue.doubleValue)).filter((x) => !isNaN(x));
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
  };
  for (const [key, fam] of [['calls', calls], ['errors', errors], ['p95', p95]]) {
    for (const m of (fam && fam.metrics) || []) {
      const op = label(m);
      if (!byOp.has(op)) byOp.set(op, { op });
      byOp.get(op)[key] = avg(m);
    }
  }
  const rows = [...byOp.values()].sort((a, b) => (b.calls || 0) - (a.calls || 0));
  return h('section', { class: 'card op-table' },
    h('h2', {}, 'Operations of ', service),
    h('table', { class: 'table', id: 'operations-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Operation'), h('th', { class: 'num' }, 'Avg. req/s'), h('th', { class: 'num' }, 'Error rate'), h('th', { class: 'num' }, 'P95 latency'), h('th', {}))),
      h('tbody', {}, rows.map((r) => h('tr', {},
        h('td', {}, r.op),
        h('td', { class: 'num' }, fmt(r.calls)),
        h('td', { class: 'num' + (r.errors > 0.05 ? ' bad' : '') }, isNaN(r.errors) || r.errors == null ? '–' : (r.errors * 100).toFixed(1) + '%'),
        h('td', { class: 'num' }, isNaN(r.p95) || r.p95 == null ? '–' : fmtDuration(r.p95 * 1000)),
        h('td', {}, h('a', { href: 'search?' + new URLSearchParams({ service, operation: r.op }) }, 'traces →')))))));
}
