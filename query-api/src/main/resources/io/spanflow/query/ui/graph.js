// Service graph: services laid out in layers (callers left of callees), edges with call counts
// and error rates (width = calls, red = errors, darker with a higher rate). A service shows the
// error rate of the calls it received. Clicking a service highlights its calls and lists them;
// the list links to a search.
import { api, h, serviceColor, statePanel, navigate } from './util.js';

const WINDOWS = [['1h', 3600e3], ['6h', 6 * 3600e3], ['1d', 24 * 3600e3], ['2d', 48 * 3600e3], ['7d', 7 * 24 * 3600e3]];

export async function renderGraph(main) {
  const q = new URLSearchParams(location.search);
  const win = WINDOWS.find(([k]) => k === q.get('lookback')) || WINDOWS[2];
  const body = h('div', { class: 'graph-body' });
  main.replaceChildren(h('div', { class: 'page' },
    h('div', { class: 'page-head' },
      h('h1', {}, 'Service graph'),
      h('span', { class: 'spacer' }),
      h('label', {}, 'Window ', h('select', { id: 'graph-window', onchange: (e) => navigate('dependencies?lookback=' + e.target.value, true) },
        WINDOWS.map(([k]) => h('option', { value: k, selected: k === win[0] }, 'Last ' + k))))),
    body));
  body.replaceChildren(statePanel('loading', 'Loading dependencies…'));
  let links;
  try {
    links = (await api('api/dependencies', { endTs: Date.now(), lookback: win[1] })) || [];
  } catch (e) {
    body.replaceChildren(statePanel('error', 'Cannot load the service graph', e.message,
      h('p', {}, 'Check that Elasticsearch is reachable (admin health on port 16687) and retry.')));
    return;
  }
  if (!links.length) {
    body.replaceChildren(statePanel('empty', 'No calls between services in the last ' + win[0],
      h('p', {}, 'The graph is built from client/server span pairs by the stream processor. Send traces that cross services, or pick a longer window.')));
    return;
  }
  drawGraph(body, links, q.get('service'));
}

function drawGraph(body, links, focus) {
  const names = [...new Set(links.flatMap((l) => [l.parent, l.child]))].sort();
  // Layer = longest call chain from a service nobody calls; cycles are cut by a visit limit.
  const layer = new Map(names.map((n) => [n, 0]));
  for (let pass = 0; pass < names.length; pass++) {
    let changed = false;
    for (const l of links) {
      if (l.parent !== l.child && layer.get(l.child) < layer.get(l.parent) + 1 && layer.get(l.parent) + 1 < names.length) {
        layer.set(l.child, layer.get(l.parent) + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columns = [];
  for (const n of names) (columns[layer.get(n)] ||= []).push(n);
  const colW = 230, rowH = 76, nodeW = 170, nodeH = 40, pad = 30;
  const maxRows = Math.max(...columns.map((c) => (c ? c.length : 0)));
  const W = pad * 2 + (columns.length - 1) * colW + nodeW;
  const H = pad * 2 + (maxRows - 1) * rowH + nodeH;
  const pos = new Map();
  columns.forEach((col, ci) => (col || []).forEach((n, ri) => {
    const offset = ((maxRows - col.length) * rowH) / 2;
    pos.set(n, { x: pad + ci * colW, y: pad + offset + ri * rowH });
  }));
  const maxCalls = Math.max(...links.map((l) => l.callCount));
  const svg = h('svg:svg', { class: 'graph', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'Service dependency graph' },
    h('svg:defs', {}, h('svg:marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '9', markerHeight: '9', markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' },
      h('svg:path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }))));
  const side = h('aside', { class: 'graph-side card' });
  const edgeEls = [];
  const nodeEls = new Map();
  for (const l of links) {
    const a = pos.get(l.parent), b = pos.get(l.child);
    let d;
    if (l.parent === l.child) {
      d = `M ${a.x + nodeW - 30} ${a.y} c 30 -40 60 -10 30 ${nodeH / 2}`;
    } else {
      const x1 = a.x + nodeW, y1 = a.y + nodeH / 2, x2 = b.x, y2 = b.y + nodeH / 2;
      const back = x2 <= x1;
      d = back
        ? `M ${a.x + nodeW / 2} ${a.y + nodeH} C ${a.x + nodeW / 2} ${a.y + nodeH + 60}, ${b.x + nodeW / 2} ${b.y + nodeH + 60}, ${b.x + nodeW / 2} ${b.y + nodeH}`
        : `M ${x1} ${y1} C ${x1 + colW / 2.5} ${y1}, ${x2 - colW / 2.5} ${y2}, ${x2} ${y2}`;
    }
    const width = 1.2 + 4 * Math.sqrt(l.callCount / maxCalls);
    const errors = l.errorCount || 0;
    const errRate = l.callCount ? errors / l.callCount : 0;
    const path = h('svg:path', {
      d, class: 'edge' + (errors ? ' has-errors' : ''), 'stroke-width': width, 'marker-end': 'url(#arrow)',
      'data-parent': l.parent, 'data-child': l.child, 'data-calls': l.callCount, 'data-errors': errors,
      style: errors ? { stroke: errorColor(errRate) } : {},
    }, h('svg:title', {}, `${l.parent} → ${l.child}: ${l.callCount.toLocaleString()} calls, ${errors.toLocaleString()} errors (${fmtRate(errRate)})`));
    const mid = l.parent === l.child ? { x: a.x + nodeW + 14, y: a.y - 14 } : midpoint(a, b, nodeW, nodeH);
    const label = h('svg:text', { x: mid.x, y: mid.y - 5, class: 'edge-label', 'text-anchor': 'middle' },
      h('svg:tspan', {}, l.callCount.toLocaleString()),
      errors ? h('svg:tspan', { class: 'edge-errors', style: { fill: errorColor(errRate) } }, ' · ' + fmtRate(errRate) + ' err') : null);
    svg.append(path);
    edgeEls.push({ l, path, label });
  }
  const received = new Map(names.map((n) => [n, { calls: 0, errors: 0 }]));
  for (const l of links) {
    const r = received.get(l.child);
    r.calls += l.callCount;
    r.errors += l.errorCount || 0;
  }
  for (const n of names) {
    const p = pos.get(n);
    const r = received.get(n);
    const rate = r.calls ? r.errors / r.calls : 0;
    const g = h('svg:g', { class: 'node', transform: `translate(${p.x},${p.y})`, 'data-service': n, tabindex: '0', onclick: () => select(n) },
      h('svg:rect', { width: nodeW, height: nodeH, rx: 8 }),
      h('svg:rect', { width: 6, height: nodeH, rx: 3, fill: serviceColor(n) }),
      h('svg:text', { x: 16, y: nodeH / 2 + 5, class: 'node-label' }, n.length > (r.errors ? 14 : 20) ? n.slice(0, r.errors ? 13 : 19) + '…' : n),
      r.errors ? h('svg:text', { x: nodeW - 8, y: nodeH / 2 + 4, class: 'node-errors', 'text-anchor': 'end' }, fmtRate(rate)) : null,
      h('svg:title', {}, r.calls ? `${n}: received ${r.calls.toLocaleString()} calls, ${fmtRate(rate)} errors` : n));
    g.classList.toggle('has-errors', r.errors > 0);
    nodeEls.set(n, g);
    svg.append(g);
  }

  // Labels last, so no node hides them.
  for (const { label } of edgeEls) svg.append(label);

  function select(n) {
    for (const [name, g] of nodeEls) g.classList.toggle('selected', name === n);
    for (const { l, path, label } of edgeEls) {
      const on = !n || l.parent === n || l.child === n;
      path.classList.toggle('faded', !on);
      label.classList.toggle('faded', !on);
    }
    if (!n) {
      side.replaceChildren(h('h2', {}, names.length + ' services'), h('p', { class: 'muted' }, links.length + ' call paths. Click a service to see whom it calls and who calls it.'),
        h('ul', { class: 'plain' }, names.map((s) => h('li', {}, h('a', { href: '#', onclick: (e) => { e.preventDefault(); select(s); } }, h('span', { class: 'svc-dot', style: { background: serviceColor(s) } }), s)))));
      return;
    }
    const out = links.filter((l) => l.parent === n);
    const inn = links.filter((l) => l.child === n);
    side.replaceChildren(
      h('h2', { class: 'graph-selected' }, h('span', { class: 'svc-dot', style: { background: serviceColor(n) } }), n),
      h('p', {}, h('a', { href: 'search?service=' + encodeURIComponent(n) }, 'Search traces of ' + n + ' →'), ' · ',
        h('a', { href: 'monitor?service=' + encodeURIComponent(n) }, 'Performance →')),
      h('h3', {}, 'Calls'), callTable(out.map((l) => [l.child, l.callCount, l.errorCount || 0])),
      h('h3', {}, 'Called by'), callTable(inn.map((l) => [l.parent, l.callCount, l.errorCount || 0])),
      h('button', { class: 'button ghost', type: 'button', onclick: () => select(null) }, 'Show all'));
  }
  body.replaceChildren(h('div', { class: 'graph-layout' }, h('div', { class: 'graph-canvas card' }, svg), side));
  select(focus && pos.has(focus) ? focus : null);
}

function callTable(rows) {
  if (!rows.length) return h('p', { class: 'muted' }, 'none');
  return h('table', { class: 'kv' }, h('tbody', {}, rows.sort((a, b) => b[1] - a[1]).map(([s, c, e]) =>
    h('tr', { class: e ? 'error' : '' }, h('th', {}, s), h('td', {}, c.toLocaleString() + ' calls' + (e ? ' · ' + fmtRate(e / c) + ' errors' : ''))))));
}

/** 0.0123 → "1.2%"; small non-zero rates stay visible as "<0.1%". */
function fmtRate(rate) {
  if (rate > 0 && rate < 0.001) return '<0.1%';
  return (rate * 100).toFixed(1) + '%';
}

/** Orange for a few errors, deep red from 25% up. */
function errorColor(rate) {
  const t = Math.min(1, rate / 0.25);
  return `hsl(${Math.round(30 - 30 * t)}, ${Math.round(85 + 10 * t)}%, ${Math.round(48 - 10 * t)}%)`;
}

function midpoint(a, b, w, hgt) {
  if (b.x <= a.x) return { x: (a.x + b.x) / 2 + w / 2, y: Math.max(a.y, b.y) + hgt + 45 };
  return { x: (a.x + w + b.x) / 2, y: (a.y + b.y) / 2 + hgt / 2 };
}
